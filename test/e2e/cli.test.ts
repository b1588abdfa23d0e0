import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labNetnsPrefix } from '../../src/lab/naming.js';
import { flatnet } from './support/cli.js';
import { kernel, removeLabs, uniqueLabName, useTempHome } from './support/lab-fixture.js';

const home = useTempHome();
const made = new Set<string>();
after(() => removeLabs(made));

const labNamespaces = async (name: string) =>
  (await kernel.listNetns()).filter((ns) => ns.startsWith(labNetnsPrefix(name)));

describe('flatnet up/status/exec/down through the CLI', () => {
  test('a lab comes up, reports itself as JSON, runs commands in hosts and goes away', async () => {
    const name = uniqueLabName('cli');
    made.add(name);
    const up = flatnet(['up', '--name', name, '--nodes', '2']);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, new RegExp(`lab "${name}" is up: 2 nodes`));

    const status = flatnet(['status', '--name', name, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as {
      healthy: boolean;
      hosts: { name: string; role: string; netns: string; addresses: string[] }[];
    };
    assert.equal(parsed.healthy, true);
    assert.deepEqual(
      parsed.hosts.map((h) => [h.name, h.role, h.netns, h.addresses]),
      [
        ['switch', 'switch', `fn-${name}.switch`, []],
        ['control', 'control', `fn-${name}.control`, ['172.30.0.2/24']],
        ['node-1', 'node', `fn-${name}.node-1`, ['172.30.0.11/24']],
        ['node-2', 'node', `fn-${name}.node-2`, ['172.30.0.12/24']],
        ['external', 'external', `fn-${name}.external`, ['172.30.0.254/24']],
      ],
    );

    const exec = flatnet([
      'exec',
      '--name',
      name,
      '--host',
      'external',
      '--',
      'ping',
      '-c',
      '1',
      '-W',
      '2',
      '172.30.0.12',
    ]);
    assert.equal(exec.code, 0, exec.stderr);
    assert.match(exec.stdout, /1 received/);
    assert.equal(flatnet(['exec', '--name', name, '--host', 'node-1', '--', 'sh', '-c', 'exit 7']).code, 7);

    const check = flatnet(['check', '--name', name]);
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /6\/6 probes ok/);

    const again = flatnet(['up', '--name', name]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);

    const down = flatnet(['down', '--name', name]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await labNamespaces(name), []);
    made.delete(name);
    const quiet = flatnet(['down', '--name', name]);
    assert.deepEqual(
      [quiet.code, quiet.stdout, quiet.stderr],
      [0, '', ''],
      'down of a missing lab succeeds quietly',
    );
  });
});

describe('bad input gets one clear line, a non-zero exit and creates nothing', () => {
  const cases: { args: string[]; code: number; message: RegExp }[] = [
    { args: ['up', '--nodes', '0'], code: 2, message: /invalid node count "0"/ },
    { args: ['up', '--nodes=-3'], code: 2, message: /invalid node count "-3"/ },
    { args: ['up', '--nodes', '-3'], code: 2, message: /--nodes needs a value/ },
    { args: ['up', '--nodes', 'three'], code: 2, message: /invalid node count "three"/ },
    { args: ['up', '--nodes', '101'], code: 2, message: /from 1 to 100/ },
    { args: ['up', '--nodes', '2.5'], code: 2, message: /invalid node count/ },
    { args: ['up', '--name', 'Bad_Name'], code: 2, message: /invalid lab name "Bad_Name"/ },
    { args: ['up', '--name', 'x'.repeat(21)], code: 2, message: /invalid lab name/ },
    { args: ['up', '--name', '-lead'], code: 2, message: /invalid lab name|needs a value/ },
    { args: ['up', '--name', 'a.b'], code: 2, message: /invalid lab name "a.b"/ },
    { args: ['up', '--frobnicate'], code: 2, message: /Unknown option '--frobnicate'/ },
    { args: ['up', 'extra'], code: 2, message: /unexpected argument "extra"/ },
    { args: ['status', '--name', 'nosuchlab'], code: 1, message: /no lab named "nosuchlab"/ },
    {
      args: ['exec', '--name', 'nosuchlab', '--host', 'node-1', '--', 'true'],
      code: 1,
      message: /no lab named/,
    },
    { args: ['exec', '--host', 'node-1'], code: 2, message: /give a command/ },
    { args: ['down', '--all', '--name', 'x'], code: 2, message: /either --name or --all/ },
    { args: ['launch'], code: 2, message: /unknown command "launch"/ },
  ];
  for (const { args, code, message } of cases) {
    test(`flatnet ${args.join(' ')}`, async () => {
      const before = await kernel.listNetns();
      const result = flatnet(args);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'exactly one line');
      assert.match(result.stderr, /^flatnet: /);
      assert.deepEqual(await kernel.listNetns(), before, 'nothing created');
    });
  }

  test('not root: a clear error before anything happens', () => {
    const result = flatnet(['up', '--name', uniqueLabName('nonroot')], {
      uid: 65534,
      gid: 65534,
      env: { ...process.env, FLATNET_HOME: join(home, 'nobody') },
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^flatnet: "flatnet up" must run as root/);
  });

  test('missing system tools are named with the package to install', () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'flatnet-nopath-'));
    chmodSync(emptyPath, 0o755);
    const result = flatnet(['up', '--name', uniqueLabName('notools')], {
      env: { ...process.env, PATH: emptyPath },
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^flatnet: missing system tools ip, bridge, ping, sysctl: install with "apt-get install iproute2 iputils-ping procps"/,
    );
  });
});
