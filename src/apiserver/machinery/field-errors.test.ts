import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorBody, fieldErrorString } from './field-error.js';
import { FieldErrors } from './field-errors.js';
import { GoText } from './go-format.js';
import { PORT_PROTOCOLS } from './validation.js';

test('each constructor words its message as field.Error does (Kubernetes 1.32)', () => {
  const errs = new FieldErrors()
    .required('spec.containers[0].name')
    .required('metadata.name', 'name or generateName is required')
    .invalid('metadata.name', 'Web', 'must be lower case')
    .invalid('spec.replicas', -1, 'must be greater than or equal to 0')
    .invalid('spec.paused', true, 'nope')
    .invalid('spec.x', null, 'nope')
    .invalid('spec.selector', new GoText('map[string]string{"app":"web"}'), 'selector does not match')
    .notSupported('spec.ports[0].protocol', 'tcp', PORT_PROTOCOLS)
    .duplicate('spec.ports[1].port', 80)
    .forbidden('spec.clusterIP', 'may not change once set')
    .tooLong('metadata.annotations', 262144)
    .notFound('spec.volumes[0]', 'data');
  assert.deepEqual(errs.list.map(fieldErrorString), [
    'spec.containers[0].name: Required value',
    'metadata.name: Required value: name or generateName is required',
    'metadata.name: Invalid value: "Web": must be lower case',
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.paused: Invalid value: true: nope',
    'spec.x: Invalid value: "null": nope',
    'spec.selector: Invalid value: map[string]string{"app":"web"}: selector does not match',
    'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    'spec.ports[1].port: Duplicate value: 80',
    'spec.clusterIP: Forbidden: may not change once set',
    'metadata.annotations: Too long: may not be more than 262144 bytes',
    'spec.volumes[0]: Not found: "data"',
  ]);
  assert.equal(fieldErrorBody(errs.list[0]!), 'Required value');
});

test('invalidEach reports one cause per validator message', () => {
  const errs = new FieldErrors()
    .invalidEach('metadata.name', 'A_B', ['one', 'two'])
    .invalidEach('x', 'y', []);
  assert.deepEqual(
    errs.list.map((e) => e.detail),
    ['one', 'two'],
  );
});

test('toApiError and throwIfAny build the 422', () => {
  const empty = new FieldErrors();
  assert.equal(empty.isEmpty, true);
  assert.doesNotThrow(() => empty.throwIfAny('Pod', 'x'));
  const errs = new FieldErrors().required('spec.containers');
  assert.throws(
    () => errs.throwIfAny('Pod', 'x'),
    (err: unknown) => {
      const status = (err as { toStatus: () => { code: number; message: string } }).toStatus();
      return status.code === 422 && status.message === 'Pod "x" is invalid: spec.containers: Required value';
    },
  );
  assert.equal(errs.toApiError('Deployment', 'd', 'apps').details?.group, 'apps');
});
