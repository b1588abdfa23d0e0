import { errorMessage } from '../../lib/errors.js';
import { ApiError } from './api-error.js';
import type { Status, StatusReason } from './api-error.js';
import { aggregateMessage, fieldErrorBody } from './field-error.js';
import type { FieldError } from './field-error.js';
import { goQuote } from './go-format.js';

export { ApiError } from './api-error.js';
export type { ApiErrorInit, Status, StatusCause, StatusDetails, StatusReason } from './api-error.js';

/**
 * Kubernetes `Status` failures and the errors that carry them. Every builder copies the message,
 * reason, code and details of its counterpart in k8s.io/apimachinery/pkg/api/errors (v0.32), so
 * kubectl prints what it prints against kube-apiserver (`Error from server (NotFound): ...`).
 */

/** schema.GroupResource.String(): `pods`, `deployments.apps`. */
export const qualifiedResource = (resource: string, group: string): string =>
  group === '' ? resource : `${resource}.${group}`;

function resourceError(
  statusCode: number,
  reason: StatusReason,
  resource: string,
  group: string,
  name: string,
  message: string,
): ApiError {
  return new ApiError({ statusCode, reason, message, details: { name, group, kind: resource } });
}

export const notFound = (resource: string, group: string, name: string): ApiError =>
  resourceError(
    404,
    'NotFound',
    resource,
    group,
    name,
    `${qualifiedResource(resource, group)} ${goQuote(name)} not found`,
  );

export const alreadyExists = (resource: string, group: string, name: string): ApiError =>
  resourceError(
    409,
    'AlreadyExists',
    resource,
    group,
    name,
    `${qualifiedResource(resource, group)} ${goQuote(name)} already exists`,
  );

/** The storage layer's optimistic-concurrency failure (k8s.io/apiserver/pkg/registry/generic/registry). */
export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export const conflict = (resource: string, group: string, name: string, detail = OBJECT_MODIFIED): ApiError =>
  resourceError(
    409,
    'Conflict',
    resource,
    group,
    name,
    `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} ${goQuote(name)}: ${detail}`,
  );

/** NewInvalid: 422 with one cause per field error; the message aggregates them (`[a, b]` when several). */
export function invalid(kind: string, name: string, errors: readonly FieldError[], group = ''): ApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const subject = `${qualifiedKind} ${goQuote(name)} is invalid`;
  const message = errors.length === 0 ? subject : `${subject}: ${aggregateMessage(errors)}`;
  const causes = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  return new ApiError({
    statusCode: 422,
    reason: 'Invalid',
    message,
    details: { name, group, kind, causes },
  });
}

export const badRequest = (message: string): ApiError =>
  new ApiError({ statusCode: 400, reason: 'BadRequest', message });

/** NewUnauthorized: an empty reason reads "not authorized". */
export const unauthorized = (message = ''): ApiError =>
  new ApiError({ statusCode: 401, reason: 'Unauthorized', message: message || 'not authorized' });

export function forbidden(resource: string, group: string, name: string, why: string): ApiError {
  const qualified = qualifiedResource(resource, group);
  const message =
    resource === '' && group === ''
      ? `forbidden: ${why}`
      : name === ''
        ? `${qualified} is forbidden: ${why}`
        : `${qualified} ${goQuote(name)} is forbidden: ${why}`;
  return resourceError(403, 'Forbidden', resource, group, name, message);
}

/** NewMethodNotSupported, e.g. `watch is not supported on resources of kind "bindings"`. */
export const methodNotAllowed = (resource: string, group: string, action: string): ApiError =>
  new ApiError({
    statusCode: 405,
    reason: 'MethodNotAllowed',
    message: `${action} is not supported on resources of kind ${goQuote(qualifiedResource(resource, group))}`,
    details: { group, kind: resource },
  });

export const gone = (message: string): ApiError => new ApiError({ statusCode: 410, reason: 'Gone', message });

export const expired = (message: string): ApiError =>
  new ApiError({ statusCode: 410, reason: 'Expired', message });

/** What the watch cache answers for a watch from a compacted revision (storage/cacher/watch_cache.go). */
export const tooOldResourceVersion = (requested: number | string, oldest: number | string): ApiError =>
  expired(`too old resource version: ${requested} (${oldest})`);

export const tooLarge = (message: string): ApiError =>
  new ApiError({
    statusCode: 413,
    reason: 'RequestEntityTooLarge',
    message: `Request entity too large: ${message}`,
  });

/** The content negotiation error (endpoints/handlers/negotiation/errors.go). */
export const unsupportedMediaType = (accepted: readonly string[]): ApiError =>
  new ApiError({
    statusCode: 415,
    reason: 'UnsupportedMediaType',
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  });

export const notAcceptable = (accepted: readonly string[]): ApiError =>
  new ApiError({
    statusCode: 406,
    reason: 'NotAcceptable',
    message: `only the following media types are accepted: ${accepted.join(', ')}`,
  });

export const internal = (err: unknown): ApiError =>
  new ApiError({
    statusCode: 500,
    reason: 'InternalError',
    message: `Internal error occurred: ${errorMessage(err)}`,
    details: { causes: [{ message: errorMessage(err) }] },
    cause: err,
  });

/** NewTimeoutError: Kubernetes always attaches details, empty when there is no retry hint. */
export const timeout = (message: string, retryAfterSeconds = 0): ApiError =>
  new ApiError({
    statusCode: 504,
    reason: 'Timeout',
    message: `Timeout: ${message}`,
    details: { retryAfterSeconds },
  });

export const serviceUnavailable = (message: string): ApiError =>
  new ApiError({ statusCode: 503, reason: 'ServiceUnavailable', message });

/** What ErrorToAPIStatus makes of an error that is not a Status: 500, no reason, its own text. */
export const unknown = (message: string, cause?: unknown): ApiError =>
  new ApiError({ statusCode: 500, reason: '', message, cause });

/**
 * NewGenericServerResponse(422, ...) with no resource: the handler's own text (kept here as
 * `cause`) never reaches the client, which sees the generic sentence and an empty details object.
 * kube-apiserver answers failed JSON patches like this.
 */
export const rejected = (serverMessage: string): ApiError =>
  new ApiError({
    statusCode: 422,
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
    details: {},
    cause: new Error(serverMessage),
  });

/** The response body for any error: ApiErrors as they are, anything else as ErrorToAPIStatus does. */
export function toStatus(err: unknown): Status {
  return (err instanceof ApiError ? err : unknown(errorMessage(err), err)).toStatus();
}

export const isApiError = (err: unknown, reason?: StatusReason): err is ApiError =>
  err instanceof ApiError && (reason === undefined || err.reason === reason);
