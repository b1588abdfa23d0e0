import { isNotFound } from '../../kernel/errors.js';
import type { HostKernel } from '../../kernel/types.js';
import type { CniRequest } from '../spec/plugin-main.js';
import type { BridgeConfig } from './config.js';
import { openContainerIfAny, type BridgeDeps } from './deps.js';
import { teardownMasq } from './masq.js';
import { hostVethName } from './names.js';

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
  if (container) {
    if (conf.ipMasq) for (const ip of await addressesOf(container, env.ifname)) podIps.add(ip);
    await deleteLink(container, env.ifname);
  }
  await deleteLink(deps.node, hostVethName(env.containerId, env.ifname));
  await deps.delegate(env)(conf.ipamType, 'DEL', req.stdin);
  if (conf.ipMasq) await teardownMasq(deps.node, podIps);
}

async function deleteLink(host: HostKernel, name: string): Promise<void> {
  try {
    await host.apply([{ op: 'link.delete', name }]);
  } catch (err) {
    if (!isNotFound(err)) throw err;
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
