import { CNI_CODE, CniError } from './errors.js';

/**
 * The spec versions both plugins speak. 0.1.0/0.2.0 (one IP per family, no interfaces list) are
 * left out on purpose; 0.3.x and 0.4.0 differ from 1.x only in the `ips[].version` field of results.
 */
export const SUPPORTED_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;
export type CniVersion = (typeof SUPPORTED_VERSIONS)[number];
export const LATEST_VERSION: CniVersion = '1.1.0';

/** libcni's ConfigDecoder: a configuration without `cniVersion` is "0.1.0". */
const IMPLICIT_VERSION = '0.1.0';

function parts(version: string): number[] {
  return version.split('.').map(Number);
}

/** Semantic-version comparison of two "x.y.z" strings. */
export function versionAtLeast(version: string, min: string): boolean {
  const [a, b] = [parts(version), parts(min)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The configuration's `cniVersion`: code 6 when it is no version string, 1 when we do not speak it. */
export function parseVersion(value: unknown): CniVersion {
  const version = value === undefined ? IMPLICIT_VERSION : value;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new CniError(CNI_CODE.DECODE_FAILURE, `invalid cniVersion ${JSON.stringify(value)}`);
  }
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    throw new CniError(
      CNI_CODE.INCOMPATIBLE_VERSION,
      'incompatible CNI versions',
      `config is "${version}"${value === undefined ? ' (no cniVersion)' : ''}, plugin supports ${JSON.stringify(SUPPORTED_VERSIONS)}`,
    );
  }
  return version as CniVersion;
}

/** The first version that defines each command (SPEC.md; libcni's skel refuses older configs with code 1). */
export const COMMAND_MIN_VERSION: Readonly<Record<string, string>> = {
  CHECK: '0.4.0',
  GC: '1.1.0',
  STATUS: '1.1.0',
};

export function checkCommandVersion(command: string, version: CniVersion): void {
  const min = COMMAND_MIN_VERSION[command];
  if (min !== undefined && !versionAtLeast(version, min)) {
    throw new CniError(
      CNI_CODE.INCOMPATIBLE_VERSION,
      `config version does not allow ${command}`,
      `${command} needs cniVersion ${min} or later, config is ${version}`,
    );
  }
}
