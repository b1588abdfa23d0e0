/**
 * The CNI runtime's contract with the kubelet and with plugin executables (CNI spec 1.1.0,
 * libcni semantics). Plugins are executables; the runtime only builds their environment and stdin,
 * runs them through a `PluginExec`, and keeps the result cache.
 */

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'GC' | 'STATUS' | 'VERSION';

/** What one plugin run printed. A non-zero `exitCode` means failure; stdout then holds error JSON. */
export interface PluginOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs one plugin executable. `env` holds the CNI_* variables only; the implementation adds the
 * process environment (plugins such as portmap need PATH). It rejects only when the program could
 * not run at all; an error whose `code` is `ETXTBSY` is retried by the runtime (libcni does the same).
 */
export type PluginExec = (
  pluginPath: string,
  env: Record<string, string>,
  stdin: string,
) => Promise<PluginOutput>;

/** One interface of a pod: `(containerId, ifName)` identifies it (spec: an attachment). */
export interface Attachment {
  readonly containerId: string;
  /** Path of the pod's network namespace, `/run/netns/<name>`; may be empty for DEL. */
  readonly netns: string;
  readonly ifName: string;
  /** CNI_ARGS, in order (K8S_POD_NAMESPACE, K8S_POD_NAME, K8S_POD_INFRA_CONTAINER_ID, K8S_POD_UID). */
  readonly args?: Readonly<Record<string, string>>;
  /** Capability arguments (`portMappings`, `bandwidth`, ...): each plugin sees only those it declares. */
  readonly capabilityArgs?: Readonly<Record<string, unknown>>;
}

/** A plugin's configuration object as written in the conflist; unknown keys pass through untouched. */
export interface PluginConf {
  readonly type: string;
  readonly capabilities?: Readonly<Record<string, boolean>>;
  readonly [key: string]: unknown;
}

export interface NetworkConfigList {
  readonly name: string;
  readonly cniVersion: string;
  readonly disableCheck: boolean;
  readonly disableGC: boolean;
  readonly plugins: readonly PluginConf[];
  /** The file it came from (a `.conf` is converted to a one-plugin list). */
  readonly source: string;
  /** The list as JSON: what the result cache stores and DEL/CHECK reuse. */
  readonly bytes: string;
}

export interface CniInterface {
  readonly name: string;
  readonly mac?: string;
  readonly mtu?: number;
  readonly sandbox?: string;
  readonly [key: string]: unknown;
}

export interface CniIpConfig {
  readonly address: string;
  readonly gateway?: string;
  readonly interface?: number;
  /** 0.4.0 results only: "4" or "6". */
  readonly version?: string;
  readonly [key: string]: unknown;
}

export interface CniRoute {
  readonly dst: string;
  readonly gw?: string;
  readonly [key: string]: unknown;
}

/** An ADD result (1.0.0/1.1.0 shape; 0.4.0 adds `version` to each IP). */
export interface CniResult {
  readonly cniVersion: string;
  readonly interfaces?: readonly CniInterface[];
  readonly ips?: readonly CniIpConfig[];
  readonly routes?: readonly CniRoute[];
  readonly dns?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** The libcni cache file (`<cacheDir>/results/<net>-<cid>-<ifname>`), byte-compatible with libcni. */
export interface CacheEntry {
  readonly kind: 'cniCacheV1';
  readonly containerId: string;
  /** The conflist JSON, base64: Go's encoding of libcni's `[]byte` field. */
  readonly config: string;
  readonly ifName: string;
  readonly networkName: string;
  readonly netns?: string;
  readonly cniArgs?: readonly (readonly [string, string])[];
  readonly capabilityArgs?: Readonly<Record<string, unknown>>;
  readonly result?: CniResult;
}

export interface AttachmentRef {
  readonly containerId: string;
  readonly ifName: string;
}
