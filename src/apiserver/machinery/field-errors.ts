import type { FieldError } from './field-error.js';
import { goQuote } from './go-format.js';
import { invalid } from './status.js';
import type { ApiError } from './status.js';

/**
 * Collects field errors while a validator walks an object, with the constructors of
 * k8s.io/apimachinery/pkg/util/validation/field (Required, Invalid, NotSupported, Duplicate, ...),
 * then turns them into the 422 Invalid error kube-apiserver returns.
 */
export class FieldErrors {
  readonly list: FieldError[] = [];

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  required(field: string, detail = ''): this {
    return this.push({ type: 'FieldValueRequired', field, badValue: '', detail });
  }

  invalid(field: string, value: unknown, detail: string): this {
    return this.push({ type: 'FieldValueInvalid', field, badValue: value, detail });
  }

  /** One Invalid per message, as Kubernetes reports the output of IsDNS1123Label and friends. */
  invalidEach(field: string, value: unknown, messages: readonly string[]): this {
    for (const message of messages) this.invalid(field, value, message);
    return this;
  }

  /** field.NotSupported: the detail lists the allowed values with %q, in the order given. */
  notSupported(field: string, value: unknown, supported: readonly string[]): this {
    const detail = supported.length === 0 ? '' : `supported values: ${supported.map(goQuote).join(', ')}`;
    return this.push({ type: 'FieldValueNotSupported', field, badValue: value, detail });
  }

  duplicate(field: string, value: unknown): this {
    return this.push({ type: 'FieldValueDuplicate', field, badValue: value, detail: '' });
  }

  notFound(field: string, value: unknown): this {
    return this.push({ type: 'FieldValueNotFound', field, badValue: value, detail: '' });
  }

  forbidden(field: string, detail: string): this {
    return this.push({ type: 'FieldValueForbidden', field, badValue: '', detail });
  }

  /** field.TooLong as of Kubernetes 1.32 (the value itself is never shown). */
  tooLong(field: string, maxBytes: number): this {
    const detail = maxBytes >= 0 ? `may not be more than ${maxBytes} bytes` : 'value is too long';
    return this.push({ type: 'FieldValueTooLong', field, badValue: '<value omitted>', detail });
  }

  push(...errors: FieldError[]): this {
    this.list.push(...errors);
    return this;
  }

  toApiError(kind: string, name: string, group = ''): ApiError {
    return invalid(kind, name, this.list, group);
  }

  throwIfAny(kind: string, name: string, group = ''): void {
    if (!this.isEmpty) throw this.toApiError(kind, name, group);
  }
}
