import type { ResultCache } from './cache.js';
import type { ChainDeps } from './chain.js';
import { networkEnv } from './env.js';
import { CNI_CODE, CniError, isCniError } from './errors.js';
import { invoke } from './invoke.js';
import type { ResolvedPlugin } from './plugins.js';
import { gcRequest, statusRequest } from './request.js';
import type { Attachment, AttachmentRef, NetworkConfigList } from './types.js';
import { atLeast } from './version.js';

/** GC and STATUS exist from spec 1.1.0; a plugin negotiated lower never sees them (it would fail). */
const NETWORK_COMMANDS_SINCE = '1.1.0';

export interface GcInput {
  readonly valid: readonly AttachmentRef[];
  readonly cache: ResultCache;
  readonly current: () => Promise<NetworkConfigList>;
  readonly resolve: (list: NetworkConfigList) => Promise<ResolvedPlugin[]>;
  /** DEL of one attachment, with its cached config and arguments. */
  readonly del: (att: Attachment) => Promise<void>;
  readonly deps: ChainDeps;
}

const refKey = (a: AttachmentRef): string => `${a.containerId}\n${a.ifName}`;

/**
 * libcni GCNetworkList: first DEL every cached attachment that is not valid (whatever network its
 * entry names: each is deleted with the config it was added with), then send GC to every plugin of
 * the current network. Errors do not stop it; all of them are raised at the end as one ECNI_GC.
 */
export async function collectGarbage(input: GcInput): Promise<void> {
  const current = await input.current().catch((err: unknown) => err as Error);
  if (!(current instanceof Error) && current.disableGC) return;
  const errors: Error[] = [];
  const keep = new Set(input.valid.map(refKey));
  for (const entry of await input.cache.list()) {
    if (keep.has(refKey(entry))) continue;
    const att = { containerId: entry.containerId, ifName: entry.ifName, netns: entry.netns ?? '' };
    await input.del(att).catch((err: unknown) => errors.push(staleError(att, err)));
  }
  if (current instanceof Error) errors.push(current);
  else errors.push(...(await gcPlugins(input, current)));
  if (errors.length === 0) return;
  throw new CniError('ECNI_GC', {
    cniCode: isCniError(errors[0]) ? errors[0].cniCode : CNI_CODE.unknown,
    msg: `garbage collection finished with ${errors.length} error(s)`,
    details: errors.map((e) => e.message).join(' | '),
    errors,
  });
}

async function gcPlugins(input: GcInput, list: NetworkConfigList): Promise<Error[]> {
  let plugins: ResolvedPlugin[];
  try {
    plugins = await input.resolve(list);
  } catch (err) {
    return [err as Error];
  }
  const errors: Error[] = [];
  for (const plugin of plugins.filter((p) => atLeast(p.cniVersion, NETWORK_COMMANDS_SINCE))) {
    const stdin = gcRequest(plugin.conf, { name: list.name, cniVersion: plugin.cniVersion }, input.valid);
    const inv = {
      command: 'GC',
      plugin: plugin.conf.type,
      path: plugin.path,
      env: networkEnv('GC', input.deps.binDirs),
      stdin,
    } as const;
    await invoke(input.deps.exec, inv, input.deps.busyRetryDelayMs).catch((err: unknown) =>
      errors.push(err as Error),
    );
  }
  return errors;
}

function staleError(att: AttachmentRef, err: unknown): CniError {
  return new CniError(
    'ECNI_GC',
    {
      cniCode: isCniError(err) ? err.cniCode : CNI_CODE.unknown,
      msg: `failed to delete stale attachment ${att.containerId} ${att.ifName}`,
      details: err instanceof Error ? err.message : String(err),
    },
    { cause: err },
  );
}

/** libcni GetStatusNetworkList: STATUS to each plugin that speaks 1.1.0, in order; the first error stops it. */
export async function statusNetwork(
  deps: ChainDeps,
  list: NetworkConfigList,
  plugins: readonly ResolvedPlugin[],
): Promise<void> {
  for (const plugin of plugins.filter((p) => atLeast(p.cniVersion, NETWORK_COMMANDS_SINCE))) {
    const stdin = statusRequest(plugin.conf, { name: list.name, cniVersion: plugin.cniVersion });
    const inv = {
      command: 'STATUS',
      plugin: plugin.conf.type,
      path: plugin.path,
      env: networkEnv('STATUS', deps.binDirs),
      stdin,
    } as const;
    await invoke(deps.exec, inv, deps.busyRetryDelayMs);
  }
}
