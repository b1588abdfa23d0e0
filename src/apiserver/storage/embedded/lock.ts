import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../errors.js';
import { LOCK_FILE } from './log-format.js';

/**
 * Takes the data directory for this process: two servers appending to one log would interleave
 * revisions. The lock is a file holding our pid, created exclusively; a lock left by a process that
 * no longer exists (a crash) is taken over. Node has no flock(2), so this is PostgreSQL's
 * postmaster.pid scheme rather than etcd's flock.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError('Unavailable', `cannot lock ${dir}`, { cause: err });
      }
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new StorageError('Locked', `${dir} is in use by process ${owner}`);
    }
    await unlink(path).catch(() => undefined);
  }
  throw new StorageError('Locked', `${dir} is being locked by another process`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
