import type { KernelOp, LinkChange, LinkSpec, RouteSpec } from '../types.js';
import {
  validateCidr,
  validateIfName,
  validateInteger,
  validateIp,
  validateLinkMac,
  validateMac,
  validateNetnsRef,
  validateRouteDst,
} from '../validate.js';

/**
 * Pure translation of kernel ops into iproute2 command lines (without the leading "ip"/"bridge").
 * Every value is validated, so a line never carries whitespace, quotes or a leading '-' from input;
 * that is what makes the lines safe to hand to `ip -batch` as well as to argv.
 */

export type Tool = 'ip' | 'bridge';
export interface ToolLine {
  readonly tool: Tool;
  readonly args: readonly string[];
}

const ip = (...args: string[]): ToolLine => ({ tool: 'ip', args });
const bridge = (...args: string[]): ToolLine => ({ tool: 'bridge', args });

function commonLinkArgs(spec: { mtu?: number; mac?: string }): string[] {
  const args: string[] = [];
  if (spec.mtu !== undefined) args.push('mtu', String(validateInteger(spec.mtu, 'MTU', 68, 65535)));
  if (spec.mac !== undefined) args.push('address', validateLinkMac(spec.mac));
  return args;
}

export function linkAddArgs(link: LinkSpec): string[] {
  const head = ['link', 'add', validateIfName(link.name), ...commonLinkArgs(link)];
  switch (link.kind) {
    case 'veth': {
      const peer = ['peer', 'name', validateIfName(link.peer.name)];
      if (link.peer.netns !== undefined) peer.push('netns', validateNetnsRef(link.peer.netns));
      return [...head, 'type', 'veth', ...peer];
    }
    case 'bridge':
    case 'dummy':
      return [...head, 'type', link.kind];
    case 'vxlan': {
      const args = [...head, 'type', 'vxlan', 'id', String(validateInteger(link.vni, 'VNI', 0, 16777215))];
      args.push('dstport', String(validateInteger(link.port, 'UDP port', 1, 65535)));
      if (link.local !== undefined) args.push('local', validateIp(link.local));
      if (link.dev !== undefined) args.push('dev', validateIfName(link.dev));
      args.push(link.learning ? 'learning' : 'nolearning');
      return args;
    }
  }
}

export function linkSetLines(name: string, change: LinkChange): ToolLine[] {
  const dev = validateIfName(name);
  const lines: ToolLine[] = [];
  const attrs = commonLinkArgs(change);
  if (change.master !== undefined) {
    attrs.push(...(change.master === null ? ['nomaster'] : ['master', validateIfName(change.master)]));
  }
  if (attrs.length > 0) lines.push(ip('link', 'set', 'dev', dev, ...attrs));
  if (change.hairpin !== undefined) {
    lines.push(
      ip('link', 'set', 'dev', dev, 'type', 'bridge_slave', 'hairpin', change.hairpin ? 'on' : 'off'),
    );
  }
  if (change.up !== undefined) lines.push(ip('link', 'set', 'dev', dev, change.up ? 'up' : 'down'));
  // Moving a link resets it to down in the new namespace, so it goes last.
  if (change.netns !== undefined)
    lines.push(ip('link', 'set', 'dev', dev, 'netns', validateNetnsRef(change.netns)));
  return lines;
}

export function routeArgs(route: RouteSpec): string[] {
  const args: string[] = [];
  const type = route.type ?? 'unicast';
  if (type !== 'unicast') args.push(type);
  args.push(validateRouteDst(route.dst));
  if (route.via !== undefined) args.push('via', validateIp(route.via));
  if (route.dev !== undefined) args.push('dev', validateIfName(route.dev));
  if (route.onlink) args.push('onlink');
  if (route.src !== undefined) args.push('src', validateIp(route.src));
  if (route.scope !== undefined) args.push('scope', route.scope);
  if (route.table !== undefined)
    args.push('table', String(validateInteger(route.table, 'table', 1, 2 ** 31)));
  if (route.metric !== undefined)
    args.push('metric', String(validateInteger(route.metric, 'metric', 0, 2 ** 31)));
  return args;
}

export function opLines(op: KernelOp): ToolLine[] {
  switch (op.op) {
    case 'link.add':
      return [ip(...linkAddArgs(op.link))];
    case 'link.delete':
      return [ip('link', 'del', 'dev', validateIfName(op.name))];
    case 'link.set':
      return linkSetLines(op.name, op.change);
    case 'addr.add':
    case 'addr.delete':
      return [
        ip(
          'addr',
          op.op === 'addr.add' ? 'add' : 'del',
          validateCidr(op.address.cidr),
          'dev',
          validateIfName(op.address.dev),
        ),
      ];
    case 'route.add':
    case 'route.replace':
    case 'route.delete':
      return [ip('route', op.op === 'route.delete' ? 'del' : op.op.slice(6), ...routeArgs(op.route))];
    case 'neigh.replace': {
      const n = op.neigh;
      const nud = n.state === undefined || n.state === 'other' ? 'permanent' : n.state;
      return [
        ip(
          'neigh',
          'replace',
          validateIp(n.ip),
          'lladdr',
          validateMac(n.mac),
          'dev',
          validateIfName(n.dev),
          'nud',
          nud,
        ),
      ];
    }
    case 'neigh.delete':
      return [ip('neigh', 'del', validateIp(op.neigh.ip), 'dev', validateIfName(op.neigh.dev))];
    case 'fdb.append':
    case 'fdb.replace':
    case 'fdb.delete': {
      const f = op.fdb;
      const args = ['fdb', op.op.slice(4), validateMac(f.mac), 'dev', validateIfName(f.dev)];
      if (f.dst !== undefined) args.push('dst', validateIp(f.dst), 'self');
      if (op.op !== 'fdb.delete' && f.permanent !== false) args.push('permanent');
      return [bridge(...args)];
    }
  }
}

/** Splits lines into runs of the same tool, preserving order: each run becomes one `-batch` process. */
export function groupByTool(lines: readonly ToolLine[]): { tool: Tool; lines: string[][] }[] {
  const groups: { tool: Tool; lines: string[][] }[] = [];
  for (const line of lines) {
    const last = groups.at(-1);
    if (last && last.tool === line.tool) last.lines.push([...line.args]);
    else groups.push({ tool: line.tool, lines: [[...line.args]] });
  }
  return groups;
}
