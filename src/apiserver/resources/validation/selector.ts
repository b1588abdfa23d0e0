import type { Json } from '../json.js';
import { rec, recs, str, strs } from '../json.js';
import { isQualifiedName, isValidLabelValue } from '../../machinery/validation.js';
import { fromLabelSelector, matches } from '../../machinery/selectors/label-selector.js';
import type { LabelSelector, LabelSelectorObject } from '../../machinery/selectors/label-selector.js';
import { childPath, index } from './causes.js';
import type { Causes } from './causes.js';
import { validateLabels } from './meta.js';

/**
 * metav1 LabelSelector validation (ValidateLabelSelector in
 * k8s.io/apimachinery/pkg/apis/meta/v1/validation) and its conversion to a selector.
 */

/** ValidateLabelSelectorRequirement: In/NotIn need values, Exists/DoesNotExist take none. */
function validateRequirement(c: Causes, req: Json, path: string): void {
  const operator = str(req['operator']);
  const values = strs(req['values']);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0)
      c.required(childPath(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0)
      c.forbidden(
        childPath(path, 'values'),
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      );
  } else {
    c.invalid(childPath(path, 'operator'), operator, 'not a valid selector operator');
  }
  const key = str(req['key']);
  c.invalidEach(childPath(path, 'key'), key, isQualifiedName(key));
  values.forEach((v, i) => c.invalidEach(index(childPath(path, 'values'), i), v, isValidLabelValue(v)));
}

/** ValidateLabelSelector; a missing selector is valid here (callers decide if it is required). */
export function validateLabelSelector(c: Causes, selector: unknown, path: string): void {
  const s = rec(selector);
  if (!s) return;
  validateLabels(c, childPath(path, 'matchLabels'), s['matchLabels']);
  recs(s['matchExpressions']).forEach((req, i) =>
    validateRequirement(c, req, index(childPath(path, 'matchExpressions'), i)),
  );
}

/** LabelSelectorAsSelector: undefined when the selector cannot be converted. */
export function toSelector(selector: unknown): LabelSelector | undefined {
  try {
    return fromLabelSelector((rec(selector) ?? null) as LabelSelectorObject | null);
  } catch {
    return undefined;
  }
}

/** labels.Selector.Empty(): selects everything (a nil selector selects nothing and is not empty). */
export const isEmptySelector = (s: LabelSelector): boolean =>
  !s.matchesNothing && s.requirements.length === 0;

export const selectorMatches = (s: LabelSelector, labels: Record<string, string>): boolean =>
  matches(s, labels);

/** Whether a metav1.LabelSelector has neither matchLabels nor matchExpressions. */
export const hasNoTerms = (selector: unknown): boolean =>
  Object.keys(rec(rec(selector)?.['matchLabels']) ?? {}).length +
    recs(rec(selector)?.['matchExpressions']).length ===
  0;
