import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_FIELD_LABELS,
  NAMESPACE_FIELD_LABELS,
  POD_FIELD_LABELS,
  fieldSelectorString,
  fieldValue,
  matches,
  parseFieldSelector,
} from './field-selector.js';

test('parses terms, sorted, with escapes', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['metadata.name=web', 'metadata.name=web'],
    ['metadata.name==web', 'metadata.name=web'],
    ['spec.nodeName!=n1,metadata.name=x', 'metadata.name=x,spec.nodeName!=n1'],
    ['metadata.name=a\\,b', 'metadata.name=a\\,b'],
    ['metadata.name=,', 'metadata.name='],
    ['spec.host=n1', 'spec.nodeName=n1'],
  ];
  for (const [input, want] of cases) {
    assert.equal(fieldSelectorString(parseFieldSelector(input, POD_FIELD_LABELS)), want, input);
  }
  assert.deepEqual(parseFieldSelector('metadata.name=a\\=b\\\\c').terms, [
    { field: 'metadata.name', operator: '=', value: 'a=b\\c' },
  ]);
});

test('rejects what Kubernetes rejects, with its messages (400)', () => {
  const cases: [string, typeof DEFAULT_FIELD_LABELS, string][] = [
    ['status.hostIP=1.2.3.4', POD_FIELD_LABELS, 'field label not supported: status.hostIP'],
    ['metadata.namespace=x', NAMESPACE_FIELD_LABELS, 'field label not supported: metadata.namespace'],
    [
      'spec.replicas=1',
      DEFAULT_FIELD_LABELS,
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'metadata.name',
      DEFAULT_FIELD_LABELS,
      "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
    ],
    ['metadata.name=a=b', DEFAULT_FIELD_LABELS, 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', DEFAULT_FIELD_LABELS, 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', DEFAULT_FIELD_LABELS, 'invalid field selector: invalid escape sequence: \\'],
    // Terms are sorted first, so the first unsupported label in sort order is the one reported.
    ['z.b=1,a.b=1', POD_FIELD_LABELS, 'field label not supported: a.b'],
  ];
  for (const [input, labels, message] of cases) {
    assert.throws(
      () => parseFieldSelector(input, labels),
      { message, statusCode: 400, reason: 'BadRequest' },
      input,
    );
  }
});

test('matches objects by dotted path; a missing field reads as ""', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'n1', hostNetwork: false },
    status: { phase: 'Running', podIP: '10.244.1.5' },
  };
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name=web-2', false],
    ['spec.nodeName!=n2', true],
    ['spec.nodeName=n1,status.phase=Running', true],
    ['spec.nodeName=n1,status.phase!=Running', false],
    ['spec.hostNetwork=false', true],
    ['status.nominatedNodeName=', true],
    ['status.nominatedNodeName!=', false],
    ['status.podIP=10.244.1.5', true],
  ];
  for (const [selector, want] of cases) {
    assert.equal(matches(parseFieldSelector(selector, POD_FIELD_LABELS), pod), want, selector);
  }
  assert.equal(fieldValue(pod, 'metadata'), '');
  assert.equal(fieldValue(null, 'metadata.name'), '');
});
