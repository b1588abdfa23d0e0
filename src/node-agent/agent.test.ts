import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { FakeApiClient } from '../client/fake-client.js';
import { KINDS } from '../client/kinds.js';
import type { Node } from '../client/objects.js';
import { FakeKernel } from '../kernel/index.js';
import type { HostKernel } from '../kernel/types.js';
import { NodeAgent } from './agent.js';
import type { Backend } from './backends/backend.js';
import { hostGwBackend } from './backends/host-gw/host-gw.js';
import { vxlanBackend } from './backends/vxlan/vxlan.js';
import type { EventSink } from './events.js';
import { BACKEND_DATA_ANNOTATION, PUBLIC_IP_ANNOTATION } from './names.js';
import { extOf, labNode, makeNode, nodeIp, withAnnotations } from './testing.js';

/** The agent against the API fake and the kernel fake: node-1's process, other nodes as API objects. */

interface Fixture {
  readonly client: FakeApiClient;
  readonly host: HostKernel;
  readonly logs: string[];
  readonly events: string[];
  agent(backend?: Backend): NodeAgent;
}

const running: NodeAgent[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.stop()));
});

async function fixture(): Promise<Fixture> {
  const kernel = new FakeKernel();
  await kernel.createNetns('node-1');
  const host = kernel.host('node-1');
  await host.apply([
    { op: 'link.add', link: { kind: 'veth', name: 'eth0', peer: { name: 'wire' } } },
    { op: 'addr.add', address: { dev: 'eth0', cidr: `${nodeIp(1)}/24` } },
    { op: 'link.set', name: 'eth0', change: { up: true } },
  ]);
  const client = new FakeApiClient();
  const logs: string[] = [];
  const events: string[] = [];
  const sink: EventSink = {
    event: (obj, type, reason, message) => events.push(`${type} ${reason} ${obj.metadata.name}: ${message}`),
  };
  const agent = (backend: Backend = vxlanBackend()) => {
    const a = new NodeAgent(
      { nodeName: 'node-1', resyncMs: 40 },
      { client, host, backend, ext: extOf(1), events: sink, log: (l) => logs.push(l) },
    );
    running.push(a);
    return a;
  };
  return { client, host, logs, events, agent };
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, ms = 3000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10)))
    if (await check()) return;
  assert.fail(`timed out: ${what}`);
}

const hasRoute = async (host: HostKernel, dst: string) =>
  (await host.listRoutes()).some((r) => r.dst === dst);
const node = (client: FakeApiClient, name: string) => client.get<Node>(KINDS.node, undefined, name);

