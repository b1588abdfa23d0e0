import { isExists, isNotFound } from '../../kernel/errors.js';
import type { HostKernel, KernelOp, LinkInfo } from '../../kernel/types.js';
import type { CniEnv } from '../spec/env.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import type { CniRequest } from '../spec/plugin-main.js';
import { decodeResult, type CniResult } from '../spec/result.js';
import type { BridgeConfig } from './config.js';
import { openContainer, type BridgeDeps } from './deps.js';
import { setupMasq, teardownMasq } from './masq.js';
import { hostVethMac, hostVethName, podMac } from './names.js';
import { readNodeState, type NodeState } from './node-state.js';
import {
  CONTAINER_INTERFACE,
  KERNEL_DEFAULT_MTU,
  bridgeAddresses,
  planBridge,
  planContainer,
  planHostVeth,
  withGateways,
  type BridgeState,
} from './plan.js';
import { settleAll } from './settle.js';

/**
 * ADD, top to bottom (plugins/main/bridge cmdAdd): check the namespace, allocate the address,
 * then bridge, veth, container side, forwarding, masquerade, result. Once the address is
 * allocated, any failure deletes the veth this ADD created and hands the address back
 * (SPEC.md Section 4: "the upper plugin should execute again with DEL before returning failure").
 * Every kernel read or write is a process (ip, sysctl, nft, ~3 ms each): steps that do not depend
 * on each other run together, and the result is computed, not read back. The veth needs the
 * bridge but not the address, so it is made while IPAM allocates (into a bridge that exists
 * already, the common case); then the container side: two processes on the critical path.
 */
export async function bridgeAdd(req: CniRequest<BridgeConfig>, deps: BridgeDeps): Promise<CniResult> {
  const { conf, env } = req;
  const hostVeth = hostVethName(env.containerId, env.ifname);
  // First, alone: a missing namespace is code 3, "no cleanup needed", so nothing may be allocated.
  const container = await openContainer(env.netns, deps);
  const [allocation, early] = await Promise.allSettled([
    deps.delegate(env)(conf.ipamType, 'ADD', req.stdin).then(decodeResult),
    plugIntoExistingBridge(deps, conf, hostVeth, env, container),
  ]);
  const vethIsOurs = !(early.status === 'rejected' && early.reason instanceof ExistingVeth);
  if (allocation.status === 'rejected') {
    if (vethIsOurs) await deleteVeth(deps, hostVeth); // nothing was allocated: only the veth goes
    throw allocation.reason; // ADD twice ends here: IPAM refuses the owner a second address
  }
  const allocated = allocation.value;
  try {
    if (early.status === 'rejected') throw early.reason;
    if (allocated.ips.length === 0)
      throw new CniError(CNI_CODE.INTERNAL, 'IPAM plugin returned missing IP config');
    const result = withGateways(conf, allocated);
    const { state, plugged } = early.value;
    const bridge = await ensureBridge(deps, conf, bridgeAddresses(conf, result), state.bridge);
    if (!plugged) await createVeth(deps, conf, hostVeth, env, container);
    const [, bridgeLink] = await settleAll([
      container.apply(planContainer(conf, env.ifname, result)),
      bridge ? Promise.resolve(bridge) : readBridge(deps.node, conf.bridge),
      ensureForwarding(deps, conf, state.forwarding),
      conf.ipMasq ? setupMasq(deps.node, req.base.name, result.ips) : Promise.resolve(),
    ]);
    return describe(req, bridgeLink, hostVeth, result);
  } catch (err) {
    deps.nodeState?.forget(conf); // it may be what failed us (a bridge gone meanwhile)
    await rollback(req, deps, hostVeth, allocated, vethIsOurs && !(err instanceof ExistingVeth));
    throw err;
  }
}

/** The node's state, and the veth made already when the bridge is there (and is a bridge). */
async function plugIntoExistingBridge(
  deps: BridgeDeps,
  conf: BridgeConfig,
  hostVeth: string,
  env: CniEnv,
  container: HostKernel,
): Promise<{ state: NodeState; plugged: boolean }> {
  const state = await observeNode(deps, conf);
  const plugged = state.bridge.link?.kind === 'bridge';
  if (plugged) await createVeth(deps, conf, hostVeth, env, container);
  return { state, plugged };
}

/** SPEC.md ADD: an existing interface is an error. The name is ours; it exists after an ADD without DEL. */
class ExistingVeth extends CniError {}

/**
 * The veth pair, or ExistingVeth when its host end was there before: the kernel creates a pair
 * whole or not at all, so "exists" means it (or the pod's interface) predates this ADD. Looking
 * only then spares every ADD a process.
 */
async function createVeth(
  deps: BridgeDeps,
  conf: BridgeConfig,
  hostVeth: string,
  env: CniEnv,
  container: HostKernel,
): Promise<void> {
  try {
    await deps.node.apply(planHostVeth(conf, hostVeth, env.ifname, container.netns!));
  } catch (err) {
    if (isExists(err) && (await deps.node.getLink(hostVeth))) {
      const msg = `interface ${hostVeth} for ${env.containerId}/${env.ifname} already exists`;
      throw new ExistingVeth(CNI_CODE.INTERNAL, msg);
    }
    throw err;
  }
}

