import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespaces, pods, services } from '../core.js';
import { makeNamespace, makePod, makeService, problems, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

// [what, tweaks, expected problems] for a Pod (names are DNS-1123 subdomains).
const POD_CASES: [string, Tweak[], string[]][] = [
  ['a valid pod', [], []],
  ['dots are fine in pod names', [set('metadata.name', 'web.v2')], []],
  [
    'an uppercase name',
    [set('metadata.name', 'Web_1')],
    [`metadata.name: Invalid value: "Web_1": ${SUBDOMAIN}`],
  ],
  [
    'no name at all',
    [unset('metadata.name')],
    ['metadata.name: Required value: name or generateName is required'],
  ],
  ['a generateName instead of a name', [unset('metadata.name'), set('metadata.generateName', 'web-')], []],
  [
    'a bad generateName',
    [unset('metadata.name'), set('metadata.generateName', 'Web-')],
    [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN}`],
  ],
  ['no namespace', [unset('metadata.namespace')], ['metadata.namespace: Required value']],
  [
    'a bad namespace',
    [set('metadata.namespace', 'Prod')],
    [`metadata.namespace: Invalid value: "Prod": ${LABEL}`],
  ],
  [
    'a name over 253 bytes',
    [set('metadata.name', 'a'.repeat(254))],
    [`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
  ],
  [
    'bad label keys and values',
    [set('metadata.labels', { '-bad': 'ok', good: 'not ok', 'example.com/app': 'web' })],
    [
      `metadata.labels: Invalid value: "-bad": name part ${QUALIFIED}`,
      `metadata.labels: Invalid value: "not ok": ${LABEL_VALUE}`,
    ],
  ],
  [
    'a label key with an empty prefix',
    [set('metadata.labels', { '/app': 'x' })],
    ['metadata.labels: Invalid value: "/app": prefix part must be non-empty'],
  ],
  [
    'annotation keys are checked lower-cased',
    [set('metadata.annotations', { 'Example.com/Key': 'any value at all', 'a/b/c': '' })],
    [
      `metadata.annotations: Invalid value: "a/b/c": a qualified name ${QUALIFIED} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
  ],
  [
    'annotations over 256 KiB',
    [set('metadata.annotations', { big: 'x'.repeat(256 * 1024) })],
    ['metadata.annotations: Too long: may not be more than 262144 bytes'],
  ],
  [
    'a finalizer that is neither standard nor qualified',
    [set('metadata.finalizers', ['kubernetes', 'example.com/cleanup', 'cleanup'])],
    [
      'metadata.finalizers[2]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ],
  ],
  [
    'an incomplete owner reference',
    [set('metadata.ownerReferences', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1' }])],
    ['metadata.ownerReferences.uid: Invalid value: "": must not be empty'],
  ],
  [
    'two controllers',
    [
      set('metadata.ownerReferences', [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'b', uid: '2', controller: true },
      ]),
    ],
    [
      'metadata.ownerReferences: Invalid value: []v1.OwnerReference{{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true}, {"apiVersion":"apps/v1","kind":"DaemonSet","name":"b","uid":"2","controller":true}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and DaemonSet/b',
    ],
  ],
];

for (const [what, tweaks, expected] of POD_CASES) {
  test(`metadata: ${what}`, () => assert.deepEqual(problems(pods, makePod('web', ...tweaks)), expected));
}

test('Service names are DNS-1035 labels: no leading digit, no dots', () => {
  assert.deepEqual(problems(services, makeService('1web')), [
    `metadata.name: Invalid value: "1web": ${DNS1035}`,
  ]);
  assert.deepEqual(problems(services, makeService('web.v2')), [
    `metadata.name: Invalid value: "web.v2": ${DNS1035}`,
  ]);
  assert.deepEqual(problems(services, makeService('web-v2')), []);
});

test('Namespace names are DNS-1123 labels; namespaces are cluster-scoped', () => {
  assert.deepEqual(problems(namespaces, makeNamespace('shop')), []);
  assert.deepEqual(problems(namespaces, makeNamespace('123-shop')), []);
  assert.deepEqual(problems(namespaces, makeNamespace('shop.prod')), [
    'metadata.name: Invalid value: "shop.prod": must not contain dots',
  ]);
  assert.deepEqual(problems(namespaces, makeNamespace('Shop')), [
    `metadata.name: Invalid value: "Shop": ${LABEL}`,
  ]);
  // The kubernetes.io/metadata.name label defaulting adds must itself be valid.
  assert.deepEqual(problems(namespaces, makeNamespace('x'.repeat(64))).length, 2);
});