describe('node agent', () => {
  test('waits for its podCIDR, then creates the VTEP, publishes its lease and programs the others', async () => {
    const f = await fixture();
    f.client.seed(KINDS.node, makeNode('node-1'));
    f.client.seed(KINDS.node, labNode(2, vxlanBackend()));
    const agent = f.agent();
    assert.equal(agent.mtu, 1450);
    agent.start();
    await eventually('waiting logged', () => f.logs.some((l) => l.includes('waiting for node node-1')));
    assert.equal(await f.host.getLink('flannel.1'), undefined, 'nothing before the lease');
    await f.client.patch(KINDS.node, undefined, 'node-1', { spec: { podCIDR: '10.244.0.0/24' } });
    await eventually('node-2 routed', () => hasRoute(f.host, '10.244.1.0/24'));
    await eventually(
      'lease published',
      async () => (await node(f.client, 'node-1')).metadata.annotations !== undefined,
    );
    assert.deepEqual((await node(f.client, 'node-1')).metadata.annotations, {
      'flatnet.io/backend-type': 'vxlan',
      'flatnet.io/public-ip': '172.30.0.11',
      'flatnet.io/backend-data': '{"VNI":1,"VtepMAC":"0a:58:0a:f4:00:00"}',
    });
    assert.equal(await f.host.getSysctl('net.ipv4.ip_forward'), '1');
  });

  test('converges after a node joins and after one is deleted', async () => {
    const f = await fixture();
    f.client.seed(KINDS.node, labNode(1, vxlanBackend()));
    f.agent().start();
    await f.client.create(KINDS.node, labNode(3, vxlanBackend()));
    await eventually('node-3 routed', () => hasRoute(f.host, '10.244.2.0/24'));
    await f.client.delete(KINDS.node, undefined, 'node-3');
    await eventually('node-3 forgotten', async () => (await f.host.listFdb('flannel.1')).length === 0);
    assert.deepEqual(await f.host.listNeighbours('flannel.1'), []);
    assert.equal(await hasRoute(f.host, '10.244.2.0/24'), false);
  });

  test('a Node with garbage annotations gets one Warning event and one log line; the others keep working', async () => {
    const f = await fixture();
    f.client.seed(KINDS.node, labNode(1, vxlanBackend()));
    f.client.seed(
      KINDS.node,
      labNode(2, vxlanBackend(), withAnnotations({ [BACKEND_DATA_ANNOTATION]: 'garbage' })),
    );
    f.client.seed(KINDS.node, labNode(3, vxlanBackend()));
    f.agent().start();
    await eventually('node-3 routed', () => hasRoute(f.host, '10.244.2.0/24'));
    await new Promise((r) => setTimeout(r, 200)); // several resyncs
    assert.deepEqual(f.events, [
      'Warning InvalidNodeLease node-2: node node-2: annotation flatnet.io/backend-data "garbage" is not JSON',
    ]);
    assert.equal(f.logs.filter((l) => l.includes('is not JSON')).length, 1);
    await f.client.patch(KINDS.node, undefined, 'node-2', {
      metadata: { annotations: labNode(2, vxlanBackend()).metadata.annotations },
    });
    await eventually('node-2 routed once fixed', () => hasRoute(f.host, '10.244.1.0/24'));
    assert.ok(f.logs.some((l) => l.startsWith('node-agent: resolved: node node-2')));
  });

  test('host-gw refuses a node off the L2 segment with a Warning event on this node', async () => {
    const f = await fixture();
    f.client.seed(KINDS.node, labNode(1, hostGwBackend()));
    f.client.seed(
      KINDS.node,
      labNode(2, hostGwBackend(), withAnnotations({ [PUBLIC_IP_ANNOTATION]: '10.9.9.9' })),
    );
    f.client.seed(KINDS.node, labNode(3, hostGwBackend()));
    f.agent(hostGwBackend()).start();
    await eventually('node-3 routed', () => hasRoute(f.host, '10.244.2.0/24'));
    await eventually('event', () => f.events.length > 0);
    assert.match(
      f.events[0]!,
      /^Warning RouteRefused node-1: host-gw cannot route 10\.244\.1\.0\/24 to node node-2/,
    );
    assert.equal(await hasRoute(f.host, '10.244.1.0/24'), false);
  });

  test('repairs a route deleted behind its back within the resync period', async () => {
    const f = await fixture();
    f.client.seed(KINDS.node, labNode(1, vxlanBackend()));
    f.client.seed(KINDS.node, labNode(2, vxlanBackend()));
    f.agent().start();
    await eventually('routed', () => hasRoute(f.host, '10.244.1.0/24'));
    await f.host.apply([{ op: 'route.delete', route: { dst: '10.244.1.0/24' } }]);
    await eventually('repaired', () => hasRoute(f.host, '10.244.1.0/24'), 1000);
  });

  test('a restarted agent changes nothing in the kernel and publishes nothing new', async () => {
    const f = await fixture();
    f.client.seed(KINDS.node, labNode(1, vxlanBackend()));
    f.client.seed(KINDS.node, labNode(2, vxlanBackend()));
    const first = f.agent();
    first.start();
    await eventually('routed', () => hasRoute(f.host, '10.244.1.0/24'));
    await first.stop();
    const writes = f.client.writes.length;
    f.logs.length = 0;
    const second = f.agent();
    second.start();
    await eventually('synced', () => f.logs.some((l) => l.includes('synced: 1 remote nodes')));
    assert.deepEqual(
      f.logs.filter((l) => /node-agent: (link|addr|route|neigh|fdb) /.test(l)),
      [],
    );
    assert.equal(f.client.writes.length, writes);
  });

  test('a failing sync is logged and retried, never thrown', async () => {
    const f = await fixture();
    const patch = f.client.patch.bind(f.client);
    let failures = 1;
    f.client.patch = (async (...args: Parameters<typeof patch>) => {
      if (failures-- > 0) throw new Error('connection reset');
      return patch(...args);
    }) as typeof f.client.patch;
    f.client.seed(
      KINDS.node,
      makeNode('node-1', (n) => (n.spec = { podCIDR: '10.244.0.0/24' })),
    );
    f.agent().start();
    await eventually(
      'published after a retry',
      async () => (await node(f.client, 'node-1')).metadata.annotations !== undefined,
    );
    assert.ok(f.logs.some((l) => l === 'node-agent: sync failed: connection reset'));
  });
});
