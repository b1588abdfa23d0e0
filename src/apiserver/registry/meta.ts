import { randomBytes, randomUUID } from 'node:crypto';
import { apiVersionOf, type KubeObject, type ObjectMeta, type ResourceType } from '../resources/types.js';

/** Metadata bookkeeping that the server owns: identity, timestamps, generation, resourceVersion. */

/** Kubernetes timestamps are RFC 3339 with second precision. */
export const timestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export const metaOf = (obj: KubeObject): ObjectMeta => (obj.metadata ??= {});

/** kube-apiserver's generateName suffix: 5 characters from a consonant-heavy alphabet. */
export function generateNameSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Stamps what a create must set, dropping what a client may not choose. */
export function prepareCreate(obj: KubeObject, r: ResourceType, now: Date): void {
  const meta = metaOf(obj);
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${generateNameSuffix()}`;
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp(now);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta['managedFields'];
  if ('spec' in obj) meta.generation = 1;
  obj.apiVersion = apiVersionOf(r);
  obj.kind = r.kind;
}

/** Server-owned metadata survives any update; generation moves when the spec changes. */
export function prepareUpdate(next: KubeObject, current: KubeObject, r: ResourceType): void {
  const meta = metaOf(next);
  const old = metaOf(current);
  for (const key of [
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'namespace',
  ] as const) {
    if (old[key] === undefined) delete meta[key];
    else (meta as Record<string, unknown>)[key] = old[key];
  }
  delete meta['managedFields'];
  if (old.generation !== undefined) {
    meta.generation =
      JSON.stringify(next['spec']) === JSON.stringify(current['spec']) ? old.generation : old.generation + 1;
  }
  next.apiVersion = apiVersionOf(r);
  next.kind = r.kind;
}

/** The object as clients see it: resourceVersion is the store revision of its last write. */
export function withResourceVersion(value: unknown, revision: number): KubeObject {
  const obj = value as KubeObject;
  metaOf(obj).resourceVersion = String(revision);
  return obj;
}

/** What is stored: resourceVersion is derived on read, never persisted. */
export function forStorage(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  delete metaOf(copy).resourceVersion;
  return copy;
}

export function parseResourceVersion(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  return /^\d+$/.test(text) ? Number(text) : NaN;
}
