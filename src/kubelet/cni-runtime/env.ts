import { inputError } from './errors.js';
import { CNI_NAME } from './config.js';
import type { Attachment, CniCommand } from './types.js';

/** CNI_ARGS pairs in order. */
export type CniArgs = readonly (readonly [string, string])[];

// CNI_ARGS is `K=V;K2=V2`: a key is a plain word, and no value may hold the separator.
const ARG_KEY = /^[A-Za-z0-9_.-]+$/;

/**
 * CNI_ARGS for an attachment. `IgnoreUnknown=1` comes first unless the caller set it, as the
 * kubelet's dockershim and containerd's go-cni do: the reference plugins' LoadArgs rejects keys it
 * does not know (K8S_POD_NAME, ...) without it.
 */
export function cniArgs(args: Readonly<Record<string, string>> = {}): CniArgs {
  const pairs = Object.entries(args);
  for (const [key, value] of pairs) {
    if (!ARG_KEY.test(key)) throw inputError('invalid CNI_ARGS key', JSON.stringify(key));
    if (typeof value !== 'string' || /[;\0]/.test(value)) {
      throw inputError('invalid CNI_ARGS value', `${key}=${JSON.stringify(value)}`);
    }
  }
  return 'IgnoreUnknown' in args ? pairs : [['IgnoreUnknown', '1'], ...pairs];
}

export const formatCniArgs = (pairs: CniArgs): string => pairs.map(([k, v]) => `${k}=${v}`).join(';');

/** libcni utils.ValidateContainerID / ValidateInterfaceName, with the spec's error codes. */
export function validateAttachment(att: Attachment, needNetns: boolean): void {
  if (!att.containerId) throw inputError('missing containerID', '');
  if (!CNI_NAME.test(att.containerId)) {
    throw inputError('invalid characters in containerID', JSON.stringify(att.containerId));
  }
  const name = att.ifName;
  if (!name || name.length > 15 || name === '.' || name === '..' || /[/:\s]/.test(name)) {
    throw inputError(
      'invalid interface name',
      `${JSON.stringify(name)}: 1-15 characters, no "/", ":" or spaces`,
    );
  }
  if (needNetns && !att.netns) throw inputError('missing network namespace path', att.containerId);
}

/** The environment of an attachment command (ADD, DEL, CHECK). */
export function attachmentEnv(
  command: CniCommand,
  att: Attachment,
  args: CniArgs,
  binDirs: readonly string[],
): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: att.containerId,
    CNI_NETNS: att.netns,
    CNI_IFNAME: att.ifName,
    CNI_ARGS: formatCniArgs(args),
    CNI_PATH: binDirs.join(':'),
  };
}

/** GC and STATUS have no attachment: only the command and the plugin path (spec section 2). */
export const networkEnv = (command: 'GC' | 'STATUS', binDirs: readonly string[]): Record<string, string> => ({
  CNI_COMMAND: command,
  CNI_PATH: binDirs.join(':'),
});

/** libcni GetVersionInfo also sets dummy values that plugins built on an old skel require. */
export const VERSION_ENV: Readonly<Record<string, string>> = {
  CNI_COMMAND: 'VERSION',
  CNI_NETNS: 'dummy',
  CNI_IFNAME: 'dummy',
  CNI_PATH: 'dummy',
};
