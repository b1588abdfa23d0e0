import type { LinkInfo } from '../types.js';
import type { FakeLink, FakeNetns } from './model.js';
import { newNetns } from './model.js';
import { LOCAL_TABLE, MAIN_TABLE, tableRoutes } from './route-table.js';
import { sysctlDefault } from './sysctl.js';

/**
 * A canonical text picture of the fake's namespaces for unit tests to compare against: sorted, free
 * of creation order (no ifindexes), one line per object. Leaves out what the kernel derives on its
 * own and would only add noise: the kernel's routes in table local, and sysctls nobody changed.
 */

const HOST = '(host)';

export function toLinkInfo(link: FakeLink): LinkInfo {
  return {
    name: link.name,
    index: link.index,
    kind: link.kind,
    mtu: link.mtu,
    up: link.up,
    mac: link.mac,
    ...(link.master !== undefined && { master: link.master, hairpin: link.hairpin === true }),
    ...(link.vxlan !== undefined && { vxlan: { ...link.vxlan } }),
  };
}

/** Named namespaces in name order; the host namespace first, and only once something changed in it. */
export function dumpNamespaces(host: FakeNetns, named: readonly FakeNetns[]): string {
  const hostText = dumpNetns(host);
  const shown = hostText === dumpNetns(newNetns(null)) ? '' : hostText;
  const sorted = [...named].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return shown + sorted.map(dumpNetns).join('');
}

function dumpNetns(ns: FakeNetns): string {
  const links = [...ns.links.values()].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    ...links.map(linkLine),
    ...links.flatMap((l) =>
      l.addresses.map((a) => `addr ${l.name} ${a.ip}/${a.prefix}${a.secondary ? ' secondary' : ''}`),
    ),
    ...routeLines(ns),
    ...[...ns.neighbours.values()].map((n) => `neigh ${n.dev} ${n.ip} lladdr ${n.mac} ${n.state}`).sort(),
    ...links.flatMap((l) =>
      [...l.fdb.entries()].flatMap(([mac, remotes]) =>
        remotes.length === 0
          ? [`fdb ${l.name} ${mac}`]
          : remotes.map((dst) => `fdb ${l.name} ${mac} dst ${dst}`),
      ),
    ),
    ...[...ns.sysctl.entries()]
      .filter(([key, value]) => isNotable(ns, key, value))
      .map(([key, value]) => `sysctl ${key}=${value.replace(/\t/g, ' ')}`)
      .sort(),
    ...ns.nft.tables.map((t) => `nft table ${t.family} ${t.name}`),
  ];
  return `netns ${ns.name ?? HOST}\n${lines.map((l) => `  ${l}\n`).join('')}`;
}

/**
 * Sysctls worth a line: global keys away from the kernel default, and device keys away from what
 * the device inherits (conf.default). conf.all.forwarding is ip_forward under another name.
 */
function isNotable(ns: FakeNetns, key: string, value: string): boolean {
  if (key === 'net.ipv4.conf.all.forwarding') return false;
  const device = /^net\.(ipv[46])\.conf\.([^.]+)\.(.+)$/.exec(key);
  if (device && device[2] !== 'all' && device[2] !== 'default') {
    return value !== ns.sysctl.get(`net.${device[1]}.conf.default.${device[3]}`);
  }
  return sysctlDefault(key) !== value;
}

function linkLine(l: FakeLink): string {
  const words = [`link ${l.name} ${l.kind} mtu ${l.mtu} ${l.up ? 'up' : 'down'} mac ${l.mac}`];
  if (l.master !== undefined) words.push(`master ${l.master}${l.hairpin ? ' hairpin' : ''}`);
  if (l.peer) words.push(`peer ${l.peer.netns.name ?? HOST}/${l.peer.name}`);
  const v = l.vxlan;
  if (v) {
    words.push(`vni ${v.vni} port ${v.port}`);
    if (v.local !== undefined) words.push(`local ${v.local}`);
    if (v.dev !== undefined) words.push(`dev ${v.dev}`);
    words.push(v.learning ? 'learning' : 'nolearning');
  }
  return words.join(' ');
}

function routeLines(ns: FakeNetns): string[] {
  const tables = [...new Set(ns.routes.map((r) => r.table))].sort((a, b) => a - b);
  return tables.flatMap((table) =>
    tableRoutes(ns, table)
      .filter((r) => !(table === LOCAL_TABLE && r.protocol === 'kernel'))
      .map((r) => {
        const name = table === MAIN_TABLE ? 'main' : table === LOCAL_TABLE ? 'local' : String(table);
        const words = [
          `route ${name}`,
          r.type === 'unicast' ? '' : r.type,
          r.dst === '0.0.0.0/0' ? 'default' : r.dst,
        ];
        if (r.via !== undefined) words.push(`via ${r.via}`);
        if (r.dev !== undefined) words.push(`dev ${r.dev}`);
        if (r.onlink) words.push('onlink');
        if (r.src !== undefined) words.push(`src ${r.src}`);
        if (r.scope !== 'global') words.push(`scope ${r.scope}`);
        if (r.metric !== 0) words.push(`metric ${r.metric}`);
        words.push(`proto ${r.protocol}`);
        return words.filter(Boolean).join(' ');
      }),
  );
}
