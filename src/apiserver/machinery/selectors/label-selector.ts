import { goQuote } from '../go-format.js';
import { badRequest } from '../status.js';
import { tokenize } from './label-lexer.js';
import type { Token, TokenKind } from './label-lexer.js';
import {
  BINARY_OPERATORS,
  labelKeyProblem,
  requirementError,
  requirementMatches,
  requirementString,
} from './label-requirement.js';
import type { Labels, Operator, Requirement } from './label-requirement.js';

export type { Labels, Operator, Requirement } from './label-requirement.js';

/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses and evaluates them: `a=b`, `a==b`,
 * `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated. Parse errors are
 * 400 BadRequest with Kubernetes' text (the apiserver passes labels.Parse's error through).
 */
export interface LabelSelector {
  /** Sorted by key; all must match. None: everything matches. */
  readonly requirements: readonly Requirement[];
  /** labels.Nothing(): what a nil metav1.LabelSelector converts to. */
  readonly matchesNothing: boolean;
}

export const EVERYTHING: LabelSelector = { requirements: [], matchesNothing: false };
export const NOTHING: LabelSelector = { requirements: [], matchesNothing: true };

export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(tokenize(text)).parse();
  return { requirements: sortByKey(requirements), matchesNothing: false };
}

export function matches(selector: LabelSelector, labels: Labels | undefined): boolean {
  return !selector.matchesNothing && selector.requirements.every((r) => requirementMatches(r, labels));
}

/** Selector.String(): requirements joined by ",", `""` for both everything and nothing. */
export function selectorString(selector: LabelSelector): string {
  return selector.requirements.map(requirementString).join(',');
}

/** metav1.LabelSelector as Deployments, ReplicaSets and NetworkPolicies carry it. */
export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[] | null;
  }> | null;
}

const EXPRESSION_OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** LabelSelectorAsSelector: null selects nothing, `{}` selects everything. */
export function fromLabelSelector(object: LabelSelectorObject | null | undefined): LabelSelector {
  if (object === null || object === undefined) return NOTHING;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(object.matchLabels ?? {})) {
    requirements.push(checkedRequirement(key, '=', [value]));
  }
  for (const expression of object.matchExpressions ?? []) {
    const operator = Object.hasOwn(EXPRESSION_OPERATORS, expression.operator)
      ? EXPRESSION_OPERATORS[expression.operator]
      : undefined;
    if (operator === undefined)
      throw badRequest(`${goQuote(expression.operator)} is not a valid label selector operator`);
    requirements.push(checkedRequirement(expression.key, operator, [...(expression.values ?? [])]));
  }
  return { requirements: sortByKey(requirements), matchesNothing: false };
}

/** metav1.FormatLabelSelector, as kubectl shows selectors in tables: `<none>` when empty. */
export function formatLabelSelector(object: LabelSelectorObject | null | undefined): string {
  try {
    return selectorString(fromLabelSelector(object)) || '<none>';
  } catch {
    return '<error>';
  }
}

function checkedRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const problem = requirementError(key, operator, values);
  if (problem !== undefined) throw badRequest(problem);
  return { key, operator, values };
}

const sortByKey = (requirements: Requirement[]): Requirement[] =>
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const OPERATOR_TOKENS: Partial<Record<TokenKind, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Equals: '=',
  DoubleEquals: '==',
  NotEquals: '!=',
  GreaterThan: 'gt',
  LessThan: 'lt',
};

type Context = 'KeyAndOperator' | 'Values';

/** The recursive-descent parser of labels.Parser, error texts included. */
class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const next = this.lookahead('Values');
      if (next.kind === 'EndOfString') return requirements;
      if (next.kind !== 'Identifier' && next.kind !== 'DoesNotExist') {
        throw badRequest(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.parseRequirement());
      const after = this.consume('Values');
      if (after.kind === 'EndOfString') return requirements;
      if (after.kind !== 'Comma')
        throw badRequest(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.lookahead('Values');
      if (following.kind !== 'Identifier' && following.kind !== 'DoesNotExist') {
        throw badRequest(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    try {
      const { key, operator } = this.parseKeyAndInferOperator();
      if (operator === 'exists' || operator === '!') return checkedRequirement(key, operator, []);
      const op = this.parseOperator();
      const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
      // sets.String.List(): the parser hands NewRequirement sorted, de-duplicated values.
      return checkedRequirement(key, op, [...new Set(values)].sort());
    } catch (err) {
      throw badRequest(`unable to parse requirement: ${(err as Error).message}`);
    }
  }

  private parseKeyAndInferOperator(): { key: string; operator: Operator | undefined } {
    let token = this.consume('Values');
    let operator: Operator | undefined;
    if (token.kind === 'DoesNotExist') {
      operator = '!';
      token = this.consume('Values');
    }
    if (token.kind !== 'Identifier') throw new Error(`found '${token.literal}', expected: identifier`);
    const problem = labelKeyProblem(token.literal);
    // The parser validates with a nil field path, which Go prints as "<nil>".
    if (problem !== undefined) throw new Error(`<nil>: Invalid value: ${goQuote(token.literal)}: ${problem}`);
    const next = this.lookahead('Values').kind;
    if ((next === 'EndOfString' || next === 'Comma') && operator === undefined) operator = 'exists';
    return { key: token.literal, operator };
  }

  private parseOperator(): Operator {
    const token = this.consume('KeyAndOperator');
    const operator = OPERATOR_TOKENS[token.kind];
    if (operator === undefined)
      throw new Error(`found '${token.literal}', expected: ${BINARY_OPERATORS.join(', ')}`);
    return operator;
  }

  private parseValues(): string[] {
    const open = this.consume('Values');
    if (open.kind !== 'OpenPar') throw new Error(`found '${open.literal}' expected: '('`);
    const first = this.lookahead('Values');
    if (first.kind === 'ClosedPar') {
      this.consume('Values');
      return [''];
    }
    if (first.kind !== 'Identifier' && first.kind !== 'Comma') {
      throw new Error(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    // Kubernetes reports the literal it looked at before the list, not the offending one.
    if (this.consume('Values').kind !== 'ClosedPar')
      throw new Error(`found '${first.literal}', expected: ')'`);
    return values;
  }

  /** Empty entries count as "" values: `(,a)`, `(a,)` and `(a,,b)` all contain "". */
  private parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const token = this.consume('Values');
      if (token.kind === 'Identifier') {
        values.push(token.literal);
        const next = this.lookahead('Values');
        if (next.kind === 'ClosedPar') return values;
        if (next.kind !== 'Comma') throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      } else if (token.kind === 'Comma') {
        if (values.length === 0) values.push('');
        const next = this.lookahead('Values').kind;
        if (next === 'ClosedPar') return [...values, ''];
        if (next === 'Comma') {
          this.consume('Values');
          values.push('');
        }
      } else {
        throw new Error(`found '${token.literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead('Values');
    if (next.kind === 'EndOfString' || next.kind === 'Comma') return [''];
    const token = this.consume('Values');
    if (token.kind !== 'Identifier') throw new Error(`found '${token.literal}', expected: identifier`);
    return [token.literal];
  }

  /** In value position `in` and `notin` are plain words (a label may be called `in`). */
  private lookahead(context: Context): Token {
    return this.contextual(this.tokens[this.position], context);
  }

  private consume(context: Context): Token {
    const token = this.contextual(this.tokens[this.position], context);
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  private contextual(token: Token | undefined, context: Context): Token {
    const t = token ?? { kind: 'EndOfString', literal: '' };
    return context === 'Values' && (t.kind === 'In' || t.kind === 'NotIn')
      ? { kind: 'Identifier', literal: t.literal }
      : t;
  }
}
