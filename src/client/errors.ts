import { FlatnetError } from '../lib/errors.js';

/**
 * A request the API server answered with an error `Status`. `reason` is Kubernetes' StatusReason
 * (NotFound, AlreadyExists, Conflict, Invalid, Expired, ...); predicates below mirror client-go's
 * apierrors.IsNotFound & co, so callers never compare numbers.
 */
export class ApiStatusError extends FlatnetError {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, reason: string, message: string, options?: { cause?: unknown }) {
    super('EAPISTATUS', message, options);
    this.status = status;
    this.reason = reason;
  }
}

/** The API server could not be reached or the connection broke (restarts, network). Retry. */
export class ApiTransportError extends FlatnetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EAPITRANSPORT', message, options);
  }
}

/** Builds the error from a response body (a `Status` when the server is Kubernetes-compatible). */
export function statusError(status: number, body: string, what: string): ApiStatusError {
  let reason = '';
  let message = body.trim();
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; message?: unknown };
    if (typeof parsed.reason === 'string') reason = parsed.reason;
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not JSON: keep the raw text
  }
  return new ApiStatusError(status, reason || reasonFor(status), `${what}: ${status} ${message}`);
}

function reasonFor(status: number): string {
  const reasons: Record<number, string> = {
    404: 'NotFound',
    409: 'Conflict',
    410: 'Expired',
    422: 'Invalid',
    403: 'Forbidden',
    401: 'Unauthorized',
    405: 'MethodNotAllowed',
  };
  return reasons[status] ?? 'Unknown';
}

const withStatus = (err: unknown, status: number): boolean =>
  err instanceof ApiStatusError && err.status === status;

export const isNotFound = (err: unknown): boolean => withStatus(err, 404);
export const isAlreadyExists = (err: unknown): boolean =>
  err instanceof ApiStatusError && err.reason === 'AlreadyExists';
export const isConflict = (err: unknown): boolean =>
  err instanceof ApiStatusError && err.reason === 'Conflict';
/** 410: the requested resourceVersion is older than the server's history (relist). */
export const isGone = (err: unknown): boolean => withStatus(err, 410);
export const isForbidden = (err: unknown): boolean => withStatus(err, 403);
/** kube-apiserver refuses new objects in a Terminating namespace (NamespaceTerminatingCause). */
export const isNamespaceTerminating = (err: unknown): boolean =>
  withStatus(err, 403) && (err as ApiStatusError).message.includes('because it is being terminated');
export const isTransport = (err: unknown): err is ApiTransportError => err instanceof ApiTransportError;
