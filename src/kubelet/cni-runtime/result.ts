import { CNI_CODE, CniError } from './errors.js';
import type { CniIpConfig, CniResult } from './types.js';
import { compareVersions, isSupported } from './version.js';

/**
 * Converts a result between the shapes this runtime supports. 1.0.0 and 1.1.0 are the same
 * shape; 0.4.0 differs only in `ips[].version` ("4"/"6"), which 1.0.0 removed. Fields this code
 * does not know (1.1.0 route `mtu`, `table`, ...) are carried along untouched.
 */
export function convertResult(result: CniResult, to: string): CniResult {
  const from = result.cniVersion;
  if (!isSupported(from) || !isSupported(to)) {
    throw new CniError('ECNI_VERSION', {
      cniCode: CNI_CODE.incompatibleVersion,
      msg: 'cannot convert result',
      details: `from ${JSON.stringify(from)} to ${JSON.stringify(to)}`,
    });
  }
  if (from === to) return result;
  const legacy = compareVersions(to, '1.0.0') < 0;
  const ips = result.ips?.map((ip) => (legacy ? withIpVersion(ip) : withoutIpVersion(ip)));
  return { ...result, cniVersion: to, ...(ips ? { ips } : {}) };
}

function withIpVersion(ip: CniIpConfig): CniIpConfig {
  return { ...ip, version: ip.address.includes(':') ? '6' : '4' };
}

function withoutIpVersion(ip: CniIpConfig): CniIpConfig {
  const rest: Record<string, unknown> = { ...ip };
  delete rest['version'];
  return rest as CniIpConfig;
}

/**
 * Parses an ADD result. A result without `cniVersion` is taken to be in the version that was sent
 * (libcni fixupResultVersion, containernetworking/cni#895).
 */
export function parseResult(stdout: string, sentVersion: string, plugin: string): CniResult {
  const fail = (details: string): CniError =>
    new CniError('ECNI_EXEC', {
      cniCode: CNI_CODE.decode,
      msg: 'failed to parse plugin result',
      details,
      plugin,
      command: 'ADD',
    });
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw fail(`not JSON: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  if (value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) throw fail('result is not a JSON object');
  const raw = value as Record<string, unknown>;
  const version =
    typeof raw['cniVersion'] === 'string' && raw['cniVersion'] ? raw['cniVersion'] : sentVersion;
  if (!isSupported(version)) throw fail(`unsupported result version ${JSON.stringify(version)}`);
  if (raw['ips'] !== undefined && !Array.isArray(raw['ips'])) throw fail('"ips" is not a list');
  if (raw['interfaces'] !== undefined && !Array.isArray(raw['interfaces'])) {
    throw fail('"interfaces" is not a list');
  }
  return { ...raw, cniVersion: version } as CniResult;
}
