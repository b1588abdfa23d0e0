import { CNI_CODE, CniError } from './errors.js';

/**
 * Spec versions this runtime speaks, oldest first. 0.4.0 is the oldest with CHECK and with the
 * cached result as DEL's prevResult; older plugins are refused rather than half-supported.
 * 1.0.0 and 1.1.0 share one result shape (libcni types/100 serves both).
 */
export const SUPPORTED_VERSIONS = ['0.4.0', '1.0.0', '1.1.0'] as const;
export const CURRENT_VERSION = '1.1.0';

/** Parses "1.0.0" (missing parts are 0; an empty version means 0.1.0, as in libcni). */
export function parseVersion(version: string): [number, number, number] {
  if (version === '') return [0, 1, 0];
  const parts = version.split('.');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new CniError('ECNI_VERSION', {
      cniCode: CNI_CODE.incompatibleVersion,
      msg: 'invalid CNI version',
      details: JSON.stringify(version),
    });
  }
  const [major = 0, minor = 0, micro = 0] = parts.map(Number);
  return [major, minor, micro];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export const atLeast = (version: string, min: string): boolean => compareVersions(version, min) >= 0;

export const isSupported = (version: string): boolean =>
  (SUPPORTED_VERSIONS as readonly string[]).includes(version);

/**
 * The version to speak with one plugin: the conflist's own when the plugin supports it, otherwise
 * the highest version below it that both the plugin and this runtime support (never higher than
 * the conflist asked for: its author chose the features).
 */
export function negotiate(listVersion: string, pluginVersions: readonly string[], plugin: string): string {
  if (pluginVersions.includes(listVersion) && isSupported(listVersion)) return listVersion;
  const common = SUPPORTED_VERSIONS.filter(
    (v) => pluginVersions.includes(v) && compareVersions(v, listVersion) <= 0,
  );
  const best = common.at(-1);
  if (best !== undefined) return best;
  throw new CniError('ECNI_VERSION', {
    cniCode: CNI_CODE.incompatibleVersion,
    msg: 'incompatible CNI versions',
    details: `config is ${JSON.stringify(listVersion)}, plugin supports ${JSON.stringify(pluginVersions)}, runtime supports ${JSON.stringify(SUPPORTED_VERSIONS)}`,
    plugin,
    command: 'VERSION',
  });
}

/** Decodes a VERSION reply (libcni PluginDecoder: a 0.2.0 reply without a list means 0.1.0 and 0.2.0). */
export function parseVersionInfo(stdout: string, plugin: string): string[] {
  const fail = (details: string): CniError =>
    new CniError('ECNI_EXEC', {
      cniCode: CNI_CODE.decode,
      msg: 'decoding version info',
      details,
      plugin,
      command: 'VERSION',
    });
  let info: unknown;
  try {
    info = JSON.parse(stdout);
  } catch {
    throw fail(`not JSON: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  const { cniVersion, supportedVersions } = (info ?? {}) as Record<string, unknown>;
  if (typeof cniVersion !== 'string' || cniVersion === '') throw fail('missing field cniVersion');
  if (Array.isArray(supportedVersions) && supportedVersions.length > 0) {
    return supportedVersions.filter((v): v is string => typeof v === 'string');
  }
  if (cniVersion === '0.2.0') return ['0.1.0', '0.2.0'];
  throw fail('missing field supportedVersions');
}
