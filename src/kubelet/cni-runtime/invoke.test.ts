import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cniArgs, formatCniArgs, validateAttachment } from './env.js';
import { isCniError } from './errors.js';
import { invoke, pluginError } from './invoke.js';
import { attachmentRequest, filterCapabilities, gcRequest } from './request.js';
import type { PluginExec } from './types.js';

const inv = { command: 'ADD', plugin: 'bridge', path: '/bin/bridge', env: {}, stdin: '{}' } as const;

describe('plugin error output', () => {
  const cases: {
    name: string;
    stdout: string;
    stderr?: string;
    want: { cniCode: number; msg: RegExp; details?: string };
  }[] = [
    {
      name: 'error JSON',
      stdout: '{"cniVersion":"1.0.0","code":7,"msg":"bad config","details":"no bridge"}',
      want: { cniCode: 7, msg: /^bad config$/, details: 'no bridge' },
    },
    {
      name: 'plugin-specific code',
      stdout: '{\n  "code": 999,\n  "msg": "eth0 exists"\n}',
      want: { cniCode: 999, msg: /eth0 exists/ },
    },
    {
      name: 'garbage stdout',
      stdout: 'panic: runtime error',
      want: {
        cniCode: 0,
        msg: /error parsing its diagnostic message "panic: runtime error"/,
        details: 'exit status 1',
      },
    },
    {
      name: 'JSON with a string code',
      stdout: '{"code":"7","msg":"x"}',
      want: { cniCode: 0, msg: /error parsing/, details: 'exit status 1' },
    },
    {
      name: 'stderr only',
      stdout: '',
      stderr: 'segfault\n',
      want: { cniCode: 0, msg: /netplugin failed: "segfault": exit status 1/ },
    },
    { name: 'nothing at all', stdout: '', want: { cniCode: 0, msg: /no error message: exit status 1/ } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const err = pluginError({ stdout: c.stdout, stderr: c.stderr ?? '', exitCode: 1 }, inv);
      assert.equal(err.code, 'ECNI_PLUGIN');
      assert.equal(err.cniCode, c.want.cniCode);
      assert.match(err.msg, c.want.msg);
      assert.equal(err.details, c.want.details ?? '');
      assert.equal(err.plugin, 'bridge');
      assert.equal(err.command, 'ADD');
      assert.match(err.message, /^plugin type="bridge" failed \(add\): /);
    });
  }
});

describe('invoke', () => {
  const busy = () => Object.assign(new Error('spawn ETXTBSY'), { code: 'ETXTBSY' });

  test('retries a binary that is busy being written (ETXTBSY)', async () => {
    let calls = 0;
    const exec: PluginExec = async () => {
      if (++calls < 3) throw busy();
      return { stdout: 'ok', stderr: '', exitCode: 0 };
    };
    assert.equal(await invoke(exec, inv, 0), 'ok');
    assert.equal(calls, 3);
  });

  test('gives up after 5 retries, and does not retry other spawn errors', async () => {
    let calls = 0;
    await assert.rejects(
      invoke(async () => (calls++, Promise.reject(busy())), inv, 0),
      /ETXTBSY/,
    );
    assert.equal(calls, 6);
    calls = 0;
    const missing = Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' });
    await assert.rejects(
      invoke(async () => (calls++, Promise.reject(missing)), inv, 0),
      (err) => isCniError(err) && err.code === 'ECNI_EXEC',
    );
    assert.equal(calls, 1);
  });
});

describe('environment', () => {
  test('CNI_ARGS: IgnoreUnknown=1 first, then the caller order', () => {
    const args = cniArgs({
      K8S_POD_NAMESPACE: 'default',
      K8S_POD_NAME: 'web-0',
      K8S_POD_INFRA_CONTAINER_ID: 'abc',
      K8S_POD_UID: 'u-1',
    });
    assert.equal(
      formatCniArgs(args),
      'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID=abc;K8S_POD_UID=u-1',
    );
    assert.equal(formatCniArgs(cniArgs({ IgnoreUnknown: '0', A: 'b' })), 'IgnoreUnknown=0;A=b');
  });

  for (const [name, args] of [
    ['a separator in a value', { K8S_POD_NAME: 'a;b' }],
    ['an = in a key', { 'A=B': 'c' }],
    ['an empty key', { '': 'c' }],
  ] as const) {
    test(`CNI_ARGS rejects ${name}`, () => {
      assert.throws(
        () => cniArgs(args),
        (err) => isCniError(err) && err.code === 'ECNI_INPUT',
      );
    });
  }

  const attachments = [
    {
      name: 'empty container ID',
      att: { containerId: '', netns: '/x', ifName: 'eth0' },
      match: /missing containerID/,
    },
    {
      name: 'container ID with a slash',
      att: { containerId: 'a/b', netns: '/x', ifName: 'eth0' },
      match: /invalid characters/,
    },
    {
      name: 'long interface name',
      att: { containerId: 'a', netns: '/x', ifName: 'eth0123456789012' },
      match: /interface name/,
    },
    {
      name: 'interface name with a colon',
      att: { containerId: 'a', netns: '/x', ifName: 'eth0:1' },
      match: /interface name/,
    },
    { name: 'no netns', att: { containerId: 'a', netns: '', ifName: 'eth0' }, match: /network namespace/ },
  ];
  for (const c of attachments) {
    test(`attachment rejected: ${c.name}`, () => {
      assert.throws(
        () => validateAttachment(c.att, true),
        (err) => isCniError(err) && err.code === 'ECNI_INPUT' && c.match.test(err.message),
      );
    });
  }
});

describe('request configuration', () => {
  const portmap = { type: 'portmap', capabilities: { portMappings: true, bandwidth: false } };
  const cases: {
    name: string;
    plugin: typeof portmap | { type: string };
    args?: Record<string, unknown>;
    want: unknown;
  }[] = [
    {
      name: 'declared and given',
      plugin: portmap,
      args: { portMappings: [1], bandwidth: {}, ips: ['x'] },
      want: { portMappings: [1] },
    },
    { name: 'declared false is not passed', plugin: portmap, args: { bandwidth: {} }, want: undefined },
    {
      name: 'no capabilities declared',
      plugin: { type: 'bridge' },
      args: { portMappings: [1] },
      want: undefined,
    },
    { name: 'no capability args', plugin: portmap, want: undefined },
  ];
  for (const c of cases) {
    test(`runtimeConfig: ${c.name}`, () => assert.deepEqual(filterCapabilities(c.plugin, c.args), c.want));
  }

  test('name and cniVersion are injected over the plugin own; no prevResult key when there is none', () => {
    const conf = JSON.parse(
      attachmentRequest(
        { type: 'x', name: 'old', cniVersion: '0.1.0', keep: 1 },
        { name: 'net', cniVersion: '1.0.0' },
        undefined,
        undefined,
      ),
    );
    assert.deepEqual(conf, { type: 'x', name: 'net', cniVersion: '1.0.0', keep: 1 });
  });

  test('GC carries the valid attachments under both keys', () => {
    const conf = JSON.parse(
      gcRequest({ type: 'x' }, { name: 'net', cniVersion: '1.1.0' }, [{ containerId: 'c1', ifName: 'eth0' }]),
    );
    const want = [{ containerID: 'c1', ifname: 'eth0' }];
    assert.deepEqual(conf['cni.dev/valid-attachments'], want);
    assert.deepEqual(conf['cni.dev/attachments'], want);
  });
});
