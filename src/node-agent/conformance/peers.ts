import assert from 'node:assert/strict';
import { it } from 'node:test';
import { inLab, type KernelSetup } from '../../kernel/conformance/harness.js';
import type { KernelOp } from '../../kernel/types.js';
import { BACKEND_DATA_ANNOTATION, NAT_TABLE, PUBLIC_IP_ANNOTATION } from '../names.js';
import { extOf, labNode, podCidr, withAnnotations } from '../testing.js';
import { agentState, expected, kinds, nodeHost, touches, type BackendCase } from './harness.js';

/** Remote nodes join, leave, break and come back: the same expectations for every backend. */
export function peerCases(setup: KernelSetup, c: BackendCase): void {
  it(
    'programs every remote node, and a second pass changes nothing',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      const peers = [labNode(2, a.backend), labNode(3, a.backend)];
      const first = await a.sync(peers);
      assert.deepEqual(first.programmed, ['node-2', 'node-3']);
      assert.equal(first.mtu, c.podMtu);
      assert.deepEqual(await agentState(a), expected(c, [2, 3]));
      assert.deepEqual((await a.sync(peers)).ops, [], 'converged: nothing to do');
    }),
  );

  it(
    'adds a joining node neighbour first, route last, and touches nothing else',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      await a.sync([labNode(2, a.backend)]);
      const { ops } = await a.sync([labNode(2, a.backend), labNode(3, a.backend)]);
      assert.ok(
        ops.every((op) => touches(op, 3)),
        `only node-3: ${JSON.stringify(ops)}`,
      );
      assert.deepEqual(kinds(ops), addOrder(c, 3));
      assert.deepEqual(await agentState(a), expected(c, [2, 3]));
    }),
  );

  it(
    'removes a node that left route first, neighbour last, and keeps the others',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      await a.sync([labNode(2, a.backend), labNode(3, a.backend)]);
      const { ops } = await a.sync([labNode(2, a.backend)]);
      assert.ok(
        ops.every((op) => touches(op, 3)),
        `only node-3: ${JSON.stringify(ops)}`,
      );
      assert.deepEqual(
        kinds(ops),
        [...addOrder(c, 3)].reverse().map((k) => k.replace('replace', 'delete')),
      );
      assert.deepEqual(await agentState(a), expected(c, [2]));
    }),
  );

  it(
    'at start removes what nodes deleted while it was down left behind, and keeps working entries',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      await a.sync([labNode(2, a.backend), labNode(3, a.backend), labNode(4, a.backend)]);
      // A new process: the planner holds no memory, it only sees the Nodes and the kernel.
      const { ops } = await a.sync([labNode(2, a.backend), labNode(4, a.backend)]);
      assert.ok(ops.length > 0 && ops.every((op) => touches(op, 3) && op.op.endsWith('.delete')));
      assert.deepEqual(await agentState(a), expected(c, [2, 4]));
      assert.deepEqual(
        (await a.sync([labNode(2, a.backend), labNode(4, a.backend)])).ops,
        [],
        'restart: no op',
      );
    }),
  );

  it(
    'repairs entries removed behind its back, and only those',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      const peers = [labNode(2, a.backend), labNode(3, a.backend)];
      await a.sync(peers);
      const removed: KernelOp[] = [{ op: 'route.delete', route: c.entriesFor(3).routes[0]! }];
      for (const neigh of c.entriesFor(3).neighbours) removed.push({ op: 'neigh.delete', neigh });
      await a.host.apply(removed);
      const { ops } = await a.sync(peers);
      assert.equal(ops.length, removed.length);
      assert.ok(ops.every((op) => touches(op, 3) && !op.op.endsWith('.delete')));
      assert.deepEqual(await agentState(a), expected(c, [2, 3]));
    }),
  );

  it(
    'skips a node with missing or garbage annotations, keeps what it had, and programs the rest',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      await a.sync([labNode(2, a.backend), labNode(3, a.backend)]);
      const garbage = labNode(3, a.backend, withAnnotations({ [BACKEND_DATA_ANNOTATION]: '{not json' }));
      const bare = labNode(5, a.backend);
      bare.metadata.annotations = {};
      const plan = await a.sync([labNode(2, a.backend), garbage, labNode(4, a.backend), bare]);
      assert.deepEqual(plan.programmed, ['node-2', 'node-4']);
      assert.deepEqual(
        plan.problems.map((p) => [p.node, p.pending ?? false]),
        [
          ['node-3', false],
          ['node-5', true],
        ],
      );
      assert.ok(
        plan.ops.every((op) => touches(op, 4)),
        'node-3 entries untouched',
      );
      assert.deepEqual(await agentState(a), expected(c, [2, 3, 4]));
    }),
  );

  it(
    're-points a node whose public IP changed, in place',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      await a.sync([labNode(2, a.backend), labNode(3, a.backend)]);
      const moved = labNode(3, a.backend, withAnnotations({ [PUBLIC_IP_ANNOTATION]: extOf(9).ip }));
      const { ops } = await a.sync([labNode(2, a.backend), moved]);
      assert.ok(
        ops.every((op) => !op.op.endsWith('.delete')),
        'replaced, never removed first',
      );
      const state = await agentState(a);
      assert.ok(JSON.stringify(state).includes(`"${extOf(9).ip}"`));
      assert.ok(!JSON.stringify(state).includes(`"${extOf(3).ip}"`));
    }),
  );

  it(
    'turns forwarding on and keeps one SNAT table, re-applied idempotently',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, c.make());
      await a.sync([labNode(2, a.backend)]);
      assert.equal(await a.host.getSysctl('net.ipv4.ip_forward'), '1');
      const tables = async () =>
        (await a.host.nftList()).nftables.filter((o) => 'table' in o).map((o) => o['table']);
      const once = await tables();
      assert.deepEqual(
        once.map((t) => (t as { name: string }).name),
        [NAT_TABLE],
      );
      await a.sync([labNode(2, a.backend)]);
      assert.deepEqual(await tables(), once);
      assert.deepEqual(
        a.backend.network(a.ext, podCidr(1)).device(await viewOf(a)).ops,
        [],
        'device in place',
      );
    }),
  );
}

/** The ops that add node i, in flannel's order: neighbour, FDB entry, route. */
function addOrder(c: BackendCase, i: number): string[] {
  const e = c.entriesFor(i);
  return [
    ...e.neighbours.map(() => 'neigh.replace'),
    ...e.fdb.map(() => 'fdb.replace'),
    ...e.routes.map(() => 'route.replace'),
  ];
}

async function viewOf(a: Awaited<ReturnType<typeof nodeHost>>) {
  return { links: await a.host.listLinks(), addresses: await a.host.listAddresses() };
}
