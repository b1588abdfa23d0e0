/**
 * Label selectors as apimachinery evaluates them (LabelSelectorAsSelector): matchLabels and
 * matchExpressions are ANDed; an empty selector matches everything; a missing one matches nothing.
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Record<string, string> | undefined;

/** Every `required` entry is present with the same value (Service selectors, nodeSelector). */
export function labelsMatch(required: Labels, labels: Labels): boolean {
  return Object.entries(required ?? {}).every(([k, v]) => labels?.[k] === v);
}

export function selectorMatches(selector: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!selector) return false;
  return (
    labelsMatch(selector.matchLabels, labels) &&
    (selector.matchExpressions ?? []).every((req) => requirementMatches(req, labels))
  );
}

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, req.key);
  const value = labels?.[req.key];
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(value!);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** The selector in the `labelSelector=` query syntax (`a=b,c in (x,y),!d`). */
export function selectorString(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const req of selector.matchExpressions ?? []) {
    const values = [...(req.values ?? [])].sort().join(',');
    if (req.operator === 'In') parts.push(`${req.key} in (${values})`);
    if (req.operator === 'NotIn') parts.push(`${req.key} notin (${values})`);
    if (req.operator === 'Exists') parts.push(req.key);
    if (req.operator === 'DoesNotExist') parts.push(`!${req.key}`);
  }
  return parts.join(',');
}
