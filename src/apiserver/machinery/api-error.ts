import { FlatnetError } from '../../lib/errors.js';
import type { CauseType } from './field-error.js';

/**
 * The error the API server answers with a Kubernetes `Status` (metav1.Status), and that Status'
 * shape. status.ts builds them with Kubernetes' own messages.
 */

export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  /** StatusReasonUnknown: errors that are not a Status reach clients with no reason at all. */
  | '';

/** metav1.StatusCause. On the wire the cause type is the JSON field `reason`. */
export interface StatusCause {
  readonly reason?: CauseType | string;
  readonly message?: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  /** For resource errors, Kubernetes puts the resource (`pods`) here; for Invalid, the kind. */
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

export interface Status {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message?: string;
  readonly reason?: StatusReason;
  readonly details?: StatusDetails;
  readonly code: number;
}

export interface ApiErrorInit {
  readonly statusCode: number;
  readonly reason: StatusReason;
  readonly message: string;
  readonly details?: StatusDetails;
  readonly cause?: unknown;
}

/**
 * A failure the API server answers with a Status. `code` (FlatnetError's stable code) is the
 * reason, or 'Unknown'; the HTTP code is `statusCode` (Status.code on the wire).
 */
export class ApiError extends FlatnetError {
  readonly statusCode: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;

  constructor(init: ApiErrorInit) {
    super(init.reason === '' ? 'Unknown' : init.reason, init.message, { cause: init.cause });
    this.statusCode = init.statusCode;
    this.reason = init.reason;
    this.details = init.details;
  }

  toStatus(): Status {
    // Field order and omitempty as metav1.Status marshals: an empty message/reason/details vanishes.
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      ...(this.message === '' ? {} : { message: this.message }),
      ...(this.reason === '' ? {} : { reason: this.reason }),
      ...(this.details === undefined ? {} : { details: compactDetails(this.details) }),
      code: this.statusCode,
    };
  }
}

function compactDetails(details: StatusDetails): StatusDetails {
  const { name, group, kind, uid, causes, retryAfterSeconds } = details;
  return {
    ...(name ? { name } : {}),
    ...(group ? { group } : {}),
    ...(kind ? { kind } : {}),
    ...(uid ? { uid } : {}),
    ...(causes && causes.length > 0 ? { causes } : {}),
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  };
}
