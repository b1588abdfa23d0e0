import { FieldErrors } from '../../machinery/field-errors.js';

export { GoText } from '../../machinery/go-format.js';

/**
 * The field error accumulator of our validators: machinery's FieldErrors (the constructors of
 * k8s.io/apimachinery/pkg/util/validation/field) plus the two helpers every API group uses.
 *
 * Bad values print as field.Error.ErrorBody prints them: numbers and booleans with %v, strings
 * with %q, nil as "null". Where Kubernetes prints a Go struct, map or slice (%#v, or a String()
 * method), the validator renders that text itself and passes it as a GoText (see go-text.ts).
 */
export class Causes extends FieldErrors {
  /** apimachineryvalidation.ValidateImmutableField: Invalid "field is immutable". */
  immutable(field: string, value: unknown): this {
    return this.invalid(field, value, 'field is immutable');
  }

  /** ValidateNonnegativeField (the value prints as an int64). */
  nonNegative(field: string, value: number | undefined): this {
    if (value !== undefined && value < 0) this.invalid(field, value, 'must be greater than or equal to 0');
    return this;
  }
}

/** `spec.ports` + 0 → `spec.ports[0]`; `data` + `key.txt` → `data[key.txt]`. */
export const index = (path: string, i: number | string): string => `${path}[${i}]`;

/** `spec` + `template`, `spec` → `spec.template.spec`; an empty path stays out. */
export const childPath = (path: string, ...names: string[]): string =>
  [path, ...names].filter((p) => p !== '').join('.');
