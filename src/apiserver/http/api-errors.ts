import { ApiError, badRequest, expired, internal, timeout } from '../machinery/status.js';
import { isStorageError } from '../storage/errors.js';
import { isInvalidInput } from '../../lib/errors.js';

/**
 * Any failure as the ApiError a client should see. Storage codes map as kube-apiserver maps its
 * storage errors; anything unexpected is a 500 whose message names the cause.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isStorageError(err)) {
    switch (err.code) {
      case 'Expired':
        return expired(err.message);
      case 'FutureRevision':
        return timeout(`Too large resource version: ${err.message}`);
      case 'InvalidArgument':
        return badRequest(err.message);
      default:
        return internal(err);
    }
  }
  if (isInvalidInput(err)) return badRequest((err as Error).message);
  return internal(err);
}
