import type { IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import { ApiTransportError } from './errors.js';
import type { WatchEvent } from './types.js';

/**
 * Reads a watch response: one JSON event per line, blank lines are heartbeats. A stream silent for
 * `idleTimeoutMs` is treated as dead (client-node aborts after 30 s of silence for the same reason:
 * a vanished server leaves a half-open TCP connection that never errors by itself).
 * Resolves when the server ends the stream or `stop` is called; rejects when the connection fails.
 */
export function readWatch(
  res: IncomingMessage,
  onEvent: (event: WatchEvent) => void,
  idleTimeoutMs: number,
): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => res.destroy(new Error(`watch silent for ${idleTimeoutMs} ms`)), idleTimeoutMs);
    };
    const finish = (err?: Error): void => {
      clearTimeout(idle);
      if (err && !stopped) reject(new ApiTransportError(`watch broke: ${err.message}`, { cause: err }));
      else resolve();
    };
    arm();
    res.on('data', arm);
    res.on('error', finish);
    res.on('close', () => finish(res.complete || stopped ? undefined : new Error('connection closed')));
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    lines.on('error', () => {}); // readline re-emits the response's errors, handled above
    lines.on('line', (line) => {
      if (line.trim() === '' || stopped) return;
      let event: WatchEvent;
      try {
        event = JSON.parse(line) as WatchEvent;
      } catch (err) {
        res.destroy(err as Error);
        return;
      }
      onEvent(event);
    });
  });
  return {
    stop() {
      stopped = true;
      res.destroy();
    },
    done,
  };
}
