import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { labDown } from '../../src/lab/lifecycle.js';
import type { BackendType } from '../../src/node-agent/backends/backend.js';
import { VTEP_NAME } from '../../src/node-agent/names.js';
import { NETEXEC, waitFor, waitReady, type PodView } from './support/cluster.js';
import { kernel } from './support/lab-fixture.js';
import {
  logSince,
  NETEXEC_DAEMONSET,
  restartNode,
  startBackendCluster,
  stopNode,
  type BackendCluster,
} from './flat-network-support.js';
import { clientIpServer, tcpStream, tcpTransfer, udpDatagram } from './flat-network-traffic.js';

/**
 * The Kubernetes flat network, checked on a 3-node lab per backend with one netexec pod per node:
 * every pod reaches every pod (TCP and UDP) and sees the sender's pod IP; every node reaches every
 * pod without NAT; pods leave the cluster SNATed to their node's IP; the backend's MTU holds for
 * full-size packets; and the agent repairs, restarts and forgets nodes without breaking traffic.
 */

const MTU: Record<BackendType, number> = { vxlan: 1450, 'host-gw': 1500 };
const EXTERNAL_PORT = 8000;

export function flatNetworkSuite(backend: BackendType): void {
  describe(`flat network (${backend} backend, 3 nodes)`, () => {
    let cluster: BackendCluster | undefined;
    let pods: PodView[] = [];
    const c = (): BackendCluster => cluster!;
    const ip = (pod: PodView): string => pod.status.podIP!;
    const node = (pod: PodView): string => pod.spec.nodeName!;
    const json = async <T>(hostName: string, url: string): Promise<T> =>
      JSON.parse(await c().host(hostName, ['curl', '-sS', '--max-time', '15', url])) as T;
    const dial = (
      from: PodView,
      host: string,
      port: number,
      protocol: 'http' | 'udp',
      request = 'clientip',
    ) =>
      json<{ responses?: string[]; errors?: string[] }>(
        node(from),
        `http://${ip(from)}:8080/dial?host=${host}&port=${port}&request=${request}&protocol=${protocol}&tries=1`,
      );
    const shell = async (pod: PodView, cmd: string) =>
      (
        await json<{ output: string }>(
          node(pod),
          `http://${ip(pod)}:8080/shell?cmd=${encodeURIComponent(cmd)}`,
        )
      ).output;
    const pair = (a: string, b: string): [PodView, PodView] => [
      pods.find((p) => node(p) === a)!,
      pods.find((p) => node(p) === b)!,
    ];

    before(async () => {
      cluster = await startBackendCluster(`flat-${backend.slice(0, 4)}`, backend);
      await c().kubectl(['apply', '-f', '-'], NETEXEC_DAEMONSET(NETEXEC));
      pods = await waitReady(c(), 'app=netexec', 3);
    });
    after(async () => {
      if (cluster) await labDown(cluster.name, { kernel });
    });

    test("each node runs one pod; its own view of its IP is status.podIP and its MTU is the backend's", async () => {
      assert.deepEqual(pods.map(node).sort(), ['node-1', 'node-2', 'node-3']);
      for (const pod of pods) {
        const eth0 = await shell(pod, 'ip -4 -o addr show dev eth0; ip -o link show dev eth0');
        assert.match(eth0, new RegExp(`inet ${ip(pod).replace(/\./g, '\\.')}/24 `));
        assert.match(eth0, new RegExp(` mtu ${MTU[backend]} `));
      }
    });

    test('every pod reaches every other pod over TCP and UDP, and the receiver sees the sender pod IP', async () => {
      for (const from of pods) {
        for (const to of pods.filter((p) => p !== from)) {
          for (const [port, protocol] of [
            [8080, 'http'],
            [8081, 'udp'],
          ] as const) {
            const reply = await dial(from, ip(to), port, protocol);
            assert.equal(
              reply.responses?.[0]?.split(':')[0],
              ip(from),
              `${node(from)} -> ${node(to)} ${protocol}: ${JSON.stringify(reply)}`,
            );
          }
        }
      }
    });

    test("every node host reaches every pod, and the pod sees one of that node's own addresses", async () => {
      for (const hostName of ['node-1', 'node-2', 'node-3']) {
        const own = (await c().kernelOf(hostName).listAddresses()).map((a) => a.cidr.split('/')[0]);
        for (const pod of pods) {
          const seen = (
            await c().host(hostName, ['curl', '-sS', '--max-time', '10', `http://${ip(pod)}:8080/clientip`])
          ).split(':')[0]!;
          assert.ok(
            own.includes(seen),
            `${hostName} -> ${node(pod)}: pod saw ${seen}, node has ${own.join(' ')}`,
          );
        }
      }
    });

    test('pods reach the external host, which sees their node IP (egress SNAT)', async () => {
      const external = c().state.hosts.find((h) => h.role === 'external')!;
      const server = await clientIpServer(external.netns, EXTERNAL_PORT);
      try {
        for (const pod of pods) {
          const reply = await dial(pod, external.ip!, EXTERNAL_PORT, 'http', 'hello');
          assert.deepEqual(
            reply.responses,
            [c().nodeIp(node(pod))],
            `${node(pod)}: ${JSON.stringify(reply)}`,
          );
        }
      } finally {
        server.stop();
      }
    });

    test('a full-size UDP datagram and a 20 MB TCP transfer cross nodes at the backend MTU', async () => {
      const [a, b] = pair('node-1', 'node-2');
      const mtu = MTU[backend];
      assert.equal(await udpDatagram(c().podNetns(a), ip(b), mtu), String(mtu - 28 - 5));
      assert.equal(
        await udpDatagram(c().podNetns(a), ip(b), mtu + 1),
        'errno 90',
        'one byte more does not fit',
      );
      const size = 20 * 1024 * 1024;
      assert.equal(await tcpTransfer(c().podNetns(b), c().podNetns(a), ip(b), size), size);
    });

    test("a route removed behind the agent's back is back within a few seconds", async () => {
      const [a, b] = pair('node-1', 'node-2');
      const subnet = `${ip(b).split('.').slice(0, 3).join('.')}.0/24`;
      const node1 = c().kernelOf('node-1');
      const before = (await node1.listRoutes()).find((r) => r.dst === subnet)!;
      await node1.apply([{ op: 'route.delete', route: { dst: subnet } }]);
      const started = Date.now();
      await waitFor(
        'the route back',
        async () => ((await node1.listRoutes()).some((r) => r.dst === subnet) ? true : undefined),
        15_000,
      );
      assert.ok(Date.now() - started < 10_000, `repaired after ${Date.now() - started} ms`);
      assert.deepEqual(
        (await node1.listRoutes()).find((r) => r.dst === subnet),
        before,
      );
      assert.equal((await dial(a, ip(b), 8080, 'http')).responses?.[0]?.split(':')[0], ip(a));
    });

    test('a node process restart keeps a long-running TCP stream across nodes (no flush)', async () => {
      const [a, b] = pair('node-1', 'node-2');
      const node2 = c().kernelOf('node-2');
      const snapshot = async () => ({
        routes: await node2.listRoutes(),
        links: (await node2.listLinks()).filter((l) => l.name === VTEP_NAME || l.name === 'eth0'),
        neighbours: (await node2.listNeighbours()).filter((n) => n.state === 'permanent'),
      });
      const before = await snapshot();
      const stream = await tcpStream(c().podNetns(b), c().podNetns(a), ip(b), 9000);
      try {
        await waitFor('bytes flowing', async () => (stream.bytes() > 10_000 ? true : undefined), 10_000);
        const daemon = await restartNode(c().name, 'node-2');
        const offset = statSync(daemon.log).size;
        await waitFor(
          'the restarted agent synced',
          async () => (/node-agent: synced/.test(logSince(daemon, offset)) ? true : undefined),
          30_000,
        );
        const atRestart = stream.bytes();
        await new Promise((r) => setTimeout(r, 2000));
        assert.equal(stream.error(), undefined);
        assert.ok(
          stream.bytes() > atRestart + 10_000,
          `stream kept flowing: ${atRestart} -> ${stream.bytes()}`,
        );
        assert.doesNotMatch(
          logSince(daemon, offset),
          /node-agent: (link|route|neigh|fdb) /,
          'no kernel change on restart',
        );
        assert.deepEqual(await snapshot(), before);
      } finally {
        stream.stop();
      }
    });

    test('after node-3 is deleted, no other node keeps a route, FDB entry or neighbour for it', async () => {
      const node3 = JSON.parse(await c().kubectl(['get', 'node', 'node-3', '-o', 'json'])) as {
        spec: { podCIDR: string };
      };
      const subnet = node3.spec.podCIDR;
      const gateway = subnet.split('/')[0]!;
      const ip3 = c().nodeIp('node-3');
      await stopNode(c().name, 'node-3');
      await c().kubectl(['delete', 'node', 'node-3']);
      for (const hostName of ['node-1', 'node-2']) {
        const k = c().kernelOf(hostName);
        const leftovers = async () => [
          ...(await k.listRoutes()).filter((r) => r.dst === subnet),
          ...(await k.listNeighbours()).filter((n) => n.ip === gateway),
          ...(await k.listFdb()).filter((f) => f.dst === ip3),
        ];
        await waitFor(
          `${hostName} forgets node-3`,
          async () => ((await leftovers()).length === 0 ? true : undefined),
          15_000,
        );
      }
      const [a, b] = pair('node-1', 'node-2');
      assert.equal(
        (await dial(a, ip(b), 8080, 'http')).responses?.[0]?.split(':')[0],
        ip(a),
        'the others still talk',
      );
    });
  });
}
