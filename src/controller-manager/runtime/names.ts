/**
 * Names and hashes as Kubernetes makes them: utilrand.String's alphabet (no vowels, no confusable
 * characters, so generated names never spell words) and controller.ComputeHash's FNV-1a 32-bit
 * hash, written with rand.SafeEncodeString. Our hash input is canonical JSON rather than Go's
 * object dump, so values differ from Kubernetes' for the same template.
 */

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export type Random = () => number;

export function randomSuffix(random: Random = Math.random, length = 5): string {
  return Array.from({ length }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
}

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function safeEncode(text: string): string {
  return [...text].map((c) => ALPHABET[c.charCodeAt(0) % ALPHABET.length]).join('');
}

/** JSON with object keys sorted, so equal values hash and compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

export const hashOf = (value: unknown): string => safeEncode(String(fnv32a(canonicalJson(value))));

export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
