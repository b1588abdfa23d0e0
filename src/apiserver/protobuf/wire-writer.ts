/**
 * Test-only protobuf writer: just enough to build the bytes gogo-protobuf would send, field by
 * field, with numbers written out in the test (independently of the decoder's tables).
 */

export type Part = Buffer;

function varintBytes(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? byte : byte | 0x80);
  } while (v !== 0n);
  return Buffer.from(out);
}

const key = (field: number, wireType: number): Buffer => varintBytes(BigInt((field << 3) | wireType));

/** int32, int64, bool, enum-like ints: negative numbers become 10-byte two's complement varints. */
export const int = (field: number, value: number | bigint | boolean): Part =>
  Buffer.concat([key(field, 0), varintBytes(BigInt(typeof value === 'boolean' ? Number(value) : value))]);

export const bytes = (field: number, value: Buffer): Part =>
  Buffer.concat([key(field, 2), varintBytes(BigInt(value.length)), value]);

export const str = (field: number, value: string): Part => bytes(field, Buffer.from(value, 'utf8'));

export const msg = (field: number, ...parts: Part[]): Part => bytes(field, Buffer.concat(parts));

export function double(field: number, value: number): Part {
  const payload = Buffer.alloc(8);
  payload.writeDoubleLE(value);
  return Buffer.concat([key(field, 1), payload]);
}

export const fixed32 = (field: number, value: number): Part => {
  const payload = Buffer.alloc(4);
  payload.writeUInt32LE(value);
  return Buffer.concat([key(field, 5), payload]);
};

/** Packed repeated varints (proto3 style), which the decoder also accepts. */
export const packed = (field: number, values: readonly (number | bigint)[]): Part =>
  bytes(field, Buffer.concat(values.map((v) => varintBytes(BigInt(v)))));

/** One map entry {1 key, 2 value}; `value` is the already-encoded field 2 (or omitted). */
export const entry = (field: number, k: string, value?: Part): Part =>
  msg(field, str(1, k), ...(value ? [value] : []));

/** Several map<string, string> entries. */
export const stringMap = (field: number, map: Readonly<Record<string, string>>): Part =>
  Buffer.concat(Object.entries(map).map(([k, v]) => entry(field, k, str(2, v))));

/** intstr.IntOrString as gogo writes it: all three fields, always. */
export const intOrString = (field: number, value: number | string): Part =>
  typeof value === 'number'
    ? msg(field, int(1, 0), int(2, value), str(3, ''))
    : msg(field, int(1, 1), int(2, 0), str(3, value));

/** The `k8s\0` magic and a runtime.Unknown around an object's message. */
export function envelope(apiVersion: string, kind: string, object: Buffer, contentEncoding = ''): Buffer {
  const unknown = Buffer.concat([
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, object),
    str(3, contentEncoding),
    str(4, ''),
  ]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

/** An ObjectMeta as kubectl writes it: every non-pointer scalar present, even when empty. */
export const objectMeta = (field: number, name: string, ...rest: Part[]): Part =>
  msg(
    field,
    str(1, name),
    str(2, ''),
    str(3, ''),
    str(4, ''),
    str(5, ''),
    str(6, ''),
    int(7, 0),
    msg(8),
    ...rest,
  );
