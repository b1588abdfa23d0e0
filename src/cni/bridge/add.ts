import { isExists, isNotFound } from '../../kernel/errors.js';
import type { HostKernel } from '../../kernel/types.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import type { CniRequest } from '../spec/plugin-main.js';
import { decodeResult, type CniResult } from '../spec/result.js';
import type { BridgeConfig } from './config.js';
import { openContainer, type BridgeDeps } from './deps.js';
import { setupMasq, teardownMasq } from './masq.js';
import { hostVethName } from './names.js';
import { bridgeAddresses, planBridge, planContainer, planHostVeth, withGateways } from './plan.js';

/**
 * ADD, top to bottom (plugins/main/bridge cmdAdd): check the namespace, allocate the address,
 * then bridge, veth, container side, forwarding, masquerade, result. Once the address is
 * allocated, any failure deletes the veth this ADD created and hands the address back
 * (SPEC.md Section 4: "the upper plugin should execute again with DEL before returning failure").
 */
export async function bridgeAdd(req: CniRequest<BridgeConfig>, deps: BridgeDeps): Promise<CniResult> {
  const { conf, env } = req;
  const container = await openContainer(env.netns, deps);
  const hostVeth = hostVethName(env.containerId, env.ifname);
  // SPEC.md ADD: an existing interface is an error. The name is ours; it exists after an ADD without DEL.
  if (await deps.node.getLink(hostVeth)) {
    throw new CniError(CNI_CODE.INTERNAL, `interface ${hostVeth} for ${env.containerId}/${env.ifname} already exists`);
  }
  const ipam = deps.delegate(env);
  const allocated = decodeResult(await ipam(conf.ipamType, 'ADD', req.stdin));
  if (allocated.ips.length === 0) throw new CniError(CNI_CODE.INTERNAL, 'IPAM plugin returned missing IP config');
  try {
    const result = withGateways(conf, allocated);
    await ensureBridge(deps.node, conf, bridgeAddresses(conf, result));
    await deps.node.apply(planHostVeth(conf, hostVeth, env.ifname, container.netns!));
    await container.apply(planContainer(conf, env.ifname, result));
    if (conf.isGateway) await ensureForwarding(deps.node);
    if (conf.ipMasq) await setupMasq(deps.node, req.base.name, result.ips);
    return await describe(req, deps, container, hostVeth, result);
  } catch (err) {
    await rollback(req, deps, hostVeth, allocated);
    throw err;
  }
}

/** Concurrent ADDs race to create the bridge and its address: on "exists", look again once. */
async function ensureBridge(node: HostKernel, conf: BridgeConfig, gateways: string[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const link = await node.getLink(conf.bridge);
    const addresses = link ? await node.listAddresses(conf.bridge) : [];
    const ops = planBridge(conf, { ...(link && { link }), addresses }, gateways);
    if (ops.length === 0) return;
    try {
      return await node.apply(ops);
    } catch (err) {
      if (!isExists(err) || attempt > 0) throw err;
    }
  }
}

/** bridge.go enableIPForward: a gateway bridge routes for its pods. Written only when off. */
async function ensureForwarding(node: HostKernel): Promise<void> {
  if ((await node.getSysctl('net.ipv4.ip_forward')) !== '1') await node.setSysctl('net.ipv4.ip_forward', '1');
}

/** The result: interfaces `[bridge, hostVeth, container]` with the MACs the kernel gave them. */
async function describe(
  req: CniRequest<BridgeConfig>,
  deps: BridgeDeps,
  container: HostKernel,
  hostVeth: string,
  result: CniResult,
): Promise<CniResult> {
  const { conf, env } = req;
  const links = await deps.node.listLinks();
  const [bridge, veth] = [conf.bridge, hostVeth].map((name) => links.find((l) => l.name === name));
  const inside = await container.getLink(env.ifname);
  if (!bridge || !veth || !inside) throw new CniError(CNI_CODE.INTERNAL, 'interfaces vanished during ADD');
  return {
    interfaces: [
      { name: bridge.name, mac: bridge.mac, mtu: bridge.mtu },
      { name: veth.name, mac: veth.mac, mtu: veth.mtu },
      { name: inside.name, mac: inside.mac, mtu: inside.mtu, sandbox: env.netns },
    ],
    ips: result.ips,
    routes: result.routes,
    dns: conf.dns ?? result.dns,
  };
}

/** Best effort: every step runs even when one fails; the ADD's own error is what the runtime sees. */
async function rollback(
  req: CniRequest<BridgeConfig>,
  deps: BridgeDeps,
  hostVeth: string,
  allocated: CniResult,
): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    // Deleting the host end deletes the pair, so the container is left without the interface.
    ['delete veth', () => deps.node.apply([{ op: 'link.delete', name: hostVeth }])],
    ['release address', () => deps.delegate(req.env)(req.conf.ipamType, 'DEL', req.stdin)],
  ];
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
