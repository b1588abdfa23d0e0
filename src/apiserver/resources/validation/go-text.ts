import { goQuote } from '../../machinery/go-format.js';
import { byBytes, isRecord, list, rec, recs, str, strMap, strs } from '../json.js';
import { GoText } from './causes.js';

/**
 * The Go renderings of the few struct values that appear in Kubernetes validation messages
 * (fmt's %#v, or the String() method that field.Error.ErrorBody prefers when a type has one).
 */

const quotedPairs = (m: Record<string, string>, sep: string, fmt: (k: string, v: string) => string): string =>
  Object.keys(m)
    .sort(byBytes)
    .map((k) => fmt(k, m[k] ?? ''))
    .join(sep);

/** %#v of map[string]string: `map[string]string{"app":"web", "tier":"db"}`, `map[string]string(nil)`. */
export function goStringMap(v: unknown): GoText {
  if (!isRecord(v)) return new GoText('map[string]string(nil)');
  const body = quotedPairs(strMap(v), ', ', (k, x) => `${goQuote(k)}:${goQuote(x)}`);
  return new GoText(`map[string]string{${body}}`);
}

/** %#v of []string: `[]string{"10.0.0.1", "10.0.0.2"}`, `[]string(nil)`. */
export function goStringSlice(v: unknown): GoText {
  if (!Array.isArray(v)) return new GoText('[]string(nil)');
  return new GoText(`[]string{${strs(v).map(goQuote).join(', ')}}`);
}

/** %#v of a nil slice of some element type: `[]networking.IngressRule(nil)`. */
export const goNilSlice = (elementType: string): GoText => new GoText(`[]${elementType}(nil)`);

/** intstr.IntOrString.String(): the number, or the string unquoted. */
export const intOrStringText = (v: unknown): GoText => new GoText(typeof v === 'number' ? String(v) : str(v));

/** %#v of intstr.IntOrString inside a struct (String() is not used for nested fields). */
function intOrStringGo(v: unknown): string {
  return typeof v === 'string'
    ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`
    : `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}`;
}

/**
 * The key Kubernetes reports duplicate Service ports with: a core.ServicePort holding only the
 * protocol and port, printed with %#v.
 */
export function servicePortKey(protocol: string, port: number): GoText {
  return new GoText(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${intOrStringGo(0)}, NodePort:0}`,
  );
}

/**
 * (*metav1.LabelSelector).String() as gogo-protobuf generates it:
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function labelSelectorText(v: unknown): GoText {
  const selector = rec(v);
  if (!selector) return new GoText('null');
  const labels = quotedPairs(strMap(selector['matchLabels']), '', (k, x) => `${k}: ${x},`);
  const expressions = recs(selector['matchExpressions'])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${str(e['key'])},Operator:${str(e['operator'])},Values:[${strs(e['values']).join(' ')}],},`,
    )
    .join('');
  return new GoText(
    `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`,
  );
}

/** A rough %#v for lists we cannot render exactly (owner references): JSON of each entry. */
export const goListOf = (elementType: string, v: unknown): GoText =>
  new GoText(
    `[]${elementType}{${list(v)
      .map((x) => JSON.stringify(x))
      .join(', ')}}`,
  );
