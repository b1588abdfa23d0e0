import { goQuote } from '../go-format.js';
import { isQualifiedName, isValidLabelValue } from '../validation.js';

/** One term of a label selector, as labels.Requirement (operators are selection.Operator). */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

/** binaryOperators in the order Kubernetes lists them in "expected: ..." errors. */
export const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/**
 * The message of labels.NewRequirement's aggregate error, or undefined when valid. The field
 * paths (`key`, `values[0][app]`) and the Go-syntax bad values are the ones Kubernetes prints.
 */
export function requirementError(
  key: string,
  operator: Operator,
  values: readonly string[],
): string | undefined {
  const errors: string[] = [];
  const keyProblem = labelKeyProblem(key);
  if (keyProblem !== undefined) errors.push(`key: Invalid value: ${goQuote(key)}: ${keyProblem}`);
  const countProblem = valueCountProblem(operator, values);
  if (countProblem !== undefined)
    errors.push(`values: Invalid value: ${goStringSlice(values)}: ${countProblem}`);
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) {
        errors.push(
          `values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
    });
  }
  values.forEach((v, i) => {
    const problems = isValidLabelValue(v);
    if (problems.length > 0)
      errors.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${problems.join('; ')}`);
  });
  const unique = [...new Set(errors)];
  return unique.length === 0 ? undefined : unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** validateLabelKey: all of IsQualifiedName's complaints, joined by "; ". */
export function labelKeyProblem(key: string): string | undefined {
  const problems = isQualifiedName(key);
  return problems.length === 0 ? undefined : problems.join('; ');
}

function valueCountProblem(operator: Operator, values: readonly string[]): string | undefined {
  switch (operator) {
    case 'in':
    case 'notin':
      return values.length === 0 ? "for 'in', 'notin' operators, values set can't be empty" : undefined;
    case '=':
    case '==':
    case '!=':
      return values.length === 1 ? undefined : 'exact-match compatibility requires one single value';
    case 'exists':
    case '!':
      return values.length === 0 ? undefined : 'values set must be empty for exists and does not exist';
    case 'gt':
    case 'lt':
      return values.length === 1 ? undefined : "for 'Gt', 'Lt' operators, exactly one value is required";
  }
}

/** %#v of a []string built by append([]string(nil), ...): nil when empty. */
function goStringSlice(values: readonly string[]): string {
  return values.length === 0 ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;
}

/** Requirement.Matches: a missing key satisfies `!=` and `notin`, never `=`/`in`/`gt`/`lt`. */
export function requirementMatches(requirement: Requirement, labels: Labels | undefined): boolean {
  const { key, operator, values } = requirement;
  const has = labels !== undefined && Object.hasOwn(labels, key);
  const value = has ? labels[key] : undefined;
  switch (operator) {
    case 'in':
    case '=':
    case '==':
      return has && values.includes(value ?? '');
    case 'notin':
    case '!=':
      return !has || !values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return has && compareIntegers(operator, value ?? '', values);
  }
}

function compareIntegers(operator: 'gt' | 'lt', labelValue: string, values: readonly string[]): boolean {
  const [wanted] = values;
  if (
    values.length !== 1 ||
    wanted === undefined ||
    !/^[+-]?\d+$/.test(labelValue) ||
    !/^[+-]?\d+$/.test(wanted)
  ) {
    return false;
  }
  const have = BigInt(labelValue);
  return operator === 'gt' ? have > BigInt(wanted) : have < BigInt(wanted);
}

const SYMBOLS: Readonly<Record<Operator, string>> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** Requirement.String: `!a`, `a`, `a=b`, `a in (x,y)` (several values sorted). */
export function requirementString({ key, operator, values }: Requirement): string {
  if (operator === 'exists') return key;
  if (operator === '!') return `!${key}`;
  const joined = values.length === 1 ? (values[0] ?? '') : [...values].sort().join(',');
  const shown = operator === 'in' || operator === 'notin' ? `(${joined})` : joined;
  return `${key}${SYMBOLS[operator]}${shown}`;
}
