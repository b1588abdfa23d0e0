import { spawn } from 'node:child_process';
import { CNI_CODE, CniError } from '../spec/errors.js';

/**
 * An exclusive flock(2) on a file, the lock host-local takes on `<dataDir>/<network>/lock`
 * (go-filemutex), so flatnet-ipam and host-local exclude each other on a shared directory.
 * Node has no flock, so util-linux flock(1) holds it: it runs `cat`, which echoes our probe byte
 * only once the lock is held; closing cat's stdin releases it, and so does our death.
 */

export type Unlock = () => Promise<void>;
export type LockFile = (path: string, timeoutMs: number) => Promise<Unlock>;

export const flockFile: LockFile = (path, timeoutMs) =>
  new Promise((resolve, reject) => {
    const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
    const child = spawn('flock', ['--exclusive', '--wait', seconds, path, 'cat'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let held = false;
    let stderr = '';
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new CniError(CNI_CODE.INTERNAL, `cannot lock ${path}`, String(err))));
    child.stdout.once('data', () => {
      held = true;
      resolve(async () => {
        child.stdin.end();
        await closed;
      });
    });
    child.on('close', (code) => {
      if (held) return;
      const details = stderr.trim() || `exit ${code}`;
      // flock(1) exits 1 when --wait runs out: another invocation holds the network; retry later.
      if (code === 1) reject(new CniError(CNI_CODE.TRY_AGAIN_LATER, `timed out locking ${path}`, details));
      else reject(new CniError(CNI_CODE.IO_FAILURE, `cannot lock ${path}`, details));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.write('\n');
  });

/**
 * flock(2) excludes open file descriptions, so two calls in one process (the CNI server runs many
 * at once) already exclude each other, each through its own flock(1). The queue in front serves
 * them in arrival order and keeps a burst of them from starting a flock(1) and a cat per waiter.
 * The timeout covers the time in the queue and at the flock together.
 */
export function serializedLock(inner: LockFile): LockFile {
  const tails = new Map<string, Promise<void>>();
  return async (path, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    const previous = tails.get(path) ?? Promise.resolve();
    let done!: () => void;
    const turn = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => turn);
    tails.set(path, tail);
    void tail.then(() => {
      if (tails.get(path) === tail) tails.delete(path);
    });
    try {
      await waitAtMost(previous, timeoutMs, path);
      const unlock = await inner(path, Math.max(1, deadline - Date.now()));
      return async () => {
        try {
          await unlock();
        } finally {
          done();
        }
      };
    } catch (err) {
      done();
      throw err;
    }
  };
}

function waitAtMost(turn: Promise<void>, ms: number, path: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const details = 'queued behind other calls in this process';
      reject(new CniError(CNI_CODE.TRY_AGAIN_LATER, `timed out locking ${path}`, details));
    }, ms);
  });
  return Promise.race([turn, timeout]).finally(() => clearTimeout(timer));
}

/** The lock every DiskStore of this process takes: flock(2), queued per file. */
export const processLock: LockFile = serializedLock(flockFile);
