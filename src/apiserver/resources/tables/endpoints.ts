import type { KubeObject, TableColumn } from '../types.js';
import { at, num, recs, str, strs } from '../json.js';
import { ageColumn, column, listWithMore } from './format.js';

/**
 * `kubectl get endpoints|endpointslices`: formatEndpoints, formatDiscoveryPorts and
 * formatDiscoveryEndpoints in kubernetes pkg/printers/internalversion/printers.go (1.32).
 */

const MAX_SHOWN = 3;

/** net.JoinHostPort: IPv6 hosts are bracketed. */
const joinHostPort = (host: string, port: number): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/**
 * formatEndpoints: ready addresses as `ip:port` for every port of every subset (bare IPs for a
 * subset without ports), the first three shown, then " + N more..."; "<none>" without subsets.
 */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = recs(ep['subsets']);
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = recs(subset['addresses']).map((a) => str(a['ip']));
    const ports = recs(subset['ports']);
    // Headless services may have endpoints without ports.
    const entries =
      ports.length === 0
        ? [addresses]
        : ports.map((p) => addresses.map((ip) => joinHostPort(ip, num(p['port']) ?? 0)));
    for (const group of entries) {
      count += group.length;
      for (const entry of group) if (shown.length < MAX_SHOWN) shown.push(entry);
    }
  }
  const text = shown.join(',');
  return count > MAX_SHOWN ? `${text} + ${count - MAX_SHOWN} more...` : text;
}

/** formatDiscoveryPorts: port numbers (or names, or "*"), three at most. */
function slicePorts(slice: KubeObject): string {
  return listWithMore(
    recs(slice['ports']).map((p) => {
      const port = num(p['port']);
      if (port !== undefined) return String(port);
      return typeof p['name'] === 'string' ? p['name'] : '*';
    }),
  );
}

/** formatDiscoveryEndpoints: every address of every endpoint, three at most. */
const sliceEndpoints = (slice: KubeObject): string =>
  listWithMore(recs(slice['endpoints']).flatMap((e) => strs(e['addresses'])));

export const endpointsColumns: readonly TableColumn[] = [
  column(
    'Endpoints',
    'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.',
    formatEndpoints,
  ),
  ageColumn,
];

export const endpointSliceColumns: readonly TableColumn[] = [
  column(
    'AddressType',
    'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type.',
    (s) => str(at(s, 'addressType')),
  ),
  column(
    'Ports',
    'ports specifies the list of network ports exposed by each endpoint in this slice.',
    slicePorts,
  ),
  column('Endpoints', 'endpoints is a list of unique endpoints in this slice.', sliceEndpoints),
  ageColumn,
];
