import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What the kubelet knows about each pod it runs, on disk so that a restarted kubelet re-adopts its
 * pods instead of recreating them (running pods keep running and keep their IPs).
 */

export type ContainerPhase = 'waiting' | 'running' | 'terminated';

export interface Termination {
  readonly exitCode: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt: string;
}

export interface ContainerState {
  readonly name: string;
  phase: ContainerPhase;
  pid?: number;
  /** The argv element that identifies the process in /proc/<pid>/cmdline (pid reuse guard). */
  program?: string;
  startedAt?: string;
  reason?: string;
  message?: string;
  terminated?: Termination;
  lastTerminated?: Termination;
  restartCount: number;
  /** Epoch ms before which a crashed container is not restarted (CrashLoopBackOff). */
  backoffUntil?: number;
  ready: boolean;
}

export interface SandboxState {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** The pod's network namespace; null for hostNetwork pods (they use the node's). */
  readonly netns: string | null;
  pausePid: number;
  readonly pauseProgram: string;
  podIp?: string;
  readonly createdAt: string;
  containers: Record<string, ContainerState>;
}

export class PodStateStore {
  constructor(private readonly root: string) {}

  dir(uid: string): string {
    return join(this.root, 'pods', uid);
  }

  logPath(uid: string, container: string): string {
    return join(this.dir(uid), `${container}.log`);
  }

  async save(state: SandboxState): Promise<void> {
    await mkdir(this.dir(state.uid), { recursive: true });
    const path = join(this.dir(state.uid), 'sandbox.json');
    await writeFile(`${path}.tmp`, JSON.stringify(state, null, 2));
    await rename(`${path}.tmp`, path);
  }

  async loadAll(): Promise<SandboxState[]> {
    const uids = await readdir(join(this.root, 'pods')).catch(() => [] as string[]);
    const states: SandboxState[] = [];
    for (const uid of uids) {
      const text = await readFile(join(this.dir(uid), 'sandbox.json'), 'utf8').catch(() => undefined);
      if (text) states.push(JSON.parse(text) as SandboxState);
    }
    return states;
  }

  async remove(uid: string): Promise<void> {
    await rm(this.dir(uid), { recursive: true, force: true });
  }
}
