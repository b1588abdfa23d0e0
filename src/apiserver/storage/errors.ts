import { FlatnetError } from '../../lib/errors.js';

/**
 * Stable codes for storage failures. The API layer maps them to Kubernetes statuses; the mapping
 * is the one kube-apiserver applies to its storage errors (k8s.io/apiserver/pkg/storage/errors.go).
 */
export type StorageErrorCode =
  | 'NotFound' // 404 NotFound
  | 'AlreadyExists' // 409 AlreadyExists
  | 'Conflict' // 409 Conflict: the expected revision is not the key's current one
  | 'Expired' // 410 Gone: the revision asked for is older than the retained history (compacted)
  | 'FutureRevision' // 504 "Too large resource version": the revision asked for does not exist yet
  | 'InvalidArgument' // 400 BadRequest: a malformed key, value, option or continue token
  | 'Unavailable' // 503/500: the backend cannot serve (etcd unreachable, a failed disk write)
  | 'Closed' // the store was closed
  | 'Locked' // the data directory is in use by another running store
  | 'Corrupt'; // the data on disk cannot be read back without losing acknowledged writes

export class StorageError extends FlatnetError {
  declare readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export const isStorageError = (err: unknown, code?: StorageErrorCode): err is StorageError =>
  err instanceof StorageError && (code === undefined || err.code === code);

export const notFound = (key: string): StorageError => new StorageError('NotFound', `key ${key} not found`);

export const alreadyExists = (key: string): StorageError =>
  new StorageError('AlreadyExists', `key ${key} already exists`);

export const conflict = (key: string, expected: number, actual: number): StorageError =>
  new StorageError(
    'Conflict',
    `key ${key} is at revision ${actual}, not the expected ${expected}: read it again and retry`,
  );

export const expired = (revision: number, oldest: number): StorageError =>
  new StorageError(
    'Expired',
    `revision ${revision} has been compacted (the oldest available is ${oldest}): list again`,
  );

export const futureRevision = (revision: number, current: number): StorageError =>
  new StorageError('FutureRevision', `revision ${revision} is newer than the current revision ${current}`);
