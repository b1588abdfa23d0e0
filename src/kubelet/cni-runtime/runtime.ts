import { ResultCache, encodeConfig, entryConfig } from './cache.js';
import { addChain, checkChain, delChain, type ChainDeps, type ChainRun } from './chain.js';
import { loadNetworkConfig, parseNetworkConfig } from './config.js';
import { cniArgs, validateAttachment, type CniArgs } from './env.js';
import { CNI_CODE, CniError } from './errors.js';
import { defaultPluginExec } from './exec.js';
import { OperationGate } from './gate.js';
import { collectGarbage, statusNetwork } from './network.js';
import { PluginResolver } from './plugins.js';
import type {
  Attachment,
  AttachmentRef,
  CacheEntry,
  CniResult,
  NetworkConfigList,
  PluginExec,
} from './types.js';

export interface CniRuntimeOptions {
  /** Directory of network configs; the lowest-sorted `.conf`/`.conflist`/`.json` is the network. */
  readonly confDir: string;
  /** Plugin directories, searched in order; also CNI_PATH. */
  readonly binDirs: readonly string[];
  /** Holds `results/` (libcni default /var/lib/cni). */
  readonly cacheDir: string;
  /** Runs a plugin; defaults to spawning it in this process's network namespace. */
  readonly exec?: PluginExec;
  /** Pause between retries of a plugin binary that is busy being written (libcni: 1 s). */
  readonly busyRetryDelayMs?: number;
}

/** An attachment that ADD created: the network it used (from the cache when there is one). */
interface Existing {
  readonly list: NetworkConfigList;
  readonly entry: CacheEntry | undefined;
}

/**
 * Runs a network's plugin chain for pods with libcni's semantics (see README.md): ADD in order,
 * DEL in reverse, CHECK, GC and STATUS; keeps libcni's result cache; negotiates the spec version
 * with each plugin.
 */
export class CniRuntime {
  private readonly deps: ChainDeps;
  private readonly cache: ResultCache;
  private readonly plugins: PluginResolver;
  private readonly gate = new OperationGate();

  constructor(private readonly opts: CniRuntimeOptions) {
    const exec = opts.exec ?? defaultPluginExec;
    const busyRetryDelayMs = opts.busyRetryDelayMs ?? 1000;
    this.deps = { exec, binDirs: opts.binDirs, busyRetryDelayMs };
    this.cache = new ResultCache(opts.cacheDir);
    this.plugins = new PluginResolver(opts.binDirs, exec, busyRetryDelayMs);
  }

  /** Loads and validates the network: config parses, every plugin exists and shares a version with us. */
  async loadNetwork(): Promise<NetworkConfigList> {
    const list = await loadNetworkConfig(this.opts.confDir);
    await this.plugins.resolve(list);
    return list;
  }

  /** ADD. On failure nothing is cached; the caller must still call `del` (spec), as after any ADD. */
  async add(att: Attachment): Promise<CniResult> {
    validateAttachment(att, true);
    return this.gate.attachment(att.containerId, async () => {
      const list = await loadNetworkConfig(this.opts.confDir);
      const run = await this.chainRun(list, att, cniArgs(att.args), att.capabilityArgs);
      const result = await addChain(this.deps, run);
      await this.cache.write({
        kind: 'cniCacheV1',
        containerId: att.containerId,
        config: encodeConfig(list.bytes),
        ifName: att.ifName,
        networkName: list.name,
        ...(att.netns ? { netns: att.netns } : {}),
        ...(run.args.length > 0 ? { cniArgs: run.args } : {}),
        ...(att.capabilityArgs ? { capabilityArgs: att.capabilityArgs } : {}),
        result,
      });
      return result;
    });
  }

  /** DEL; succeeds again and again. Missing args and capability args come from the cache. */
  async del(att: Attachment): Promise<void> {
    validateAttachment(att, false);
    return this.gate.attachment(att.containerId, () => this.delUngated(att));
  }

  /** CHECK with the cached result; needs a preceding ADD. `disableCheck` makes it a no-op. */
  async check(att: Attachment): Promise<void> {
    validateAttachment(att, true);
    return this.gate.attachment(att.containerId, async () => {
      const { list, entry } = await this.existing(att);
      if (list.disableCheck) return;
      if (!entry?.result) {
        throw new CniError('ECNI_STATE', {
          cniCode: CNI_CODE.unknownContainer,
          msg: 'no cached result: CHECK needs a preceding ADD',
          details: `${att.containerId}/${att.ifName} in network ${JSON.stringify(list.name)}`,
        });
      }
      const run = await this.chainRun(
        list,
        att,
        argsFor(att, entry),
        att.capabilityArgs ?? entry.capabilityArgs,
      );
      await checkChain(this.deps, run, entry.result);
    });
  }

  /**
   * GC: DEL every cached attachment not in `valid`, then GC to each plugin that speaks 1.1.0.
   * Runs alone (no ADD/DEL meanwhile); raises one ECNI_GC error listing every failure.
   */
  gc(valid: readonly AttachmentRef[]): Promise<void> {
    return this.gate.exclusive(() =>
      collectGarbage({
        valid,
        cache: this.cache,
        current: () => loadNetworkConfig(this.opts.confDir),
        resolve: (list) => this.plugins.resolve(list),
        del: (att) => this.delUngated(att),
        deps: this.deps,
      }),
    );
  }

  /** STATUS: the network loads and every plugin that speaks 1.1.0 reports ready; else the first error. */
  async status(): Promise<void> {
    const list = await loadNetworkConfig(this.opts.confDir);
    await statusNetwork(this.deps, list, await this.plugins.resolve(list));
  }

  private async delUngated(att: Attachment): Promise<void> {
    const { list, entry } = await this.existing(att);
    const run = await this.chainRun(
      list,
      att,
      argsFor(att, entry),
      att.capabilityArgs ?? entry?.capabilityArgs,
    );
    await delChain(this.deps, run, entry?.result);
    await this.cache.remove(entry?.networkName ?? list.name, att.containerId, att.ifName);
  }

  /**
   * The network an existing attachment was added with: the config stored in its cache entry
   * (CRI-O's ocicni does the same), so DEL and CHECK undo and inspect what ADD really did even if
   * the config directory changed since; the current network when nothing is cached.
   */
  private async existing(att: AttachmentRef): Promise<Existing> {
    const current = await loadNetworkConfig(this.opts.confDir).catch((err: unknown) => err as Error);
    const entries = await this.cache.list({ containerId: att.containerId, ifName: att.ifName });
    const entry =
      entries.find((e) => !(current instanceof Error) && e.networkName === current.name) ?? entries[0];
    const cached = entry && cachedList(entry);
    if (cached) return { list: cached, entry };
    if (current instanceof Error) throw current;
    return { list: current, entry };
  }

  private async chainRun(
    list: NetworkConfigList,
    att: Attachment,
    args: CniArgs,
    capabilityArgs: Readonly<Record<string, unknown>> | undefined,
  ): Promise<ChainRun> {
    return { list, plugins: await this.plugins.resolve(list), att, args, capabilityArgs };
  }
}

/** The caller's CNI_ARGS, else those ADD used (GC and a kubelet that lost the pod know none). */
const argsFor = (att: Attachment, entry: CacheEntry | undefined): CniArgs =>
  att.args ? cniArgs(att.args) : (entry?.cniArgs ?? cniArgs());

function cachedList(entry: CacheEntry): NetworkConfigList | undefined {
  try {
    return parseNetworkConfig(entryConfig(entry), `cached config of ${entry.containerId}`, 'list');
  } catch {
    return undefined;
  }
}
