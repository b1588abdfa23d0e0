import type { KernelOp, RouteSpec } from '../kernel/types.js';

/** One log line per kernel change, in `ip`/`bridge` words, so the node log reads like a shell history. */
export function describeOp(op: KernelOp): string {
  switch (op.op) {
    case 'link.add':
      return `link add ${op.link.name} type ${op.link.kind}`;
    case 'link.delete':
      return `link del ${op.name}`;
    case 'link.set':
      return `link set ${op.name} ${JSON.stringify(op.change)}`;
    case 'addr.add':
    case 'addr.delete':
      return `addr ${op.op.slice(5)} ${op.address.cidr} dev ${op.address.dev}`;
    case 'route.add':
    case 'route.replace':
    case 'route.delete':
      return `route ${op.op.slice(6)} ${route(op.route)}`;
    case 'neigh.replace':
      return `neigh replace ${op.neigh.ip} lladdr ${op.neigh.mac} dev ${op.neigh.dev} nud permanent`;
    case 'neigh.delete':
      return `neigh del ${op.neigh.ip} dev ${op.neigh.dev}`;
    case 'fdb.append':
    case 'fdb.replace':
    case 'fdb.delete':
      return `fdb ${op.op.slice(4)} ${op.fdb.mac} dev ${op.fdb.dev} dst ${op.fdb.dst ?? '-'}`;
  }
}

function route(r: RouteSpec): string {
  return [
    r.dst,
    r.via && `via ${r.via}`,
    r.dev && `dev ${r.dev}`,
    r.onlink && 'onlink',
    r.metric && `metric ${r.metric}`,
  ]
    .filter(Boolean)
    .join(' ');
}
