/**
 * Go's fmt verbs as Kubernetes messages use them, so our messages read byte for byte like
 * kube-apiserver's: `%q` (strconv.Quote), `%v` of decoded JSON values (map[k:v] with sorted keys,
 * [a b], <nil>), and reflect type names of decoded JSON (`map[string]interface {}`).
 */

/** Go's `%q` for strings: escapes quotes, backslashes and control characters; keeps printable text. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    out += quoteChar(ch);
  }
  return `${out}"`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

function quoteChar(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return ch;
}

/**
 * Go's `%v` of a float64: strconv 'g' with the shortest precision, which switches to an exponent
 * below 1e-4 and from 1e+06 on (fmt uses eprec 6 for the shortest form).
 */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/**
 * Go's `%v` of a value decoded from JSON the way kube-apiserver decodes patches (integers as
 * int64, other numbers as float64, objects as map[string]interface{} printed with sorted keys).
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareBytes(a, b));
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** reflect.TypeOf(x).String() for a value decoded from JSON (nil prints as `<nil>`). */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(value) ? 'int64' : 'float64';
    default:
      return 'map[string]interface {}';
  }
}

/** Go orders strings by bytes; for the ASCII keys of Kubernetes objects that is code-unit order. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A value already rendered the way Go prints it with %#v (`[]string{"a"}`,
 * `map[string]string{"app":"web"}`), for bad values JSON cannot spell as Kubernetes does.
 */
export class GoText {
  constructor(readonly text: string) {}
}
