import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { makeLabConfig } from '../../src/lab/config.js';
import { labDown, labUp } from '../../src/lab/lifecycle.js';
import { hostNetns, labNetnsPrefix } from '../../src/lab/naming.js';
import { labDir, writeState } from '../../src/lab/state.js';
import { labStatus } from '../../src/lab/status.js';
import { labHosts } from '../../src/lab/plan.js';
import {
  kernel,
  ping,
  removeLabs,
  rootSnapshot,
  startTcpServer,
  tcpRequest,
  uniqueLabName,
  useTempHome,
} from './support/lab-fixture.js';

useTempHome();
const made = new Set<string>();
after(() => removeLabs(made));

/** A network-only lab (no API server): these tests are about the datacenter itself. */
async function up(tag: string, nodes: number, controlPlane = false) {
  const name = uniqueLabName(tag);
  made.add(name);
  return labUp(makeLabConfig({ name, nodes }), { kernel }, { controlPlane });
}

async function labNamespaces(name: string): Promise<string[]> {
  return (await kernel.listNetns()).filter((ns) => ns.startsWith(labNetnsPrefix(name)));
}

describe('the lab leaves the root namespace untouched', () => {
  test('links, addresses, routes, rules, nftables, iptables and sysctls are unchanged', async () => {
    const before = await rootSnapshot();
    // With the control plane: the API server and the host's kubectl forwarder must not change it either.
    const lab = await up('root', 3, true);
    const during = await rootSnapshot();
    assert.deepEqual(
      during,
      before,
      'no lab interface or setting may appear in the root namespace while it runs',
    );
    await labDown(lab.config.name, { kernel });
    assert.deepEqual(await rootSnapshot(), before);
  });
});

describe('a 3-node lab carries real traffic over its underlay', () => {
  let name = '';
  let hosts: ReturnType<typeof labHosts> = [];
  const servers: { stop(): void }[] = [];
  before(async () => {
    const lab = await up('traffic', 3);
    name = lab.config.name;
    hosts = [...lab.hosts];
  });
  after(() => servers.forEach((s) => s.stop()));

  const host = (h: string) => hosts.find((x) => x.name === h)!;

  test('every node pings every other node', async () => {
    const nodes = hosts.filter((h) => h.role === 'node');
    for (const from of nodes) {
      for (const to of nodes.filter((n) => n !== from)) {
        assert.equal(await ping(from.netns, to.ip!), true, `${from.name} -> ${to.name}`);
      }
    }
  });

  test("nodes open TCP connections to each other and see each other's real addresses", async () => {
    const target = host('node-2');
    servers.push(await startTcpServer(target.netns, target.ip!, 7001, 'node-2'));
    for (const from of ['node-1', 'node-3']) {
      const reply = await tcpRequest(host(from).netns, target.ip!, 7001);
      assert.equal(reply, `node-2 ${host(from).ip}`);
    }
  });

  test('the external host reaches every node IP by ping and TCP', async () => {
    const ext = host('external');
    for (const node of hosts.filter((h) => h.role === 'node')) {
      assert.equal(await ping(ext.netns, node.ip!), true, node.name);
      servers.push(await startTcpServer(node.netns, node.ip!, 7002, node.name));
      assert.equal(await tcpRequest(ext.netns, node.ip!, 7002), `${node.name} ${ext.ip}`);
    }
  });

  test('status reports every host healthy with its address', async () => {
    const status = await labStatus(name, kernel);
    assert.ok(status?.healthy);
    assert.deepEqual(
      status.hosts.map((h) => [h.name, h.role, h.health, h.addresses.join()]),
      [
        ['switch', 'switch', 'ok', ''],
        ['control', 'control', 'ok', '172.30.0.2/24'],
        ['node-1', 'node', 'ok', '172.30.0.11/24'],
        ['node-2', 'node', 'ok', '172.30.0.12/24'],
        ['node-3', 'node', 'ok', '172.30.0.13/24'],
        ['external', 'external', 'ok', '172.30.0.254/24'],
      ],
    );
  });

  test('down stops processes left in the lab and removes every namespace and link', async () => {
    const node = host('node-1');
    const orphan = await startTcpServer(node.netns, node.ip!, 7003, 'orphan');
    await labDown(name, { kernel });
    made.delete(name);
    assert.deepEqual(await labNamespaces(name), []);
    assert.equal(existsSync(labDir(name)), false, 'state directory removed');
    assert.throws(() => process.kill(orphan.pid, 0), /ESRCH/, 'the process inside the lab was stopped');
  });
});

describe('two labs with the same addressing run side by side without interfering', () => {
  test('each external host reaches only its own lab', async () => {
    const a = await up('side-a', 2);
    const b = await up('side-b', 2);
    const servers = [
      await startTcpServer(hostNetns(a.config.name, 'node-1'), '172.30.0.11', 7004, 'lab-a'),
      await startTcpServer(hostNetns(b.config.name, 'node-1'), '172.30.0.11', 7004, 'lab-b'),
    ];
    try {
      const fromA = await tcpRequest(hostNetns(a.config.name, 'external'), '172.30.0.11', 7004);
      const fromB = await tcpRequest(hostNetns(b.config.name, 'external'), '172.30.0.11', 7004);
      assert.equal(fromA, 'lab-a 172.30.0.254');
      assert.equal(fromB, 'lab-b 172.30.0.254');
      await labDown(a.config.name, { kernel });
      made.delete(a.config.name);
      assert.equal(
        await ping(hostNetns(b.config.name, 'external'), '172.30.0.12'),
        true,
        'lab b survives a down of lab a',
      );
    } finally {
      servers.forEach((s) => s.stop());
    }
  });
});

describe('down cleans up after a crash', () => {
  test('a half-finished up (state "creating", some namespaces) is removed completely', async () => {
    const config = makeLabConfig({ name: uniqueLabName('crash'), nodes: 3 });
    made.add(config.name);
    const hosts = labHosts(config);
    await writeState({ version: 1, config, phase: 'creating', createdAt: new Date().toISOString(), hosts });
    await kernel.createNetns(hosts[0]!.netns);
    await kernel.createNetns(hosts[1]!.netns);
    await labDown(config.name, { kernel });
    assert.deepEqual(await labNamespaces(config.name), []);
  });

  test('namespaces without any state file are swept by prefix', async () => {
    const name = uniqueLabName('nostate');
    made.add(name);
    await kernel.createNetns(hostNetns(name, 'node-7'));
    const result = await labDown(name, { kernel });
    assert.deepEqual(result, { namespaces: 1, existed: true });
    assert.deepEqual(await labNamespaces(name), []);
  });

  test('up refuses a name that already runs and leaves the running lab intact', async () => {
    const lab = await up('twice', 1);
    await assert.rejects(labUp(lab.config, { kernel }, { controlPlane: false }), /already exists/);
    assert.equal((await labStatus(lab.config.name, kernel))?.healthy, true);
  });
});
