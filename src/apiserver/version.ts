/** What `/version` reports. kubectl's dispatcher picks `kubectl.1.<minor>` from it. */
export const KUBERNETES_MINOR = '32';

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: KUBERNETES_MINOR,
    gitVersion: `v1.${KUBERNETES_MINOR}.0-flatnet`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'flatnet',
    platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
