import type { KernelOp } from '../types.js';
import type { FakeNetns, FakeWorld } from './model.js';
import { MSG, fail } from './model.js';
import { addAddress, deleteAddress } from './addresses.js';
import { setLink } from './link-set.js';
import { addLink, deleteLink } from './links.js';
import { deleteFdb, deleteNeighbour, replaceNeighbour, writeFdb } from './neigh-fdb.js';
import { addRoute, deleteRoute } from './routes.js';

/** One validated op against one namespace; `argv` is the real command line, for error messages. */
export function applyOp(ns: FakeNetns, op: KernelOp, argv: readonly string[], world: FakeWorld): void {
  switch (op.op) {
    case 'link.add':
      return addLink(ns, argv, op.link, world);
    case 'link.delete':
      return deleteLink(ns, argv, op.name, world);
    case 'link.set':
      return setLink(ns, argv, op.name, op.change, world);
    case 'addr.add':
    case 'addr.delete': {
      const dev = op.address.dev;
      const link = ns.links.get(dev) ?? fail(argv, MSG.noDevice(dev), 1);
      return op.op === 'addr.add'
        ? addAddress(link, argv, op.address.cidr)
        : deleteAddress(link, argv, op.address.cidr);
    }
    case 'route.add':
    case 'route.replace':
      return addRoute(ns, argv, op.route, op.op === 'route.replace');
    case 'route.delete':
      return deleteRoute(ns, argv, op.route);
    case 'neigh.replace':
      return replaceNeighbour(ns, argv, op.neigh);
    case 'neigh.delete':
      return deleteNeighbour(ns, argv, op.neigh.ip, op.neigh.dev);
    case 'fdb.append':
    case 'fdb.replace':
      return writeFdb(ns, argv, op.fdb, op.op === 'fdb.replace');
    case 'fdb.delete':
      return deleteFdb(ns, argv, op.fdb);
  }
}
