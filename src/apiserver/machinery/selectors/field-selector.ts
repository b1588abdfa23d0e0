import { goQuote } from '../go-format.js';
import { badRequest } from '../status.js';

/**
 * Field selectors as k8s.io/apimachinery/pkg/fields parses them (`metadata.name=x,spec.nodeName!=y`,
 * with `\,` `\=` `\\` escapes in values), checked against the field labels a resource supports
 * (its AddFieldLabelConversionFunc in Kubernetes). Errors are 400 BadRequest with Kubernetes' text.
 */
export interface FieldTerm {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldSelector {
  /** All must hold; none selects everything. */
  readonly terms: readonly FieldTerm[];
}

/** The field labels one resource supports. */
export interface FieldLabels {
  readonly supported: readonly string[];
  /** Old names rewritten to current ones (Pods accept `spec.host` for `spec.nodeName`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /**
   * Resources without their own conversion use runtime.DefaultMetaV1FieldSelectorConversion,
   * which words the error differently from the per-resource `field label not supported: X`.
   */
  readonly isDefault?: boolean;
}

/** What every resource without its own list supports. */
export const DEFAULT_FIELD_LABELS: FieldLabels = {
  supported: ['metadata.name', 'metadata.namespace'],
  isDefault: true,
};

/** The lists kube-apiserver 1.32 registers (pkg/apis/core/v1/conversion.go). */
export const POD_FIELD_LABELS: FieldLabels = {
  supported: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  aliases: { 'spec.host': 'spec.nodeName' },
};
export const NODE_FIELD_LABELS: FieldLabels = { supported: ['metadata.name', 'spec.unschedulable'] };
export const NAMESPACE_FIELD_LABELS: FieldLabels = { supported: ['status.phase', 'metadata.name'] };
export const SECRET_FIELD_LABELS: FieldLabels = {
  supported: ['type', 'metadata.namespace', 'metadata.name'],
};
export const SERVICE_FIELD_LABELS: FieldLabels = {
  supported: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};
export const EVENT_FIELD_LABELS: FieldLabels = {
  supported: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ],
};

/** Operators are tried in this order at each position, so `a!=b` is `!=` and `a==b` is `==`. */
const OPERATORS = ['!=', '==', '='] as const;

export function parseFieldSelector(text: string, labels: FieldLabels = DEFAULT_FIELD_LABELS): FieldSelector {
  // Kubernetes sorts the raw terms before parsing, so the first bad term reported is the first in sort order.
  const parts = splitTerms(text).sort();
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const { field, operator, rawValue } = split;
    terms.push({ field, operator: operator === '!=' ? '!=' : '=', value: unescapeValue(rawValue) });
  }
  return { terms: terms.map((t) => ({ ...t, field: convertFieldLabel(t.field, labels) })) };
}

function convertFieldLabel(field: string, labels: FieldLabels): string {
  const renamed =
    labels.aliases !== undefined && Object.hasOwn(labels.aliases, field) ? labels.aliases[field] : undefined;
  if (renamed !== undefined) return renamed;
  if (labels.supported.includes(field)) return field;
  if (labels.isDefault) {
    const known = labels.supported.map(goQuote).join(', ');
    throw badRequest(`${goQuote(field)} is not a known field selector: only ${known}`);
  }
  throw badRequest(`field label not supported: ${field}`);
}

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function splitTerm(term: string): { field: string; operator: string; rawValue: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const operator = OPERATORS.find((op) => term.startsWith(op, i));
    if (operator !== undefined)
      return { field: term.slice(0, i), operator, rawValue: term.slice(i + operator.length) };
  }
  return undefined;
}

/** fields.UnescapeValue, whose unescaped-rune error prints the rune as a number (%v of a rune). */
function unescapeValue(raw: string): string {
  if (!/[\\,=]/.test(raw)) return raw;
  let out = '';
  let escaped = false;
  for (const ch of raw) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      out += ch;
      escaped = false;
    } else if (ch === '\\') escaped = true;
    else if (ch === ',' || ch === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else out += ch;
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Whether an object satisfies every term, reading each field by its dotted path. A missing field
 * reads as "" (fields.Set.Get); booleans and numbers read as their text (`spec.hostNetwork=true`).
 */
export function matches(selector: FieldSelector, object: unknown): boolean {
  return selector.terms.every((term) => {
    const value = fieldValue(object, term.field);
    return term.operator === '=' ? value === term.value : value !== term.value;
  });
}

export function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return '';
}

/** Selector.String() with values escaped again, in the (sorted) parse order. */
export function fieldSelectorString(selector: FieldSelector): string {
  const escape = (v: string): string => v.replace(/[\\,=]/g, (ch) => `\\${ch}`);
  return selector.terms.map((t) => `${t.field}${t.operator}${escape(t.value)}`).join(',');
}
