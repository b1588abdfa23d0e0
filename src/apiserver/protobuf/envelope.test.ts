import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../machinery/status.js';
import { decodeProtobufBody } from './index.js';
import { bytes, envelope, int, msg, objectMeta, str } from './wire-writer.js';

function assertRefused(body: Buffer, statusCode: number, message: string | RegExp): void {
  assert.throws(
    () => decodeProtobufBody(body),
    (err: unknown) => {
      assert.ok(isApiError(err));
      assert.equal(err.statusCode, statusCode);
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      return true;
    },
  );
}

test('kind and apiVersion come from the envelope, the rest from the root message', () => {
  const secret = Buffer.concat([
    objectMeta(1, 's'),
    msg(2, str(1, 'pw'), bytes(2, Buffer.from('s3cr3t'))),
    str(3, 'Opaque'),
    msg(4, str(1, 'user'), str(2, 'admin')),
    int(5, false),
  ]);
  assert.deepEqual(decodeProtobufBody(envelope('v1', 'Secret', secret)), {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name: 's', creationTimestamp: null },
    data: { pw: 'czNjcjN0' },
    type: 'Opaque',
    stringData: { user: 'admin' },
    immutable: false,
  });
});

test('DeleteOptions, the body of typed deletes, in any group version', () => {
  const options = Buffer.concat([int(1, 0), str(4, 'Foreground'), str(5, 'All'), msg(2, str(1, 'uid-1'))]);
  assert.deepEqual(decodeProtobufBody(envelope('meta.k8s.io/v1', 'DeleteOptions', options)), {
    kind: 'DeleteOptions',
    apiVersion: 'meta.k8s.io/v1',
    gracePeriodSeconds: 0,
    propagationPolicy: 'Foreground',
    dryRun: ['All'],
    preconditions: { uid: 'uid-1' },
  });
});

test('a kind without a table is refused with 415, naming it', () => {
  assertRefused(
    envelope('batch/v1', 'Job', objectMeta(1, 'j')),
    415,
    'flatnet cannot decode protobuf objects of kind "Job" in "batch/v1"; send JSON instead',
  );
});

test('bodies that are not a Kubernetes protobuf envelope are a 400', () => {
  assertRefused(Buffer.alloc(0), 400, /empty data/);
  assertRefused(
    Buffer.from('{"kind":"Pod"}'),
    400,
    /does not appear to be a protobuf message, expected prefix 6b387300/,
  );
  assertRefused(Buffer.from('k8s\0', 'latin1'), 400, /empty body/);
  assertRefused(envelope('v1', '', Buffer.alloc(0)), 400, /names no kind/);
});

test('a compressed raw object is refused rather than misread', () => {
  assertRefused(
    envelope('v1', 'Namespace', Buffer.alloc(0), 'gzip'),
    415,
    /envelopes with contentEncoding "gzip"/,
  );
});
