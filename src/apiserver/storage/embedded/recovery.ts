import { open, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../errors.js';
import { History } from '../history.js';
import type { LogRecord } from './log-format.js';
import {
  SNAPSHOT_FILE,
  SNAPSHOT_TEMP_FILE,
  decodeRecord,
  decodeSnapshotHeader,
  segmentStart,
} from './log-format.js';
import { KeySpace, applyChange, changeOf } from './state.js';

export interface Recovered {
  readonly space: KeySpace;
  /** Holds the changes replayed from the log, so watches can resume across a restart. */
  readonly history: History;
  /** Records replayed on top of the snapshot: what a compaction would fold away. */
  readonly replayed: number;
}

/**
 * Rebuilds the state from the snapshot plus every log record after it. The only damage tolerated
 * is a torn final record (a crash during an append that was therefore never acknowledged): it is
 * cut off. Anything else that would silently lose acknowledged writes is 'Corrupt'.
 */
export async function recover(dir: string, historyLimit: number): Promise<Recovered> {
  await unlink(join(dir, SNAPSHOT_TEMP_FILE)).catch(() => undefined);
  const { space, revision } = await readSnapshot(dir);
  const history = new History(historyLimit, revision);
  const segments = (await readdir(dir))
    .filter((name) => segmentStart(name) !== undefined)
    .sort((a, b) => segmentStart(a)! - segmentStart(b)!);
  let replayed = 0;
  for (const [i, name] of segments.entries()) {
    // A segment is named after the first revision it was opened for, so a later start means
    // the records in between (folded into a snapshot, or in a segment) are gone.
    if (segmentStart(name)! > history.last + 1) throw gap(name, history.last, segmentStart(name)!);
    for (const record of await readSegment(join(dir, name), i === segments.length - 1)) {
      if (record.revision <= history.last) continue; // already folded into the snapshot
      replay(space, history, record, name);
      replayed++;
    }
  }
  return { space, history, replayed };
}

function replay(space: KeySpace, history: History, record: LogRecord, segment: string): void {
  if (record.revision !== history.last + 1) throw gap(segment, history.last, record.revision);
  const prev = space.get(record.key);
  if (record.text === undefined && prev === undefined) {
    throw new StorageError('Corrupt', `${segment}: revision ${record.revision} deletes a missing key`);
  }
  const change = changeOf(record.revision, record.key, record.text, prev);
  applyChange(space, change);
  history.push(change);
}

const gap = (segment: string, from: number, to: number): StorageError =>
  new StorageError(
    'Corrupt',
    `${segment}: the log jumps from revision ${from} to ${to}; a snapshot or log segment is missing`,
  );

async function readSnapshot(dir: string): Promise<{ space: KeySpace; revision: number }> {
  const space = new KeySpace();
  const path = join(dir, SNAPSHOT_FILE);
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new StorageError('Unavailable', `cannot read ${path}`, { cause: err });
  });
  if (text === undefined) return { space, revision: 0 };
  // A snapshot only ever appears complete (renamed into place after fsync): any flaw is damage.
  const lines = text.split('\n');
  const header = decodeSnapshotHeader(lines[0] ?? '');
  if (!header || lines.length !== header.count + 2 || lines.at(-1) !== '') {
    throw new StorageError('Corrupt', `${path} is damaged: header or record count is wrong`);
  }
  for (const line of lines.slice(1, -1)) {
    const record = decodeRecord(line);
    if (!record || record.text === undefined || record.revision > header.revision) {
      throw new StorageError('Corrupt', `${path} is damaged: bad record ${line.slice(0, 80)}`);
    }
    space.set(record.key, { text: record.text, revision: record.revision });
  }
  return { space, revision: header.revision };
}

/** The segment's records; a torn tail of the newest segment is truncated away. */
async function readSegment(path: string, newest: boolean): Promise<LogRecord[]> {
  const buffer = await readFile(path);
  const records: LogRecord[] = [];
  for (let offset = 0; offset < buffer.length;) {
    const end = buffer.indexOf(0x0a, offset);
    const record = end === -1 ? undefined : decodeRecord(buffer.toString('utf8', offset, end));
    if (!record) {
      if (!newest || hasRecordAfter(buffer, end)) {
        throw new StorageError('Corrupt', `${path}: unreadable record at byte ${offset}`);
      }
      await truncateDurably(path, offset);
      return records;
    }
    records.push(record);
    offset = end + 1;
  }
  return records;
}

function hasRecordAfter(buffer: Buffer, end: number): boolean {
  if (end === -1) return false;
  const rest = buffer.toString('utf8', end + 1).split('\n');
  return rest.some((line) => decodeRecord(line) !== undefined);
}

/** The cut must be durable: once later records go to a newer segment, a torn tail here is damage. */
async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
