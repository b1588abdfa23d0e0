import { StorageError } from './errors.js';

/**
 * Values cross the store boundary as JSON text, in both directions: the store keeps no reference
 * to a caller's object and hands every reader a fresh one, so neither side can mutate the other's.
 */
export function encodeValue(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StorageError('InvalidArgument', `value for ${key} is not JSON-serializable`, { cause: err });
  }
  if (text === undefined) {
    throw new StorageError('InvalidArgument', `value for ${key} is not JSON-serializable`);
  }
  return text;
}

export const decodeValue = (text: string): unknown => JSON.parse(text);

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StorageError('InvalidArgument', 'storage keys must be non-empty strings');
  }
}

export function checkRevision(name: string, revision: number | undefined): void {
  if (revision !== undefined && !(Number.isSafeInteger(revision) && revision >= 0)) {
    throw new StorageError('InvalidArgument', `${name} must be a non-negative integer, got ${revision}`);
  }
}
