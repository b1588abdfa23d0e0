import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorString } from './field-error.js';
import { FieldErrors } from './field-errors.js';
import {
  annotationsSizeError,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidCIDR,
  isValidIPv4Address,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  validateAnnotations,
  validateLabels,
  validatePortNumber,
  validateProtocol,
} from './validation.js';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

type Case = [string, string[]];

function check(fn: (v: string) => string[], cases: Case[]): void {
  for (const [input, want] of cases) assert.deepEqual(fn(input), want, JSON.stringify(input));
}

test('isDNS1123Label', () => {
  check(isDNS1123Label, [
    ['default', []],
    ['123-abc', []],
    ['a'.repeat(63), []],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    ['my.name', ['must not contain dots']],
    ['My-Name', [LABEL_MSG]],
    ['-a', [LABEL_MSG]],
    ['', [LABEL_MSG]],
  ]);
});

test('isDNS1123Subdomain', () => {
  check(isDNS1123Subdomain, [
    ['web-6d4cf56db6-abcde', []],
    ['example.com', []],
    ['a.'.repeat(126) + 'a', []],
    ['a'.repeat(254), ['must be no more than 253 characters']],
    ['A'.repeat(254), ['must be no more than 253 characters', SUBDOMAIN_MSG]],
    ['Web', [SUBDOMAIN_MSG]],
    ['a..b', [SUBDOMAIN_MSG]],
    ['a_b', [SUBDOMAIN_MSG]],
  ]);
});

test('isDNS1035Label (Service names)', () => {
  check(isDNS1035Label, [
    ['web', []],
    ['abc-123', []],
    ['1web', [DNS1035_MSG]],
    ['web.svc', [DNS1035_MSG]],
    ['b'.repeat(64), ['must be no more than 63 characters']],
  ]);
});

test('isQualifiedName (label and annotation keys)', () => {
  check(isQualifiedName, [
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['kubectl.kubernetes.io/last-applied-configuration', []],
    ['My_Key.1', []],
    ['/name', ['prefix part must be non-empty']],
    ['example.com/', ['name part must be non-empty', NAME_PART_MSG]],
    ['Example.com/x', [`prefix part ${SUBDOMAIN_MSG}`]],
    ['-x', [NAME_PART_MSG]],
    ['x'.repeat(64), ['name part must be no more than 63 characters']],
    [
      'a/b/c',
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ]);
});

test('isValidLabelValue', () => {
  check(isValidLabelValue, [
    ['', []],
    ['v1.2_3-x', []],
    ['-bad', [VALUE_MSG]],
    ['a b', [VALUE_MSG]],
    ['v'.repeat(64), ['must be no more than 63 characters']],
  ]);
});

test('ports, port names, IPv4 and CIDRs', () => {
  assert.deepEqual(isValidPortNum(80), []);
  assert.deepEqual(isValidPortNum(65535), []);
  for (const bad of [0, 65536, -1, 1.5]) {
    assert.deepEqual(isValidPortNum(bad), ['must be between 1 and 65535, inclusive'], String(bad));
  }
  check(isValidPortName, [
    ['http', []],
    ['h2c-8080', []],
    ['8080', ['must contain at least one letter (a-z)']],
    ['Http', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-http', ['must not begin or end with a hyphen']],
    ['averyveryverylongname', ['must be no more than 15 characters']],
  ]);
  check(isValidIPv4Address, [
    ['10.244.1.5', []],
    ['010.0.0.1', []],
    ['256.0.0.1', ['must be a valid IPv4 address']],
    ['10.0.0', ['must be a valid IPv4 address']],
    ['::1', ['must be a valid IPv4 address']],
  ]);
  const cidr = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  check(isValidCIDR, [
    ['10.244.0.0/16', []],
    ['10.244.1.7/24', []],
    ['0.0.0.0/0', []],
    ['10.0.0.0/33', [cidr]],
    ['10.0.0.0', [cidr]],
    ['10.0.0.0/8/8', [cidr]],
    ['x/8', [cidr]],
  ]);
});

test('field validators add Kubernetes-worded causes', () => {
  const errs = new FieldErrors();
  validateProtocol(errs, 'spec.ports[0].protocol', 'TCP');
  validateProtocol(errs, 'spec.ports[1].protocol', 'tcp');
  validateProtocol(errs, 'spec.ports[2].protocol', '');
  validatePortNumber(errs, 'spec.ports[3].port', 0);
  validateLabels(errs, 'metadata.labels', { app: 'web', 'bad key': 'x', ok: '-v' });
  validateAnnotations(errs, 'metadata.annotations', { 'Example.COM/Key': 'fine' });
  assert.deepEqual(errs.list.map(fieldErrorString), [
    'spec.ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    'spec.ports[2].protocol: Required value',
    'spec.ports[3].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    `metadata.labels: Invalid value: "bad key": ${NAME_PART_MSG}`,
    `metadata.labels: Invalid value: "-v": ${VALUE_MSG}`,
  ]);
});

test('annotations are limited to 256 KiB of keys and values together', () => {
  const atLimit = { k: 'v'.repeat(256 * 1024 - 1) };
  assert.equal(annotationsSizeError(atLimit), undefined);
  const over = { k: 'v'.repeat(256 * 1024) };
  assert.equal(annotationsSizeError(over), 'annotations size 262145 is larger than limit 262144');
  const errs = new FieldErrors();
  validateAnnotations(errs, 'metadata.annotations', over);
  assert.deepEqual(errs.list.map(fieldErrorString), [
    'metadata.annotations: Too long: may not be more than 262144 bytes',
  ]);
});
