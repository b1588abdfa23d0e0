import type { HostKernel, LinkInfo } from '../../kernel/types.js';
import { CNI_CODE, CniError, invalidConfig } from '../spec/errors.js';
import type { CniRequest } from '../spec/plugin-main.js';
import type { CniInterface, CniResult } from '../spec/result.js';
import type { BridgeConfig } from './config.js';
import { openContainer, type BridgeDeps } from './deps.js';
import { CONTAINER_INTERFACE } from './plan.js';

/**
 * CHECK (plugins/main/bridge cmdCheck): IPAM's CHECK first (SPEC.md: "should call CHECK on any
 * delegated plugins"), then every interface, address and route of prevResult must be there.
 */
export async function bridgeCheck(req: CniRequest<BridgeConfig>, deps: BridgeDeps): Promise<void> {
  const { conf, env } = req;
  const prev = conf.prevResult;
  if (prev === undefined) throw invalidConfig('CHECK needs prevResult');
  const container = await openContainer(env.netns, deps);
  await deps.delegate(env)(conf.ipamType, 'CHECK', req.stdin);
  const inside = prev.interfaces?.find((i) => i.name === env.ifname && i.sandbox === env.netns);
  if (inside === undefined) fail(`prevResult has no interface ${env.ifname} in ${env.netns}`);
  const bridge = await expectLink(deps.node, { name: conf.bridge, ...macOf(prev, conf.bridge) }, 'bridge');
  const podEnd = await expectLink(container, inside, 'veth');
  const hostEnds = (prev.interfaces ?? []).filter(
    (i) => i !== inside && i.name !== conf.bridge && !i.sandbox,
  );
  for (const end of hostEnds) {
    const link = await expectLink(deps.node, end, 'veth');
    if (link.master !== bridge.name) fail(`${link.name} is not a port of ${bridge.name}`);
  }
  await checkAddresses(container, podEnd.name, prev);
  await checkRoutes(container, prev);
}

function fail(message: string): never {
  throw new CniError(CNI_CODE.INTERNAL, message);
}

const macOf = (result: CniResult, name: string): { mac?: string } => {
  const mac = result.interfaces?.find((i) => i.name === name && !i.sandbox)?.mac;
  return mac === undefined ? {} : { mac };
};

async function expectLink(host: HostKernel, want: CniInterface, kind: LinkInfo['kind']): Promise<LinkInfo> {
  const link = await host.getLink(want.name);
  if (link === undefined) fail(`interface ${want.name} not found`);
  if (link.kind !== kind) fail(`interface ${want.name} is a ${link.kind}, not a ${kind}`);
  if (want.mac !== undefined && want.mac !== link.mac)
    fail(`interface ${want.name} MAC ${link.mac} is not ${want.mac}`);
  return link;
}

async function checkAddresses(container: HostKernel, ifname: string, prev: CniResult): Promise<void> {
  const have = new Set((await container.listAddresses(ifname)).map((a) => a.cidr));
  for (const ip of prev.ips.filter((i) => i.interface === CONTAINER_INTERFACE)) {
    if (!have.has(ip.address)) fail(`${ifname} lacks address ${ip.address}`);
  }
}

/** ip.ValidateExpectedRoute: each route's destination (and gateway, when given) is in the main table. */
async function checkRoutes(container: HostKernel, prev: CniResult): Promise<void> {
  const routes = await container.listRoutes();
  for (const want of prev.routes) {
    const dst = want.dst === '0.0.0.0/0' ? 'default' : want.dst;
    const found = routes.some((r) => r.dst === dst && (want.gw === undefined || r.via === want.gw));
    if (!found) fail(`route ${want.dst}${want.gw ? ` via ${want.gw}` : ''} not found`);
  }
}
