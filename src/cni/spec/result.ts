import { isIPv4, parseCidr } from '../../lib/ipv4.js';
import { CNI_CODE, CniError } from './errors.js';
import { isObject, type Json } from './netconf.js';
import { versionAtLeast, type CniVersion } from './version.js';

/** The ADD success result (SPEC.md Section 5 "ADD Success"); IPv4 only, as flatnet is. */

export interface CniInterface {
  readonly name: string;
  readonly mac?: string;
  readonly mtu?: number;
  /** The CNI_NETNS value for container interfaces; absent for host interfaces. */
  readonly sandbox?: string;
}

export interface IpConfig {
  /** "10.244.1.5/24" */
  readonly address: string;
  readonly gateway?: string;
  /** Index into `interfaces`; IPAM plugins leave it out ("Delegated plugins (IPAM)"). */
  readonly interface?: number;
}

export interface RouteConfig {
  /** A CIDR; "0.0.0.0/0" for the default route. */
  readonly dst: string;
  readonly gw?: string;
}

export interface DnsConfig {
  readonly nameservers?: readonly string[];
  readonly domain?: string;
  readonly search?: readonly string[];
  readonly options?: readonly string[];
}

export interface CniResult {
  readonly interfaces?: readonly CniInterface[];
  readonly ips: readonly IpConfig[];
  readonly routes: readonly RouteConfig[];
  readonly dns: DnsConfig;
}

/**
 * The JSON for a config version: before 1.0.0 each IP carries `"version": "4"` (spec 0.3.x/0.4.0);
 * interface `mtu` exists from 1.1.0. `dns` is always printed, as the reference plugins do.
 */
export function encodeResult(result: CniResult, version: CniVersion): Json {
  const legacy = !versionAtLeast(version, '1.0.0');
  const withMtu = versionAtLeast(version, '1.1.0');
  const out: Json = { cniVersion: version };
  if (result.interfaces !== undefined) {
    out['interfaces'] = result.interfaces.map(({ mtu, ...rest }) => ({
      ...rest,
      ...(withMtu && mtu !== undefined && { mtu }),
    }));
  }
  out['ips'] = result.ips.map((ip) => (legacy ? { version: '4', ...ip } : { ...ip }));
  if (result.routes.length > 0) out['routes'] = result.routes.map((r) => ({ ...r }));
  out['dns'] = { ...result.dns };
  return out;
}

const bad = (what: string, value: unknown): CniError =>
  new CniError(CNI_CODE.DECODE_FAILURE, `invalid result: ${what}`, JSON.stringify(value));

function stringList(value: unknown, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(what, value);
  return value as string[];
}

function decodeIp(value: unknown): IpConfig {
  if (!isObject(value) || typeof value['address'] !== 'string') throw bad('ips[] needs an address', value);
  parseCidr(value['address']);
  const gateway = value['gateway'];
  if (gateway !== undefined && (typeof gateway !== 'string' || !isIPv4(gateway))) throw bad('gateway', value);
  const index = value['interface'];
  if (index !== undefined && (typeof index !== 'number' || !Number.isInteger(index)))
    throw bad('interface', value);
  return {
    address: value['address'],
    ...(gateway !== undefined && { gateway }),
    ...(index !== undefined && { interface: index }),
  };
}

function decodeRoute(value: unknown): RouteConfig {
  if (!isObject(value) || typeof value['dst'] !== 'string') throw bad('routes[] needs a dst', value);
  parseCidr(value['dst']);
  const gw = value['gw'];
  if (gw !== undefined && (typeof gw !== 'string' || !isIPv4(gw))) throw bad('route gw', value);
  return { dst: value['dst'], ...(gw !== undefined && { gw }) };
}

function decodeInterface(value: unknown): CniInterface {
  if (!isObject(value) || typeof value['name'] !== 'string') throw bad('interfaces[] needs a name', value);
  const { name, mac, mtu, sandbox } = value;
  return {
    name,
    ...(typeof mac === 'string' && { mac }),
    ...(typeof mtu === 'number' && { mtu }),
    ...(typeof sandbox === 'string' && sandbox !== '' && { sandbox }),
  };
}

export function decodeDns(value: unknown): DnsConfig {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw bad('dns', value);
  const nameservers = stringList(value['nameservers'], 'dns.nameservers');
  const search = stringList(value['search'], 'dns.search');
  const options = stringList(value['options'], 'dns.options');
  const domain = value['domain'];
  if (domain !== undefined && typeof domain !== 'string') throw bad('dns.domain', value);
  return {
    ...(nameservers && { nameservers }),
    ...(typeof domain === 'string' && domain !== '' && { domain }),
    ...(search && { search }),
    ...(options && { options }),
  };
}

/** A result of any supported version (an IPAM plugin's output, a prevResult) -> CniResult, or code 6. */
export function decodeResult(value: unknown): CniResult {
  if (!isObject(value)) throw bad('not an object', value);
  const list = (key: string): unknown[] => {
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw bad(key, v);
    return v;
  };
  try {
    const interfaces =
      value['interfaces'] === undefined ? undefined : list('interfaces').map(decodeInterface);
    return {
      ...(interfaces && { interfaces }),
      ips: list('ips').map(decodeIp),
      routes: list('routes').map(decodeRoute),
      dns: decodeDns(value['dns']),
    };
  } catch (err) {
    if (err instanceof CniError) throw err;
    throw new CniError(CNI_CODE.DECODE_FAILURE, 'invalid result', String(err));
  }
}
