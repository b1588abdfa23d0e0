import { GoText, goFloat, goQuote } from './go-format.js';

/**
 * One validation failure on one field, as k8s.io/apimachinery/pkg/util/validation/field.Error.
 * Its `type` becomes the StatusCause `reason`, its body the cause `message`.
 */
export type CauseType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

export interface FieldError {
  readonly type: CauseType;
  /** Kubernetes field path: `spec.containers[0].name`, `metadata.labels[app]`. */
  readonly field: string;
  readonly badValue?: unknown;
  readonly detail: string;
}

const TYPE_TEXT: Readonly<Record<CauseType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
};

/** Types whose message never shows the bad value (field.Error.ErrorBody, Kubernetes 1.32). */
const VALUELESS: ReadonlySet<CauseType> = new Set([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** field.Error.ErrorBody: `Invalid value: "x": detail`, `Required value`, `Unsupported value: "y": supported values: ...`. */
export function fieldErrorBody(error: FieldError): string {
  let body = TYPE_TEXT[error.type];
  if (!VALUELESS.has(error.type)) body += `: ${formatBadValue(error.badValue)}`;
  return error.detail.length > 0 ? `${body}: ${error.detail}` : body;
}

/** field.Error.Error: `spec.containers[0].name: Required value`. */
export function fieldErrorString(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/**
 * Kubernetes 1.32 prints numbers and booleans with %v, strings with %q, and a nil value as the
 * quoted string "null". Go structs, slices and maps print with %#v: pass a GoText for that exact
 * text; other objects print as JSON.
 */
function formatBadValue(value: unknown): string {
  if (value instanceof GoText) return value.text;
  if (value === null || value === undefined) return goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * utilerrors.NewAggregate(...).Error() over field errors: one message alone, several deduplicated
 * and wrapped as `[a, b]`.
 */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const unique = [...new Set(errors.map(fieldErrorString))];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}
