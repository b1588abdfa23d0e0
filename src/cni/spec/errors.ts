import { FlatnetError } from '../../lib/errors.js';

/**
 * The spec's well-known error codes (SPEC.md, Section 5 "Error"): 0-99 are reserved, 100+ are free
 * for plugins. 999 is libcni's `ErrInternal`, which the reference plugins return for any failure
 * that has no well-known code; we do the same so runtimes see the codes they already know.
 */
export const CNI_CODE = {
  INCOMPATIBLE_VERSION: 1,
  UNSUPPORTED_FIELD: 2,
  UNKNOWN_CONTAINER: 3,
  INVALID_ENV: 4,
  IO_FAILURE: 5,
  DECODE_FAILURE: 6,
  INVALID_CONFIG: 7,
  TRY_AGAIN_LATER: 11,
  NOT_AVAILABLE: 50,
  LIMITED_CONNECTIVITY: 51,
  INTERNAL: 999,
} as const;

/** The error object a plugin prints on stdout (with a non-zero exit). */
export interface CniErrorJson {
  readonly cniVersion: string;
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

/** A failure with a CNI error code; `msg` is short, `details` the longer story. */
export class CniError extends FlatnetError {
  readonly cniCode: number;
  readonly details: string;

  constructor(cniCode: number, msg: string, details = '', options?: { cause?: unknown }) {
    super('ECNI', msg, options);
    this.cniCode = cniCode;
    this.details = details;
  }
}

export const isCniError = (err: unknown): err is CniError => err instanceof CniError;

/** Any failure as a CniError: CNI errors keep their code, anything else becomes 999 with its message. */
export function asCniError(err: unknown): CniError {
  if (isCniError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CniError(CNI_CODE.INTERNAL, message, '', { cause: err });
}

export function errorJson(err: CniError, cniVersion: string): CniErrorJson {
  return {
    cniVersion,
    code: err.cniCode,
    msg: err.message,
    ...(err.details !== '' && { details: err.details }),
  };
}

/** Shorthands for the codes configuration parsing raises. */
export const invalidConfig = (msg: string, details = ''): CniError =>
  new CniError(CNI_CODE.INVALID_CONFIG, msg, details);

/** Code 2: "The error message must contain the key and value of the unsupported field." */
export const unsupportedField = (key: string, value: unknown, why: string): CniError =>
  new CniError(CNI_CODE.UNSUPPORTED_FIELD, `unsupported field ${key}=${JSON.stringify(value)}: ${why}`);
