import { isAbsolute } from 'node:path';
import { isIPv4, parseCidr } from '../../lib/ipv4.js';
import type { CniEnv } from '../spec/env.js';
import { invalidConfig, unsupportedField } from '../spec/errors.js';
import {
  isObject,
  optionalArray,
  optionalObject,
  optionalString,
  type Json,
  type NetConfBase,
} from '../spec/netconf.js';
import type { RouteConfig } from '../spec/result.js';
import { checkRangeSet, checkRangeSetsDisjoint, parseRange, type RangeSet } from './range.js';

/** host-local's configuration (backend/allocator/config.go), IPv4 only, validated up front. */

export const DEFAULT_DATA_DIR = '/var/lib/cni/networks';

export interface Attachment {
  readonly containerId: string;
  readonly ifname: string;
}

export interface IpamConfig {
  readonly network: string;
  readonly dataDir: string;
  readonly rangeSets: readonly RangeSet[];
  readonly routes: readonly RouteConfig[];
  /** GC only: `cni.dev/valid-attachments`. */
  readonly validAttachments?: readonly Attachment[];
}

function parseRangeSets(ipam: Json): RangeSet[] {
  const sets: RangeSet[] = [];
  // config.go: a single old-style range (subnet at the top of `ipam`) comes first.
  if (ipam['subnet'] !== undefined) sets.push([parseRange(ipam, 'ipam')]);
  optionalArray(ipam, 'ranges', 'ipam.ranges').forEach((set, i) => {
    if (!Array.isArray(set)) throw invalidConfig(`ipam.ranges[${i}] must be a list of ranges`);
    const ranges = set.map((r, j) => parseRange(r, `ipam.ranges[${i}][${j}]`));
    checkRangeSet(ranges, `ipam.ranges[${i}]`);
    sets.push(ranges);
  });
  if (sets.length === 0) throw invalidConfig('no IP ranges specified');
  checkRangeSetsDisjoint(sets);
  return sets;
}

function parseRoutes(ipam: Json): RouteConfig[] {
  return optionalArray(ipam, 'routes', 'ipam.routes').map((route, i) => {
    const where = `ipam.routes[${i}]`;
    if (!isObject(route)) throw invalidConfig(`${where} must be an object`);
    const dst = optionalString(route, 'dst', `${where}.dst`);
    if (dst === undefined) throw invalidConfig(`${where}.dst is missing`);
    if (dst.includes(':')) throw unsupportedField(`${where}.dst`, dst, 'flatnet-ipam is IPv4 only');
    try {
      parseCidr(dst, { strict: true });
    } catch (err) {
      throw invalidConfig(`invalid ${where}.dst "${dst}"`, (err as Error).message);
    }
    const gw = optionalString(route, 'gw', `${where}.gw`);
    if (gw !== undefined && !isIPv4(gw)) throw invalidConfig(`invalid ${where}.gw "${gw}"`);
    return { dst, ...(gw !== undefined && { gw }) };
  });
}

/** Requested addresses (host-local's CNI_ARGS IP=, args.cni.ips, runtimeConfig.ips) are not implemented. */
function refuseRequestedIps(raw: Json, ipam: Json, env: CniEnv): void {
  if (env.args.has('IP'))
    throw unsupportedField('CNI_ARGS IP', env.args.get('IP'), 'requested IPs are not supported');
  const runtime = optionalObject(raw, 'runtimeConfig') ?? {};
  for (const key of ['ips', 'ipRanges']) {
    if (optionalArray(runtime, key, `runtimeConfig.${key}`).length > 0) {
      throw unsupportedField(`runtimeConfig.${key}`, runtime[key], 'requested IPs are not supported');
    }
  }
  const cniArgs = optionalObject(optionalObject(raw, 'args') ?? {}, 'cni', 'args.cni') ?? {};
  if (optionalArray(cniArgs, 'ips', 'args.cni.ips').length > 0) {
    throw unsupportedField('args.cni.ips', cniArgs['ips'], 'requested IPs are not supported');
  }
  if (ipam['resolvConf'] !== undefined) {
    throw unsupportedField('ipam.resolvConf', ipam['resolvConf'], 'set dns in the network configuration');
  }
}

/** SPEC.md GC input: `cni.dev/valid-attachments`, a list of {containerID, ifname}. */
function parseValidAttachments(raw: Json): Attachment[] {
  const key = 'cni.dev/valid-attachments';
  if (!Array.isArray(raw[key])) throw invalidConfig(`GC needs ${key} (a list)`);
  return (raw[key] as unknown[]).map((a, i) => {
    const ok = isObject(a) && typeof a['containerID'] === 'string' && typeof a['ifname'] === 'string';
    if (!ok) throw invalidConfig(`${key}[${i}] needs containerID and ifname strings`, JSON.stringify(a));
    return { containerId: a['containerID'] as string, ifname: a['ifname'] as string };
  });
}

export function parseIpamConfig(raw: Json, base: NetConfBase, env: CniEnv): IpamConfig {
  const ipam = optionalObject(raw, 'ipam');
  if (ipam === undefined) throw invalidConfig("IPAM config missing 'ipam' key");
  refuseRequestedIps(raw, ipam, env);
  const dataDir = optionalString(ipam, 'dataDir', 'ipam.dataDir') ?? DEFAULT_DATA_DIR;
  if (!isAbsolute(dataDir)) throw invalidConfig('ipam.dataDir must be an absolute path', dataDir);
  return {
    network: base.name,
    dataDir,
    rangeSets: parseRangeSets(ipam),
    routes: parseRoutes(ipam),
    ...(env.command === 'GC' && { validAttachments: parseValidAttachments(raw) }),
  };
}
