import { StorageError } from '../errors.js';
import type { Change } from '../history.js';
import type { EtcdHeader, EtcdKeyValue, Int64 } from './gateway.js';
import { fromBase64, gatewayError, int64 } from './gateway.js';

/** One message of the gateway's watch stream (etcdserverpb.WatchResponse, wrapped in `result`). */
interface WatchResponse {
  readonly header?: EtcdHeader;
  readonly created?: boolean;
  readonly canceled?: boolean;
  readonly cancel_reason?: string;
  readonly compact_revision?: Int64;
  readonly events?: EtcdEvent[];
}

interface EtcdEvent {
  /** Omitted for PUT, the enum's zero value. */
  readonly type?: 'PUT' | 'DELETE';
  readonly kv: EtcdKeyValue;
  readonly prev_kv?: EtcdKeyValue;
}

/**
 * One etcd watch over one HTTP response: the gateway answers POST /v3/watch with
 * newline-delimited WatchResponses, and keeps the stream open after the request body ends.
 */
export class WatchStream {
  private readonly decoder = new TextDecoder();
  private buffered = '';

  private constructor(
    private readonly abort: AbortController,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly keyOf: (etcdKey: string) => string,
  ) {}

  /** Resolves once etcd confirms the watch is created. */
  static async open(url: string, request: unknown, keyOf: (etcdKey: string) => string): Promise<WatchStream> {
    const abort = new AbortController();
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', body: JSON.stringify(request), signal: abort.signal });
    } catch (err) {
      throw new StorageError('Unavailable', `etcd watch at ${url} failed`, { cause: err });
    }
    if (!response.ok || !response.body) throw gatewayError('watch', await response.text());
    const stream = new WatchStream(abort, response.body.getReader(), keyOf);
    try {
      while (!(await stream.message()).created);
    } catch (err) {
      stream.close();
      throw err;
    }
    return stream;
  }

  /** The changes of the next message that has any; 'Expired' if etcd compacted past the watch. */
  async read(): Promise<Change[]> {
    for (;;) {
      const message = await this.message();
      const compacted = int64(message.compact_revision);
      if (compacted > 0) {
        throw new StorageError('Expired', `etcd compacted the history to revision ${compacted}: list again`);
      }
      if (message.canceled) {
        throw new StorageError(
          'Unavailable',
          `etcd canceled the watch: ${message.cancel_reason ?? 'no reason'}`,
        );
      }
      if (message.events?.length) return message.events.map((event) => this.toChange(event));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async message(): Promise<WatchResponse> {
    for (let newline = this.buffered.indexOf('\n'); ; newline = this.buffered.indexOf('\n')) {
      if (newline >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        if (line.trim() !== '') return parseMessage(line);
        continue;
      }
      let chunk: { done: boolean; value?: Uint8Array };
      try {
        chunk = await this.reader.read();
      } catch (err) {
        throw new StorageError('Unavailable', 'the etcd watch stream broke', { cause: err });
      }
      if (chunk.done) throw new StorageError('Unavailable', 'etcd closed the watch stream');
      this.buffered += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Kubernetes' reading of etcd events (storage/etcd3/event.go): a PUT that created its key is ADDED. */
  private toChange({ type, kv, prev_kv }: EtcdEvent): Change {
    const key = this.keyOf(kv.key);
    const revision = int64(kv.mod_revision);
    const prev = prev_kv && { text: fromBase64(prev_kv.value), revision: int64(prev_kv.mod_revision) };
    if (type === 'DELETE') return { type: 'DELETED', key, revision, text: undefined, prev };
    const created = int64(kv.create_revision) === revision;
    return { type: created ? 'ADDED' : 'MODIFIED', key, revision, text: fromBase64(kv.value), prev };
  }
}

function parseMessage(line: string): WatchResponse {
  const parsed = JSON.parse(line) as { result?: WatchResponse };
  if (!parsed.result) throw gatewayError('watch', line);
  return parsed.result;
}
