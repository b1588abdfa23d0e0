import type { AddressInfo, FdbSpec, LinkInfo, LinkKind, NeighSpec, NeighState, RouteInfo } from '../types.js';

/** Pure parsers for iproute2's JSON output (`ip -j`, `bridge -j`), tolerant of absent fields. */

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

export function parseJsonArray(text: string): Json[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : list(JSON.parse(trimmed));
}

const KNOWN_KINDS: readonly LinkKind[] = ['veth', 'bridge', 'vxlan', 'dummy'];

export function parseLinks(text: string): LinkInfo[] {
  return parseJsonArray(text).map((l) => {
    const info = (l['linkinfo'] ?? {}) as Json;
    const infoKind = str(info['info_kind']);
    const kind: LinkKind =
      l['link_type'] === 'loopback'
        ? 'loopback'
        : KNOWN_KINDS.includes(infoKind as LinkKind)
          ? (infoKind as LinkKind)
          : 'other';
    const flags = (l['flags'] as string[] | undefined) ?? [];
    const link: Record<string, unknown> = {
      name: str(l['ifname']) ?? '',
      index: num(l['ifindex']) ?? 0,
      kind,
      mtu: num(l['mtu']) ?? 0,
      up: flags.includes('UP'),
      mac: str(l['address']) ?? '',
    };
    const master = str(l['master']);
    if (master !== undefined) link['master'] = master;
    const slave = info['info_slave_data'] as Json | undefined;
    if (str(info['info_slave_kind']) === 'bridge' && slave) link['hairpin'] = slave['hairpin'] === true;
    if (kind === 'vxlan') {
      const data = (info['info_data'] ?? {}) as Json;
      const vxlan: Record<string, unknown> = {
        vni: num(data['id']) ?? 0,
        port: num(data['port']) ?? 0,
        learning: data['learning'] === true,
      };
      if (str(data['local']) !== undefined) vxlan['local'] = data['local'];
      if (str(data['link']) !== undefined) vxlan['dev'] = data['link'];
      link['vxlan'] = vxlan;
    }
    return link as unknown as LinkInfo;
  });
}

export function parseAddresses(text: string): AddressInfo[] {
  return parseJsonArray(text).flatMap((l) =>
    list(l['addr_info'])
      .filter((a) => a['family'] === 'inet')
      .map((a) => ({ dev: str(l['ifname']) ?? '', cidr: `${str(a['local'])}/${num(a['prefixlen'])}` })),
  );
}

export function parseRoutes(text: string, table: number): RouteInfo[] {
  return parseJsonArray(text).map((r) => {
    const dst = str(r['dst']) ?? 'default';
    const route: Record<string, unknown> = {
      dst: dst === 'default' || dst.includes('/') ? dst : `${dst}/32`,
      protocol: str(r['protocol']) ?? 'boot',
    };
    const type = str(r['type']);
    if (type === 'blackhole' || type === 'local' || type === 'broadcast') route['type'] = type;
    if (str(r['gateway']) !== undefined) route['via'] = r['gateway'];
    if (str(r['dev']) !== undefined) route['dev'] = r['dev'];
    if (((r['flags'] as string[] | undefined) ?? []).includes('onlink')) route['onlink'] = true;
    if (str(r['prefsrc']) !== undefined) route['src'] = r['prefsrc'];
    const scope = str(r['scope']);
    if (scope === 'link' || scope === 'host') route['scope'] = scope;
    if (num(r['metric']) !== undefined) route['metric'] = r['metric'];
    if (table !== 254) route['table'] = table;
    return route as unknown as RouteInfo;
  });
}

function neighState(states: unknown): NeighState {
  const s = ((states as string[] | undefined) ?? []).map((x) => x.toLowerCase());
  for (const known of ['permanent', 'reachable', 'stale', 'noarp'] as const)
    if (s.includes(known)) return known;
  return 'other';
}

/** `dev` is the `dev` filter of the command, if any: `ip neigh show dev X` leaves the device out of each entry. */
export function parseNeighbours(text: string, dev?: string): (NeighSpec & { state: NeighState })[] {
  return parseJsonArray(text)
    .filter((n) => str(n['lladdr']) !== undefined && str(n['dst'])?.includes('.'))
    .map((n) => ({
      ip: str(n['dst'])!,
      mac: str(n['lladdr'])!,
      dev: str(n['dev']) ?? dev ?? '',
      state: neighState(n['state']),
    }));
}

/**
 * Only entries with a remote `dst`: the VXLAN forwarding entries that flatnet writes.
 * `dev` is the command's `dev` filter: `bridge fdb show dev X` leaves `ifname` out of each entry.
 */
export function parseFdb(text: string, dev?: string): FdbSpec[] {
  return parseJsonArray(text)
    .filter((f) => str(f['dst']) !== undefined && str(f['mac']) !== undefined)
    .map((f) => ({
      mac: str(f['mac'])!,
      dev: str(f['ifname']) ?? dev ?? '',
      dst: str(f['dst'])!,
      permanent: f['state'] === 'permanent',
    }));
}
