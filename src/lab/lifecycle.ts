import { FlatnetError } from '../lib/errors.js';
import { mapLimit } from '../lib/concurrency.js';
import { isNotFound } from '../kernel/errors.js';
import type { Kernel } from '../kernel/types.js';
import type { LabConfig } from './config.js';
import { startControlPlane } from './control-plane.js';
import { startClusterProcesses, waitNodesReady } from './cluster.js';
import type { CniPlugins } from '../kubelet/cni-config.js';
import type { BackendType } from '../node-agent/backends/backend.js';
import { DEFAULT_BACKEND } from '../node-agent/backends/registry.js';
import { daemonRunning, stopPids } from './daemons.js';
import { labNetnsPrefix, labOfNetns } from './naming.js';
import { planLab } from './plan.js';
import {
  labDir,
  listLabDirs,
  readState,
  removeLabDir,
  withLabLock,
  writeState,
  type LabState,
} from './state.js';

export interface LabDeps {
  readonly kernel: Kernel;
}

export interface UpOptions {
  /**
   * Start the cluster: API server, kubectl forwarder, controller-manager and a node process per node
   * (default true; false gives a network-only datacenter for tests and benchmarks).
   */
  readonly controlPlane?: boolean;
  /** Which CNI plugins the nodes use (ours by default; 'reference' = Debian's bridge + host-local). */
  readonly cniPlugins?: CniPlugins;
  /** The node agents' cross-node backend (default vxlan). */
  readonly backend?: BackendType;
}

/** How many kernel tool processes run at once while building or removing a lab. */
const PARALLEL = 8;

export class LabExistsError extends FlatnetError {
  constructor(name: string, detail: string) {
    super('EEXIST', `lab "${name}" already exists (${detail}); run "flatnet down --name ${name}" first`);
  }
}

/** Builds the datacenter. On any failure it removes whatever it created and rethrows. */
export async function labUp(config: LabConfig, deps: LabDeps, options: UpOptions = {}): Promise<LabState> {
  return withLabLock(config.name, async () => {
    const existing = await readState(config.name);
    if (existing) throw new LabExistsError(config.name, existing.phase);
    const leftovers = await labNamespaces(deps.kernel, config.name);
    if (leftovers.length > 0) throw new LabExistsError(config.name, `${leftovers.length} namespaces remain`);

    const plan = planLab(config);
    const creating: LabState = {
      version: 1,
      config,
      phase: 'creating',
      createdAt: new Date().toISOString(),
      hosts: plan.hosts,
    };
    await writeState(creating);
    try {
      await mapLimit(plan.hosts, PARALLEL, (h) => deps.kernel.createNetns(h.netns));
      const switchHost = plan.hosts.find((h) => h.role === 'switch')!;
      await deps.kernel.host(switchHost.netns).apply(plan.switchOps);
      await mapLimit(plan.hosts, PARALLEL, (h) =>
        deps.kernel.host(h.netns).apply(plan.hostOps.get(h.name) ?? []),
      );
      let ready: LabState = { ...creating, phase: 'ready' };
      if (options.controlPlane ?? true) {
        const control = plan.hosts.find((h) => h.role === 'control')!;
        // Record the daemons before waiting on them, so a failed start is still cleaned up.
        const cp = await startControlPlane(config.name, labDir(config.name), control, async (daemons) => {
          await writeState({ ...creating, daemons });
        });
        const { daemons, ...controlPlane } = cp;
        const backend = options.backend ?? DEFAULT_BACKEND;
        const cluster = startClusterProcesses(
          labDir(config.name),
          plan.hosts,
          cp.labKubeconfig,
          options.cniPlugins,
          backend,
        );
        await writeState({ ...creating, backend, daemons: [...daemons, ...cluster] });
        await waitNodesReady(
          cp.kubeconfig,
          plan.hosts.filter((h) => h.role === 'node').map((h) => h.name),
        );
        ready = { ...ready, backend, daemons: [...daemons, ...cluster], controlPlane };
      }
      await writeState(ready);
      return ready;
    } catch (err) {
      await teardown(deps.kernel, config.name, await readState(config.name)).catch(() => undefined);
      await removeLabDir(config.name);
      throw new FlatnetError(
        'EUP',
        `flatnet up "${config.name}" failed and was rolled back: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  });
}

/** Removes everything of a lab, from its state file and by prefix sweep. A lab that does not exist is fine. */
export async function labDown(
  name: string,
  deps: LabDeps,
): Promise<{ namespaces: number; existed: boolean }> {
  return withLabLock(name, async () => {
    const state = await readState(name);
    if (state) await writeState({ ...state, phase: 'deleting' });
    const namespaces = await teardown(deps.kernel, name, state);
    await removeLabDir(name);
    return { namespaces, existed: state !== undefined || namespaces > 0 };
  });
}

/** Every lab found in state directories or by namespace prefix. */
export async function labDownAll(deps: LabDeps): Promise<string[]> {
  const names = new Set(await listLabDirs());
  for (const ns of await deps.kernel.listNetns()) {
    const lab = labOfNetns(ns);
    if (lab) names.add(lab);
  }
  const removed: string[] = [];
  for (const name of [...names].sort()) {
    if ((await labDown(name, deps)).existed) removed.push(name);
  }
  return removed;
}

async function labNamespaces(kernel: Kernel, name: string, state?: LabState): Promise<string[]> {
  const prefix = labNetnsPrefix(name);
  const found = (await kernel.listNetns()).filter((ns) => ns.startsWith(prefix));
  const known = state?.hosts.map((h) => h.netns) ?? [];
  return [...new Set([...found, ...known])];
}

async function teardown(kernel: Kernel, name: string, state?: LabState): Promise<number> {
  // Root-namespace daemons (the kubectl forwarder) are only known from the state file.
  await stopPids((state?.daemons ?? []).filter(daemonRunning).map((d) => d.pid));
  const namespaces = await labNamespaces(kernel, name, state);
  let removed = 0;
  await mapLimit(namespaces, PARALLEL, async (ns) => {
    try {
      await stopProcesses(kernel, ns);
      await kernel.deleteNetns(ns);
      removed++;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  });
  return removed;
}

/** Every process left inside the namespace (pods, node processes) is stopped before it goes. */
async function stopProcesses(kernel: Kernel, netns: string): Promise<void> {
  await stopPids(await kernel.netnsPids(netns));
}
