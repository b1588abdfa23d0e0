import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../machinery/status.js';
import { WireReader, toInt32, toInt64 } from './wire.js';

const reader = (...bytes: number[]) => new WireReader(Buffer.from(bytes));

test('varints: one byte, several bytes, the full 64 bits', () => {
  assert.equal(reader(0x01).varint(), 1n);
  assert.equal(reader(0xac, 0x02).varint(), 300n);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint(), 2n ** 64n - 1n);
});

test('int32 and int64 read negative values from sign-extended varints', () => {
  const minusOne = reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint();
  assert.equal(toInt32(minusOne), -1);
  assert.equal(toInt64(minusOne), -1);
  assert.equal(toInt32(2n ** 31n - 1n), 2 ** 31 - 1);
});

test('int64 values a JSON number cannot hold exactly are refused', () => {
  assert.throws(
    () => toInt64(2n ** 60n),
    (err) => isApiError(err, 'BadRequest'),
  );
});

test('tags split into field number and wire type', () => {
  assert.deepEqual(reader(0x08).tag(), { field: 1, wireType: 0 });
  assert.deepEqual(reader(0x92, 0x02).tag(), { field: 34, wireType: 2 });
});

test('length-delimited values, fixed widths, and the end of input', () => {
  const r = reader(0x03, 0x61, 0x62, 0x63, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9);
  assert.equal(r.bytes().toString(), 'abc');
  assert.deepEqual([...r.fixed64()], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(r.done, false);
  assert.deepEqual([...r.fixed32()], [9, 9, 9, 9]);
  assert.equal(r.done, true);
});

test('malformed input is a 400 with the reason', () => {
  const cases: [WireReader, (r: WireReader) => unknown, RegExp][] = [
    [reader(0x80), (r) => r.varint(), /truncated varint/],
    [reader(...Array<number>(11).fill(0xff)), (r) => r.varint(), /longer than 10 bytes/],
    [reader(0x00), (r) => r.tag(), /field number 0/],
    [reader(0x0b), (r) => r.tag(), /unsupported wire type 3 for field 1/],
    [reader(0x05, 0x61), (r) => r.bytes(), /5 bytes announced but only 1 left/],
  ];
  for (const [r, read, message] of cases) {
    assert.throws(
      () => read(r),
      (err: unknown) => isApiError(err, 'BadRequest') && err.statusCode === 400 && message.test(err.message),
    );
  }
});
