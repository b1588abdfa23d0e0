import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeEnv } from '../fixtures.js';
import { parseCniArgs, parseEnv } from './env.js';
import { CNI_CODE, CniError } from './errors.js';

const code4 = (fragment: string) => (err: unknown) =>
  err instanceof CniError && err.cniCode === CNI_CODE.INVALID_ENV && err.message.includes(fragment);

test('ADD reads every parameter, CNI_ARGS pairs and CNI_PATH entries', () => {
  const env = parseEnv(
    makeEnv('ADD', { CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=web-0', CNI_PATH: '/a::/b' }),
  );
  assert.equal(env.command, 'ADD');
  assert.equal(env.containerId, 'c0ffee01');
  assert.equal(env.netns, '/run/netns/pod-a');
  assert.equal(env.ifname, 'eth0');
  assert.deepEqual(
    [...env.args],
    [
      ['IgnoreUnknown', '1'],
      ['K8S_POD_NAME', 'web-0'],
    ],
  );
  assert.deepEqual(env.path, ['/a', '/b']);
});

// SPEC.md Section 2, "Input" of each operation: which variables each command requires.
const REQUIRED: [command: string, missing: string[], ok: boolean][] = [
  ['ADD', ['CNI_CONTAINERID'], false],
  ['ADD', ['CNI_NETNS'], false],
  ['ADD', ['CNI_IFNAME'], false],
  ['ADD', ['CNI_PATH', 'CNI_ARGS'], true],
  ['CHECK', ['CNI_NETNS'], false],
  ['DEL', ['CNI_NETNS', 'CNI_PATH'], true],
  ['DEL', ['CNI_CONTAINERID'], false],
  ['DEL', ['CNI_IFNAME'], false],
  ['GC', ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME'], true],
  ['GC', ['CNI_PATH'], false],
  ['STATUS', ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'], true],
  ['VERSION', ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'], true],
];

for (const [command, missing, ok] of REQUIRED) {
  test(`${command} without ${missing.join(', ')}: ${ok ? 'accepted' : 'code 4 naming the variable'}`, () => {
    const env = makeEnv(command, Object.fromEntries(missing.map((m) => [m, undefined])));
    if (ok) assert.equal(parseEnv(env).command, command);
    else assert.throws(() => parseEnv(env), code4(missing[0]!));
  });
}

test('an empty variable counts as missing, as in libcni', () => {
  assert.throws(() => parseEnv(makeEnv('ADD', { CNI_IFNAME: '' })), code4('CNI_IFNAME'));
});

test('invalid values are code 4 naming the variable', () => {
  assert.throws(() => parseEnv(makeEnv('')), code4('CNI_COMMAND'));
  assert.throws(() => parseEnv(makeEnv('REMOVE')), code4('CNI_COMMAND'));
  assert.throws(() => parseEnv(makeEnv('ADD', { CNI_CONTAINERID: '-x' })), code4('CNI_CONTAINERID'));
  assert.throws(() => parseEnv(makeEnv('ADD', { CNI_CONTAINERID: 'a/b' })), code4('CNI_CONTAINERID'));
  for (const name of ['eth0/1', 'a:b', 'a b', '.', '..', 'x'.repeat(16)]) {
    assert.throws(() => parseEnv(makeEnv('ADD', { CNI_IFNAME: name })), code4('CNI_IFNAME'), name);
  }
  assert.throws(() => parseEnv(makeEnv('ADD', { CNI_ARGS: 'A=1;oops' })), code4('CNI_ARGS'));
});

test('CNI_ARGS keeps values with "=" and ignores empty pairs', () => {
  assert.deepEqual(
    [...parseCniArgs('A=b=c;;B=')],
    [
      ['A', 'b=c'],
      ['B', ''],
    ],
  );
});
