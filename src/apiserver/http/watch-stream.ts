import type { ServerResponse } from 'node:http';
import { toStatus } from '../machinery/status.js';
import { toApiError } from './api-errors.js';
import type { ObjectEvent, ObjectWatch } from '../registry/watch.js';
import { apiVersionOf, type ResourceType } from '../resources/types.js';
import { toTable, type IncludeObject } from './table.js';

export interface StreamOptions {
  readonly resource: ResourceType;
  readonly table?: { include: IncludeObject };
  readonly bookmarks: boolean;
  readonly timeoutMs: number;
  /** Heartbeat interval: a bare newline keeps idle connections (and client-node's 30 s timer) alive. */
  readonly heartbeatMs?: number;
  readonly bookmarkMs?: number;
  readonly now: () => Date;
  readonly currentRevision: () => Promise<number>;
}

/** Streams watch events as JSON lines over a chunked response until timeout, disconnect or error. */
export async function streamWatch(
  res: ServerResponse,
  watch: ObjectWatch,
  options: StreamOptions,
): Promise<void> {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
  let first = true;
  const write = (type: string, object: unknown): void => {
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const encode = (event: ObjectEvent): unknown => {
    if (!options.table) return event.object;
    const table = toTable(options.resource, [event.object], {
      include: options.table.include,
      now: options.now(),
      listMeta: { resourceVersion: event.object.metadata?.resourceVersion },
      withColumns: first,
    });
    first = false;
    return table;
  };
  const timers = [
    setInterval(() => res.write('\n'), options.heartbeatMs ?? 10_000),
    ...(options.bookmarks
      ? [
          setInterval(() => {
            void options.currentRevision().then((rv) =>
              write('BOOKMARK', {
                kind: options.resource.kind,
                apiVersion: apiVersionOf(options.resource),
                metadata: { resourceVersion: String(rv) },
              }),
            );
          }, options.bookmarkMs ?? 30_000),
        ]
      : []),
    setTimeout(() => watch.close(), options.timeoutMs),
  ];
  res.on('close', () => watch.close());
  try {
    for await (const event of watch.events) write(event.type, encode(event));
  } catch (err) {
    const apiError = toApiError(err);
    write('ERROR', toStatus(apiError));
  } finally {
    timers.forEach((t) => clearTimeout(t));
    watch.close();
    res.end();
  }
}
