import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlatnetError } from '../../lib/errors.js';
import type { ApiError } from './status.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  forbidden,
  gone,
  internal,
  invalid,
  isApiError,
  methodNotAllowed,
  notAcceptable,
  notFound,
  rejected,
  serviceUnavailable,
  timeout,
  toStatus,
  tooLarge,
  tooOldResourceVersion,
  unauthorized,
  unknown,
  unsupportedMediaType,
} from './status.js';

interface Expect {
  readonly name: string;
  readonly error: ApiError;
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly details?: unknown;
}

const cases: Expect[] = [
  {
    name: 'not found, core',
    error: notFound('pods', '', 'x'),
    code: 404,
    reason: 'NotFound',
    message: 'pods "x" not found',
    details: { name: 'x', kind: 'pods' },
  },
  {
    name: 'not found, grouped',
    error: notFound('deployments', 'apps', 'web'),
    code: 404,
    reason: 'NotFound',
    message: 'deployments.apps "web" not found',
    details: { name: 'web', group: 'apps', kind: 'deployments' },
  },
  {
    name: 'already exists',
    error: alreadyExists('pods', '', 'x'),
    code: 409,
    reason: 'AlreadyExists',
    message: 'pods "x" already exists',
    details: { name: 'x', kind: 'pods' },
  },
  {
    name: 'conflict',
    error: conflict('pods', '', 'x'),
    code: 409,
    reason: 'Conflict',
    message:
      'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
    details: { name: 'x', kind: 'pods' },
  },
  { name: 'bad request', error: badRequest('nope'), code: 400, reason: 'BadRequest', message: 'nope' },
  {
    name: 'method not allowed',
    error: methodNotAllowed('bindings', '', 'watch'),
    code: 405,
    reason: 'MethodNotAllowed',
    message: 'watch is not supported on resources of kind "bindings"',
    details: { kind: 'bindings' },
  },
  {
    name: 'unauthorized default',
    error: unauthorized(),
    code: 401,
    reason: 'Unauthorized',
    message: 'not authorized',
  },
  {
    name: 'forbidden named',
    error: forbidden('secrets', '', 's', 'User "bob" cannot get resource "secrets"'),
    code: 403,
    reason: 'Forbidden',
    message: 'secrets "s" is forbidden: User "bob" cannot get resource "secrets"',
    details: { name: 's', kind: 'secrets' },
  },
  {
    name: 'forbidden collection',
    error: forbidden('pods', '', '', 'no'),
    code: 403,
    reason: 'Forbidden',
    message: 'pods is forbidden: no',
    details: { kind: 'pods' },
  },
  {
    name: 'forbidden without resource',
    error: forbidden('', '', '', 'no'),
    code: 403,
    reason: 'Forbidden',
    message: 'forbidden: no',
    details: {},
  },
  { name: 'gone', error: gone('old'), code: 410, reason: 'Gone', message: 'old' },
  { name: 'expired', error: expired('old'), code: 410, reason: 'Expired', message: 'old' },
  {
    name: 'too old resource version',
    error: tooOldResourceVersion(5, 9),
    code: 410,
    reason: 'Expired',
    message: 'too old resource version: 5 (9)',
  },
  {
    name: 'too large',
    error: tooLarge('limit is 3145728'),
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: 'Request entity too large: limit is 3145728',
  },
  {
    name: 'unsupported media type',
    error: unsupportedMediaType(['application/json', 'application/yaml']),
    code: 415,
    reason: 'UnsupportedMediaType',
    message:
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
  },
  {
    name: 'not acceptable',
    error: notAcceptable(['application/json']),
    code: 406,
    reason: 'NotAcceptable',
    message: 'only the following media types are accepted: application/json',
  },
  {
    name: 'internal',
    error: internal(new Error('disk on fire')),
    code: 500,
    reason: 'InternalError',
    message: 'Internal error occurred: disk on fire',
    details: { causes: [{ message: 'disk on fire' }] },
  },
  {
    name: 'timeout keeps empty details',
    error: timeout('request did not complete within 60s'),
    code: 504,
    reason: 'Timeout',
    message: 'Timeout: request did not complete within 60s',
    details: {},
  },
  {
    name: 'timeout with retry',
    error: timeout('slow', 2),
    code: 504,
    reason: 'Timeout',
    message: 'Timeout: slow',
    details: { retryAfterSeconds: 2 },
  },
  {
    name: 'unavailable',
    error: serviceUnavailable('etcd down'),
    code: 503,
    reason: 'ServiceUnavailable',
    message: 'etcd down',
  },
  {
    name: 'generic 422 hides its text',
    error: rejected('testing value /x failed'),
    code: 422,
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
    details: {},
  },
];

test('builders match Kubernetes statuses', () => {
  for (const c of cases) {
    const status = c.error.toStatus();
    assert.equal(status.code, c.code, c.name);
    assert.equal(status.reason, c.reason, c.name);
    assert.equal(status.message, c.message, c.name);
    assert.deepEqual(status.details, c.details, c.name);
    assert.equal(c.error.statusCode, c.code, c.name);
    assert.ok(c.error instanceof FlatnetError, c.name);
    assert.equal(c.error.code, c.reason, `${c.name}: stable code is the reason`);
  }
});

test('invalid aggregates causes as Kubernetes does', () => {
  const one = invalid('Pod', 'x', [
    { type: 'FieldValueRequired', field: 'spec.containers[0].name', detail: '' },
  ]);
  assert.deepEqual(one.toStatus(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Pod "x" is invalid: spec.containers[0].name: Required value',
    reason: 'Invalid',
    details: {
      name: 'x',
      kind: 'Pod',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].name' }],
    },
    code: 422,
  });
  const two = invalid(
    'Deployment',
    'web',
    [
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        badValue: -1,
        detail: 'must be greater than or equal to 0',
      },
      { type: 'FieldValueRequired', field: 'spec.selector', detail: '' },
      { type: 'FieldValueRequired', field: 'spec.selector', detail: '' },
    ],
    'apps',
  );
  assert.equal(
    two.message,
    'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]',
  );
  assert.equal(two.details?.causes?.length, 3, 'causes keep duplicates; only the message dedups');
  assert.equal(invalid('Pod', 'x', []).message, 'Pod "x" is invalid');
});

test('toStatus serialises with Kubernetes field order and omitempty', () => {
  assert.equal(
    JSON.stringify(toStatus(notFound('pods', '', 'x'))),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}',
  );
});

test('toStatus turns other errors into a reasonless 500 like ErrorToAPIStatus', () => {
  assert.deepEqual(toStatus(new Error('boom')), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'boom',
    code: 500,
  });
  assert.equal(unknown('x').code, 'Unknown');
  assert.equal(toStatus('plain string').message, 'plain string');
});

test('isApiError narrows by reason', () => {
  assert.equal(isApiError(notFound('pods', '', 'x'), 'NotFound'), true);
  assert.equal(isApiError(notFound('pods', '', 'x'), 'Conflict'), false);
  assert.equal(isApiError(new Error('x')), false);
});
