import { malformed } from './errors.js';
import type { MessageSchema } from './schema.js';
import { messages } from './schema.js';

/**
 * apimachinery's types whose JSON is a string or a number rather than an object. Each one decodes
 * as an ordinary message, then `toJson` turns it into what its Go MarshalJSON writes.
 */

/** metav1.Time: RFC 3339 in UTC at second precision (time.go MarshalJSON). */
export function rfc3339(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw malformed(`time ${seconds}s is out of range`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: RFC3339Micro, `2006-01-02T15:04:05.000000Z07:00` (micro_time.go). */
export function rfc3339Micro(seconds: number, nanos: number): string {
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return rfc3339(seconds).replace(/Z$/, `.${micros}Z`);
}

function fraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? `${value / scale}` : `${value / scale}.${frac}`;
}

/** Go's time.Duration.String(): `1h0m0s`, `1.5s`, `300ms`, `0s` (what metav1.Duration marshals). */
export function goDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  const u = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${fraction(u, 6)}ms`;
  const seconds = u / 1_000_000_000n;
  let text = `${fraction((seconds % 60n) * 1_000_000_000n + (u % 1_000_000_000n), 9)}s`;
  const minutes = seconds / 60n;
  if (minutes > 0n) text = `${minutes % 60n}m${text}`;
  const hours = minutes / 60n;
  if (hours > 0n) text = `${hours}h${text}`;
  return sign + text;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const TABLE = {
  meta: messages('meta/v1', {
    // An empty message is the zero time, which Go marshals as null; nanos are dropped on decode
    // (time_proto.go: "our JSON only handled seconds").
    Time: { 1: 'seconds:int64*', 2: 'nanos:int32*' },
    MicroTime: { 1: 'seconds:int64*', 2: 'nanos:int32*' },
    Duration: { 1: 'duration:int64*' },
    // FieldsV1.Raw is the JSON of the field set itself (managedFields[].fieldsV1).
    FieldsV1: { 1: 'Raw:bytes*' },
  }),
  // IntOrString{Type 0 = Int, 1 = String}: JSON is the number or the string (intstr.go).
  intstr: messages('util/intstr', {
    IntOrString: { 1: 'type:int64*', 2: 'intVal:int32*', 3: 'strVal:string*' },
  }),
  // Quantity.Marshal writes its canonical String(), which is also its JSON; the zero value is "0".
  resource: messages('api/resource', { Quantity: { 1: 'string:string*' } }),
};

const TO_JSON: Readonly<Record<string, MessageSchema['toJson']>> = {
  Time: (t) => (t.seconds === undefined ? null : rfc3339(num(t.seconds))),
  MicroTime: (t) => (t.seconds === undefined ? null : rfc3339Micro(num(t.seconds), num(t.nanos))),
  Duration: (d) => goDuration(BigInt(num(d.duration))),
  FieldsV1: (f) => parseRawJson(str(f.Raw)),
  IntOrString: (v) => (v.type === 1 ? str(v.strVal) : num(v.intVal)),
  Quantity: (q) => str(q.string) || '0',
};

function parseRawJson(base64: string): unknown {
  if (base64 === '') return null;
  try {
    return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as unknown;
  } catch (err) {
    throw malformed(`FieldsV1 is not JSON: ${(err as Error).message}`);
  }
}

export const WELL_KNOWN_MESSAGES: readonly MessageSchema[] = [
  ...TABLE.meta,
  ...TABLE.intstr,
  ...TABLE.resource,
].map((schema) => ({ ...schema, toJson: TO_JSON[schema.name] }));
