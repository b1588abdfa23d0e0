import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entry } from '../history.js';
import {
  SNAPSHOT_FILE,
  SNAPSHOT_TEMP_FILE,
  encodeRecord,
  encodeSnapshotHeader,
  segmentName,
  segmentStart,
} from './log-format.js';

const LINES_PER_WRITE = 1000;

/**
 * Writes the state at `revision` as the new snapshot. Write to a temp file, fsync, rename over
 * the old snapshot, fsync the directory: a crash leaves either the old snapshot or the new one,
 * never a partial file under the real name.
 */
export async function writeSnapshot(
  dir: string,
  revision: number,
  entries: readonly (readonly [string, Entry])[],
): Promise<void> {
  const temp = join(dir, SNAPSHOT_TEMP_FILE);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(encodeSnapshotHeader({ revision, count: entries.length }));
    for (let i = 0; i < entries.length; i += LINES_PER_WRITE) {
      const chunk = entries.slice(i, i + LINES_PER_WRITE);
      await handle.writeFile(
        chunk.map(([key, entry]) => encodeRecord(entry.revision, key, entry.text)).join(''),
      );
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, SNAPSHOT_FILE));
  await syncDirectory(dir);
}

/**
 * Deletes the log segments that the snapshot at `revision` makes redundant. The next segment is
 * created first, even if no write has reached it yet: its name keeps a record that revisions up to
 * `revision` exist, so losing the snapshot later reads as damage rather than as an empty store.
 */
export async function removeSegmentsUpTo(dir: string, revision: number): Promise<void> {
  await (await open(join(dir, segmentName(revision + 1)), 'a')).close();
  for (const name of await readdir(dir)) {
    const start = segmentStart(name);
    // A segment opened for revision s holds only records from s up to the rotation, which
    // happened at the snapshot revision, so s <= revision means every record is in the snapshot.
    if (start !== undefined && start <= revision) await unlink(join(dir, name));
  }
  await syncDirectory(dir);
}

/** Makes renames, creations and unlinks in `dir` durable (they live in the directory's inode). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
