/**
 * The on-disk format of the embedded store, all JSON lines:
 * - `log-<first revision>.jsonl`: segments of the append-only log, one record per mutation:
 *   `{"r":7,"k":"/registry/pods/default/a","v":{...}}` or `{"r":8,"k":"...","d":true}`.
 * - `snapshot.jsonl`: a header `{"snapshot":1,"revision":R,"count":N}`, then N records holding
 *   every key's value and mod revision as of revision R, in key order.
 * - `lock`: the pid of the process that has the directory open.
 */

export const SNAPSHOT_FILE = 'snapshot.jsonl';
export const SNAPSHOT_TEMP_FILE = 'snapshot.jsonl.tmp';
export const LOCK_FILE = 'lock';

const SEGMENT_PATTERN = /^log-(\d{16})\.jsonl$/;

export const segmentName = (firstRevision: number): string =>
  `log-${String(firstRevision).padStart(16, '0')}.jsonl`;

/** The first revision a segment was opened for, or undefined for files that are not segments. */
export function segmentStart(fileName: string): number | undefined {
  const match = SEGMENT_PATTERN.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

export interface LogRecord {
  readonly revision: number;
  readonly key: string;
  /** The value's JSON text; undefined for a deletion. */
  readonly text: string | undefined;
}

export interface SnapshotHeader {
  readonly revision: number;
  readonly count: number;
}

/** `text` is already JSON, so it is spliced in as is rather than encoded twice. */
export function encodeRecord(revision: number, key: string, text: string | undefined): string {
  const head = `{"r":${revision},"k":${JSON.stringify(key)}`;
  return text === undefined ? `${head},"d":true}\n` : `${head},"v":${text}}\n`;
}

/** Undefined when the line is not a complete record (a torn write or damage). */
export function decodeRecord(line: string): LogRecord | undefined {
  const raw = parseObject(line);
  if (!raw || !isRevision(raw.r) || typeof raw.k !== 'string') return undefined;
  if (raw.d === true) return { revision: raw.r, key: raw.k, text: undefined };
  // JSON.stringify(JSON.parse(t)) === t for any t that JSON.stringify produced.
  if ('v' in raw) return { revision: raw.r, key: raw.k, text: JSON.stringify(raw.v) };
  return undefined;
}

export const encodeSnapshotHeader = (header: SnapshotHeader): string =>
  `${JSON.stringify({ snapshot: 1, revision: header.revision, count: header.count })}\n`;

export function decodeSnapshotHeader(line: string): SnapshotHeader | undefined {
  const raw = parseObject(line);
  if (!raw || raw.snapshot !== 1 || !isRevision(raw.revision) || !isRevision(raw.count)) return undefined;
  return { revision: raw.revision, count: raw.count };
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const raw: unknown = JSON.parse(line);
    return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isRevision = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
