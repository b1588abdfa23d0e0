import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../machinery/status.js';
import { decodeMessage } from './decode.js';
import { Registry, messages } from './schema.js';
import { WELL_KNOWN_MESSAGES } from './well-known.js';
import { bytes, double, entry, fixed32, int, intOrString, msg, packed, str } from './wire-writer.js';

/** A made-up group exercising every rule of the table language, apart from Kubernetes' tables. */
const REGISTRY = new Registry([
  WELL_KNOWN_MESSAGES,
  messages('test/v1', {
    Thing: {
      1: 'name:string',
      2: 'count:int32',
      3: 'big:int64',
      4: 'flag:bool',
      5: 'ratio:double',
      6: 'blob:bytes',
      7: 'ptr:int32*',
      8: 'required:string!',
      9: 'numbers:int64[]',
      10: 'labels:map<string>',
      11: 'files:map<bytes>',
      12: 'limits:map<Quantity>',
      13: 'child:Child*',
      14: 'children:Child[]',
      15: '...Inlined',
      16: 'port:IntOrString',
      17: 'when:Time',
      18: 'timeout:Duration',
      19: 'legacy:-',
      20: 'requiredCount:int32!',
    },
    Child: { 1: 'name:string!' },
    Inlined: { 1: 'host:string', 2: 'path:string' },
  }),
]);

const decode = (...parts: Buffer[]): unknown => decodeMessage(REGISTRY, 'Thing', Buffer.concat(parts));

test('scalars: strings, ints (negative too), bools, doubles, bytes as base64', () => {
  assert.deepEqual(
    decode(
      str(1, 'x'),
      int(2, -7),
      int(3, -(2 ** 40)),
      int(4, true),
      double(5, 0.25),
      bytes(6, Buffer.from('hi')),
    ),
    {
      name: 'x',
      count: -7,
      big: -(2 ** 40),
      flag: true,
      ratio: 0.25,
      blob: 'aGk=',
      required: '',
      requiredCount: 0,
    },
  );
});

test('omitempty drops zero values; pointers keep them; non-omitempty fields are filled in', () => {
  assert.deepEqual(decode(str(1, ''), int(2, 0), int(3, 0), int(4, false), double(5, 0), int(7, 0)), {
    ptr: 0,
    required: '',
    requiredCount: 0,
  });
  assert.deepEqual(decode(str(8, 'kept'), int(20, 3)), { required: 'kept', requiredCount: 3 });
});

test('repeated scalars, unpacked (gogo) and packed (proto3 writers)', () => {
  assert.deepEqual(
    (decode(int(9, 1), int(9, 2), packed(9, [3, 4])) as { numbers: unknown }).numbers,
    [1, 2, 3, 4],
  );
});

test('maps: string, bytes and Quantity values; a missing value is the zero value', () => {
  const decoded = decode(
    entry(10, 'a', str(2, 'b')),
    entry(10, 'empty'),
    entry(11, 'bin', bytes(2, Buffer.from([0xff, 0x00]))),
    entry(12, 'cpu', msg(2, str(1, '250m'))),
    entry(12, 'none'),
  ) as Record<string, unknown>;
  assert.deepEqual(decoded.labels, { a: 'b', empty: '' });
  assert.deepEqual(decoded.files, { bin: '/wA=' });
  assert.deepEqual(decoded.limits, { cpu: '250m', none: '0' });
});

test('messages: pointer, repeated, inlined into the parent; empty messages stay as {}', () => {
  const decoded = decode(msg(13), msg(14, str(1, 'a')), msg(14), msg(15, str(1, 'example.com'), str(2, '/')));
  assert.deepEqual(decoded, {
    child: { name: '' },
    children: [{ name: 'a' }, { name: '' }],
    host: 'example.com',
    path: '/',
    required: '',
    requiredCount: 0,
  });
});

test('well-known types: IntOrString, Time (zero is null), Duration', () => {
  const pick = (...parts: Buffer[]) => {
    const { port, when, timeout } = decode(...parts) as Record<string, unknown>;
    return { port, when, timeout };
  };
  assert.deepEqual(pick(intOrString(16, 8080), msg(17, int(1, 0)), msg(18, int(1, 90_000_000_000))), {
    port: 8080,
    when: '1970-01-01T00:00:00Z',
    timeout: '1m30s',
  });
  assert.deepEqual(pick(intOrString(16, 'http'), msg(17), msg(18)), {
    port: 'http',
    when: null,
    timeout: '0s',
  });
  // Kubernetes drops nanos when it decodes a Time (time_proto.go).
  assert.equal(pick(msg(17, int(1, 1_700_000_000), int(2, 999))).when, '2023-11-14T22:13:20Z');
});

function assertApiError(fn: () => unknown, statusCode: number, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isApiError(err), `expected an ApiError, got ${String(err)}`);
    assert.equal(err.statusCode, statusCode);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

test('an unknown field number is refused with 415, naming the message and the number', () => {
  assertApiError(
    () => decode(str(1, 'x'), int(37, 1)),
    415,
    'flatnet cannot decode protobuf field 37 of test/v1.Thing; send JSON instead',
  );
  assertApiError(() => decode(msg(14, int(2, 1))), 415, /field 2 of test\/v1\.Child;/);
  assertApiError(
    () => decode(msg(10, str(1, 'k'), str(3, 'x'))),
    415,
    /field 3 of test\/v1\.Thing\.labels map entry/,
  );
});

test('a known field this decoder does not handle is refused with its name', () => {
  assertApiError(
    () => decode(msg(19, str(1, 'x'))),
    415,
    'flatnet cannot decode protobuf field 19 (legacy) of test/v1.Thing; send JSON instead',
  );
});

test('bytes that contradict the table, or are cut short, are a 400', () => {
  assertApiError(
    () => decode(int(1, 5)),
    400,
    /field 1 \(name\) of test\/v1\.Thing has wire type 0, expected 2/,
  );
  assertApiError(
    () => decode(fixed32(2, 1)),
    400,
    /field 2 \(count\) of test\/v1\.Thing has wire type 5, expected 0/,
  );
  assertApiError(() => decode(str(1, 'abc').subarray(0, 3)), 400, /3 bytes announced but only 1 left/);
});
