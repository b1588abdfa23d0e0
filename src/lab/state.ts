import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FlatnetError } from '../lib/errors.js';
import { processAlive } from '../kernel/process.js';
import type { LabConfig } from './config.js';
import type { LabHost } from './plan.js';
import type { DaemonRecord } from './daemons.js';
import type { BackendType } from '../node-agent/backends/backend.js';

/**
 * Each lab keeps its state and logs under one directory (`$FLATNET_HOME/<name>`, default ~/.flatnet).
 * The state file is written before anything is created, so `down` can always find what `up` began.
 */

export type LabPhase = 'creating' | 'ready' | 'deleting';

export interface LabState {
  readonly version: 1;
  readonly config: LabConfig;
  readonly phase: LabPhase;
  readonly createdAt: string;
  readonly hosts: readonly LabHost[];
  /** Background processes of the lab; the root-namespace ones can only be found through this list. */
  readonly daemons?: readonly DaemonRecord[];
  /** The cross-node backend the node processes run (set when the cluster was started). */
  readonly backend?: BackendType;
  /** Present once the control plane is up. */
  readonly controlPlane?: {
    readonly kubeconfig: string;
    readonly labKubeconfig: string;
    readonly hostPort: number;
  };
}

export function flatnetHome(): string {
  return process.env['FLATNET_HOME'] ?? join(homedir(), '.flatnet');
}

export const labDir = (name: string): string => join(flatnetHome(), name);
const statePath = (name: string): string => join(labDir(name), 'state.json');
const lockPath = (name: string): string => join(labDir(name), 'lock');

export async function readState(name: string): Promise<LabState | undefined> {
  try {
    return JSON.parse(await readFile(statePath(name), 'utf8')) as LabState;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FlatnetError('ESTATE', `cannot read state of lab "${name}": ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Atomic replace: a crash leaves either the old or the new state, never a torn file. */
export async function writeState(state: LabState): Promise<void> {
  const dir = labDir(state.config.name);
  await mkdir(dir, { recursive: true });
  const tmp = `${statePath(state.config.name)}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, statePath(state.config.name));
}

export async function removeLabDir(name: string): Promise<void> {
  await rm(labDir(name), { recursive: true, force: true });
}

export async function listLabDirs(): Promise<string[]> {
  try {
    return (await readdir(flatnetHome(), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Serialises up/down of one lab across processes. A lock whose holder died is taken over. */
export async function withLabLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(labDir(name), { recursive: true });
  const path = lockPath(name);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (attempt < 1 && !(holder > 0 && processAlive(holder))) {
        await rm(path, { force: true });
        continue;
      }
      throw new FlatnetError(
        'EBUSY',
        `lab "${name}" is being changed by another flatnet process (pid ${holder})`,
      );
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
