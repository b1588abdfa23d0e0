import type { HostKernel } from '../kernel/types.js';
import type { Observed } from './diff.js';

/**
 * Reads the part of the kernel the agent reconciles: links and addresses (devices), the main routing
 * table, and the neighbour and FDB entries of the network's devices that exist.
 */
export async function observe(host: HostKernel, devices: readonly string[]): Promise<Observed> {
  const [links, addresses, routes] = await Promise.all([
    host.listLinks(),
    host.listAddresses(),
    host.listRoutes(),
  ]);
  const present = devices.filter((d) => links.some((l) => l.name === d));
  const [neighbours, fdb] = await Promise.all([
    Promise.all(present.map((d) => host.listNeighbours(d))),
    Promise.all(present.map((d) => host.listFdb(d))),
  ]);
  return { links, addresses, routes, neighbours: neighbours.flat(), fdb: fdb.flat() };
}
