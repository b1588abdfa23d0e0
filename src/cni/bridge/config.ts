import { InvalidInputError } from '../../lib/errors.js';
import { validateIfName } from '../../kernel/validate.js';
import type { CniEnv } from '../spec/env.js';
import { CniError, invalidConfig, unsupportedField } from '../spec/errors.js';
import {
  optionalBool,
  optionalInt,
  optionalObject,
  optionalString,
  pluginType,
  type Json,
  type NetConfBase,
} from '../spec/netconf.js';
import { decodeDns, decodeResult, type CniResult, type DnsConfig } from '../spec/result.js';
import { DEFAULT_BRIDGE } from './names.js';

/** flatnet-bridge's configuration: the reference bridge's NetConf (plugins/main/bridge), validated. */
export interface BridgeConfig {
  readonly bridge: string;
  /** Puts each subnet's gateway address on the bridge (implied by isDefaultGateway). */
  readonly isGateway: boolean;
  readonly isDefaultGateway: boolean;
  /** undefined: kernel default (1500). */
  readonly mtu?: number;
  readonly hairpinMode: boolean;
  readonly ipMasq: boolean;
  /** `ipam.type`: the delegated IPAM plugin (flatnet-bridge always delegates; no L2-only mode). */
  readonly ipamType: string;
  /** `dns` of the configuration, which replaces the IPAM result's (as the reference does). */
  readonly dns?: DnsConfig;
  readonly prevResult?: CniResult;
}

/** Reference features flatnet-bridge does not implement: code 2 when switched on. */
const UNSUPPORTED: readonly [key: string, why: string][] = [
  ['vlan', 'VLAN tagging is not implemented'],
  ['vlanTrunk', 'VLAN trunks are not implemented'],
  ['macspoofchk', 'MAC spoof checking is not implemented'],
  ['disableContainerInterface', 'flatnet-bridge always configures the container interface'],
  ['portIsolation', 'port isolation is not implemented'],
  ['forceAddress', 'flatnet-bridge never replaces a bridge address'],
  ['promiscMode', 'the kernel layer has no promiscuous-mode operation; use hairpinMode'],
];

const isOn = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== false && v !== 0 && !(Array.isArray(v) && v.length === 0);

function refuseUnsupported(raw: Json, env: CniEnv): void {
  // Checked first: hairpin and promiscuous mode are exclusive in the reference (code 7 there too).
  if (raw['hairpinMode'] === true && raw['promiscMode'] === true) {
    throw invalidConfig('cannot set hairpin mode and promiscuous mode at the same time');
  }
  for (const [key, why] of UNSUPPORTED) if (isOn(raw[key])) throw unsupportedField(key, raw[key], why);
  const backend = raw['ipMasqBackend'];
  if (backend !== undefined && backend !== 'nftables') {
    throw unsupportedField('ipMasqBackend', backend, 'flatnet-bridge masquerades with nftables only');
  }
  const mac = env.args.get('MAC') ?? optionalObject(raw, 'runtimeConfig')?.['mac'];
  if (mac !== undefined) throw unsupportedField('mac', mac, 'a requested MAC is not supported');
}

function bridgeName(raw: Json): string {
  const name = optionalString(raw, 'bridge') ?? DEFAULT_BRIDGE;
  try {
    return validateIfName(name);
  } catch (err) {
    if (err instanceof InvalidInputError) throw invalidConfig(`invalid bridge name "${name}"`);
    throw err;
  }
}

function configDns(raw: Json): DnsConfig | undefined {
  try {
    const dns = decodeDns(raw['dns']);
    return Object.keys(dns).length > 0 ? dns : undefined;
  } catch (err) {
    throw invalidConfig('invalid dns', err instanceof CniError ? err.details : String(err));
  }
}

export function parseBridgeConfig(raw: Json, _base: NetConfBase, env: CniEnv): BridgeConfig {
  refuseUnsupported(raw, env);
  const ipam = optionalObject(raw, 'ipam');
  if (ipam === undefined) throw invalidConfig("flatnet-bridge needs an 'ipam' section");
  const mtu = optionalInt(raw, 'mtu', 0, 65535);
  if (mtu !== undefined && mtu !== 0 && mtu < 68) throw invalidConfig('mtu must be 0 (default) or 68-65535');
  const isDefaultGateway = optionalBool(raw, 'isDefaultGateway');
  const dns = configDns(raw);
  const prevResult = raw['prevResult'] === undefined ? undefined : decodeResult(raw['prevResult']);
  return {
    bridge: bridgeName(raw),
    // bridge.go cmdAdd: "if n.IsDefaultGW { n.IsGW = true }".
    isGateway: optionalBool(raw, 'isGateway') || isDefaultGateway,
    isDefaultGateway,
    ...(mtu !== undefined && mtu !== 0 && { mtu }),
    hairpinMode: optionalBool(raw, 'hairpinMode'),
    ipMasq: optionalBool(raw, 'ipMasq'),
    ipamType: pluginType(ipam['type'], 'ipam.type'),
    ...(dns && { dns }),
    ...(prevResult && { prevResult }),
  };
}
