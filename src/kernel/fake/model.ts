import { KernelError, classifyStderr } from '../errors.js';
import type { LinkKind, NeighState, RouteScope, RouteType, VxlanAttrs } from '../types.js';
import { addLinkSysctls, newSysctls } from './sysctl.js';

/** The in-memory kernel state of the fake: plain mutable records, one `FakeNetns` per namespace. */

export interface FakeAddress {
  readonly ip: string;
  readonly prefix: number;
  /** The kernel marks a second address inside an existing subnet of the link as secondary. */
  readonly secondary: boolean;
}

export interface FakeLink {
  readonly name: string;
  index: number;
  readonly kind: LinkKind;
  mtu: number;
  up: boolean;
  mac: string;
  master?: string;
  hairpin?: boolean;
  vxlan?: VxlanAttrs;
  /** vxlan: the namespace it was created in; its socket stays there and the device dies with it. */
  home?: FakeNetns;
  /** veth: the other end, wherever it lives now. */
  peer?: FakeLink;
  netns: FakeNetns;
  /** bridge: an MTU or MAC the user set stops the kernel's auto-adjustment from the ports. */
  mtuPinned: boolean;
  macPinned: boolean;
  addresses: FakeAddress[];
  /** MAC -> remote VTEPs (vxlan); other links keep their unicast list here with no remotes. */
  fdb: Map<string, string[]>;
}

export interface FakeRoute {
  readonly table: number;
  /** Network in "a.b.c.d/n" form with host bits cleared; "0.0.0.0/0" is the default route. */
  readonly dst: string;
  readonly type: RouteType;
  readonly scope: RouteScope;
  readonly protocol: 'kernel' | 'boot';
  readonly via?: string;
  readonly dev?: string;
  readonly onlink?: boolean;
  readonly src?: string;
  readonly metric: number;
  /** Insertion order, the kernel's tie-breaker between routes to the same prefix. */
  readonly seq: number;
}

export interface FakeNeigh {
  readonly ip: string;
  readonly dev: string;
  readonly mac: string;
  readonly state: NeighState;
}

export interface NftTable {
  readonly family: string;
  readonly name: string;
  readonly handle: number;
}

export interface FakeNetns {
  /** null for the namespace the process runs in. */
  readonly name: string | null;
  readonly links: Map<string, FakeLink>;
  nextIndex: number;
  routes: FakeRoute[];
  readonly neighbours: Map<string, FakeNeigh>;
  readonly sysctl: Map<string, string>;
  /** Per-device IPv4 keys written explicitly: they no longer follow conf.default. */
  readonly sysctlWritten: Set<string>;
  nft: { tables: NftTable[]; nextHandle: number };
  seq: number;
}

export function newNetns(name: string | null): FakeNetns {
  const ns: FakeNetns = {
    name,
    links: new Map(),
    nextIndex: 1,
    routes: [],
    neighbours: new Map(),
    sysctl: newSysctls(),
    sysctlWritten: new Set(),
    nft: { tables: [], nextHandle: 1 },
    seq: 0,
  };
  // Every namespace is born with a loopback device that is down and has no address.
  const lo = newLink(ns, 'lo', 'loopback', { mtu: 65536, mac: '00:00:00:00:00:00' });
  ns.links.set('lo', lo);
  addLinkSysctls(lo);
  return ns;
}

export function newLink(
  ns: FakeNetns,
  name: string,
  kind: LinkKind,
  attrs: { mtu: number; mac?: string; index?: number },
): FakeLink {
  return {
    name,
    index: allocIndex(ns, attrs.index),
    kind,
    mtu: attrs.mtu,
    up: false,
    mac: attrs.mac ?? generatedMac(ns, name),
    netns: ns,
    mtuPinned: false,
    macPinned: attrs.mac !== undefined,
    addresses: [],
    fdb: new Map(),
  };
}

/** Kernel 6.x: ifindexes are per namespace, handed out cyclically, never reused while in use. */
export function allocIndex(ns: FakeNetns, wanted?: number): number {
  const used = new Set([...ns.links.values()].map((l) => l.index));
  if (wanted !== undefined && !used.has(wanted)) return wanted;
  while (used.has(ns.nextIndex)) ns.nextIndex++;
  return ns.nextIndex++;
}

/** A locally administered MAC derived from namespace and name, so dumps do not depend on creation order. */
function generatedMac(ns: FakeNetns, name: string): string {
  const taken = new Set([...ns.links.values()].map((l) => l.mac));
  for (let salt = 0; ; salt++) {
    const seed = `${ns.name ?? ''}/${name}/${salt}`;
    const a = fnv1a(seed);
    const b = fnv1a(`${seed}#`);
    const bytes = [0x02, a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, b & 255];
    const mac = bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
    if (!taken.has(mac)) return mac;
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * Raises what the real tool would: the same stderr text, hence the same code through classifyStderr.
 * `argv` is the equivalent real command line, for the message.
 */
export function fail(argv: readonly string[], stderr: string, exitCode = 2): never {
  throw new KernelError(classifyStderr(stderr), { argv, exitCode, stderr });
}

/** The real tools' messages, verbatim (iproute2 6.1, kernel 6.x, procps 4). */
export const MSG = {
  exists: 'RTNETLINK answers: File exists',
  noEntry: 'RTNETLINK answers: No such file or directory',
  noRoute: 'RTNETLINK answers: No such process',
  notSupported: 'RTNETLINK answers: Operation not supported',
  invalid: 'RTNETLINK answers: Invalid argument',
  netDown: 'RTNETLINK answers: Network is down',
  noSuchDevice: 'RTNETLINK answers: No such device',
  immutable: 'Error: The interface netns is immutable.',
  noDevice: (name: string) => `Cannot find device "${name}"`,
  noMaster: (name: string) => `Error: argument "${name}" is wrong: Device does not exist`,
  badNetns: (name: string) => `Error: argument "${name}" is wrong: Invalid "netns" value`,
  noNetns: (name: string) => `Cannot open network namespace "${name}": No such file or directory`,
} as const;

/** What link operations may see beyond their own namespace (veth peers, moves, VXLAN sockets). */
export interface FakeWorld {
  netns(name: string): FakeNetns | undefined;
  all(): FakeNetns[];
}
