import { isNotFound } from '../../kernel/errors.js';
import type { HostKernel } from '../../kernel/types.js';
import type { CniRequest } from '../spec/plugin-main.js';
import type { BridgeConfig } from './config.js';
import { openContainerIfAny, type BridgeDeps } from './deps.js';
import { teardownMasq } from './masq.js';
import { hostVethName } from './names.js';
import { settleAll } from './settle.js';

/**
 * DEL (plugins/main/bridge cmdDel), idempotent: SPEC.md "Plugins MUST accept multiple DEL calls
 * ... and return success if the interface in question, or any modifications added, are missing".
 * The container side is skipped when CNI_NETNS is empty or gone; the host veth is found by its
 * derived name; the address is always released through IPAM, which is what matters most.
 */
export async function bridgeDel(req: CniRequest<BridgeConfig>, deps: BridgeDeps): Promise<void> {
  const { conf, env } = req;
  const podIps = new Set((conf.prevResult?.ips ?? []).map((ip) => ip.address.split('/')[0]!));
  const container = await openContainerIfAny(env.netns, deps);
  if (container && conf.ipMasq) for (const ip of await addressesOf(container, env.ifname)) podIps.add(ip);
  // The host end, found by its name, takes the pair with it: one process. The container's interface
  // is deleted by name (as bridge.go does) only when there was no host end. The address goes back
  // meanwhile: the reference releases it first, before touching any interface (bridge.go cmdDel).
  const hostVeth = hostVethName(env.containerId, env.ifname);
  await settleAll([
    deleteLink(deps.node, hostVeth).then((found) =>
      !found && container ? deleteLink(container, env.ifname) : false,
    ),
    deps.delegate(env)(conf.ipamType, 'DEL', req.stdin),
  ]);
  if (conf.ipMasq) await teardownMasq(deps.node, podIps);
}

/** Whether there was such a link. */
async function deleteLink(host: HostKernel, name: string): Promise<boolean> {
  try {
    await host.apply([{ op: 'link.delete', name }]);
    return true;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return false;
  }
}

/** ip.DelLinkByNameAddr: the interface's addresses, read before it goes (for the masquerade teardown). */
async function addressesOf(container: HostKernel, ifname: string): Promise<string[]> {
  try {
    return (await container.listAddresses(ifname)).map((a) => a.cidr.split('/')[0]!);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}