/** The node's state: remembered by the resident server (node-state.ts), read otherwise. */
function observeNode(deps: BridgeDeps, conf: BridgeConfig): Promise<NodeState> {
  return deps.nodeState ? deps.nodeState.read(deps.node, conf) : readNodeState(deps.node, conf);
}

/**
 * Concurrent ADDs race to create the bridge and its address: on "exists", look again once.
 * Returns the bridge as the result reports it when that is known without reading it back: as
 * observed (bridge.go too reports it as it was before the new port), or as just created with its
 * pinned MAC; undefined when only the kernel knows its MAC (a bridge that is no gateway).
 */
async function ensureBridge(
  deps: BridgeDeps,
  conf: BridgeConfig,
  gateways: string[],
  observed: BridgeState,
): Promise<BridgeLink | undefined> {
  const { node } = deps;
  let state = observed;
  for (let attempt = 0; ; attempt++) {
    const ops = planBridge(conf, state, gateways);
    if (ops.length === 0) return state.link;
    deps.nodeState?.forget(conf);
    try {
      await node.apply(ops);
      return reported(ops, state, conf);
    } catch (err) {
      if (!isExists(err) || attempt > 0) throw err;
    }
    const link = await node.getLink(conf.bridge);
    state = { ...(link && { link }), addresses: link ? await node.listAddresses(conf.bridge) : [] };
  }
}

/** After the plan: an address or `up` leave MAC and MTU as observed; a new bridge has what we gave it. */
function reported(ops: KernelOp[], state: BridgeState, conf: BridgeConfig): BridgeLink | undefined {
  const created = ops.find((op) => op.op === 'link.add');
  if (created === undefined) return state.link;
  return created.link.mac === undefined
    ? undefined
    : { mac: created.link.mac, mtu: conf.mtu || KERNEL_DEFAULT_MTU };
}

type BridgeLink = Pick<LinkInfo, 'mac' | 'mtu'>;

async function readBridge(node: HostKernel, name: string): Promise<BridgeLink> {
  const link = await node.getLink(name);
  if (link === undefined) throw new CniError(CNI_CODE.INTERNAL, `bridge ${name} vanished during ADD`);
  return link;
}

/** bridge.go enableIPForward: a gateway bridge routes for its pods. Written only when off. */
async function ensureForwarding(deps: BridgeDeps, conf: BridgeConfig, current?: string): Promise<void> {
  if (!conf.isGateway || current === '1') return;
  deps.nodeState?.forget(conf);
  await deps.node.setSysctl('net.ipv4.ip_forward', '1');
}

/**
 * The result: interfaces `[bridge, hostVeth, container]`. Our veth ends' MACs and MTUs are what the
 * plan set (names.ts), so nothing is read back from the kernel.
 */
function describe(
  req: CniRequest<BridgeConfig>,
  bridge: BridgeLink,
  hostVeth: string,
  result: CniResult,
): CniResult {
  const { conf, env } = req;
  const mtu = conf.mtu || KERNEL_DEFAULT_MTU;
  const podIp = result.ips.find((ip) => ip.interface === CONTAINER_INTERFACE)!.address.split('/')[0]!;
  return {
    interfaces: [
      { name: conf.bridge, mac: bridge.mac, mtu: bridge.mtu },
      { name: hostVeth, mac: hostVethMac(hostVeth), mtu },
      { name: env.ifname, mac: podMac(podIp), mtu, sandbox: env.netns },
    ],
    ips: result.ips,
    routes: result.routes,
    dns: conf.dns ?? result.dns,
  };
}

/** Deleting the host end deletes the pair, so the container is left without the interface. */
async function deleteVeth(deps: BridgeDeps, hostVeth: string): Promise<void> {
  await deps.node.apply([{ op: 'link.delete', name: hostVeth }]).catch((err: unknown) => {
    if (!isNotFound(err)) deps.log(`flatnet-bridge: could not delete ${hostVeth}: ${String(err)}\n`);
  });
}

/** Best effort: every step runs even when one fails; the ADD's own error is what the runtime sees. */
async function rollback(
  req: CniRequest<BridgeConfig>,
  deps: BridgeDeps,
  hostVeth: string,
  allocated: CniResult,
  vethIsOurs: boolean,
): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [];
  if (vethIsOurs) steps.push(['delete veth', () => deleteVeth(deps, hostVeth)]);
  steps.push(['release address', () => deps.delegate(req.env)(req.conf.ipamType, 'DEL', req.stdin)]);
  if (req.conf.ipMasq) {
    const ips = allocated.ips.map((ip) => ip.address.split('/')[0]!);
    steps.push(['remove masquerade', () => teardownMasq(deps.node, ips)]);
  }
  for (const [what, step] of steps) {
    await step().catch((err: unknown) => {
      if (!isNotFound(err)) deps.log(`flatnet-bridge: rollback could not ${what}: ${String(err)}\n`);
    });
  }
}
