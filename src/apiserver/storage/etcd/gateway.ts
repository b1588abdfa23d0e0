import { StorageError } from '../errors.js';

/** etcd's JSON mapping of int64 fields: decimal strings, omitted when zero. */
export type Int64 = string | undefined;

export interface EtcdKeyValue {
  readonly key: string;
  readonly value?: string;
  readonly create_revision?: Int64;
  readonly mod_revision?: Int64;
}

export interface EtcdHeader {
  readonly revision?: Int64;
}

export interface RangeResponse {
  readonly header?: EtcdHeader;
  readonly kvs?: EtcdKeyValue[];
  readonly more?: boolean;
}

export interface TxnResponse {
  readonly header?: EtcdHeader;
  readonly succeeded?: boolean;
  readonly responses?: {
    readonly response_range?: RangeResponse;
    readonly response_delete_range?: { readonly prev_kvs?: EtcdKeyValue[] };
  }[];
}

export const int64 = (value: Int64): number => Number(value ?? 0);
export const toBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const fromBase64 = (text: string | undefined): string =>
  Buffer.from(text ?? '', 'base64').toString('utf8');

/**
 * The end of etcd's range for every key starting with `prefix` (clientv3.GetPrefixRangeEnd): the
 * prefix with its last byte below 0xff incremented. An empty or all-0xff prefix means "to the end",
 * which etcd spells as the single byte 0.
 */
export function prefixRangeEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      const end = bytes.subarray(0, i + 1);
      end[i] += 1;
      return end.toString('base64');
    }
  }
  return Buffer.from([0]).toString('base64');
}

/**
 * A client for etcd v3's gRPC gateway: the same KV and Watch API as gRPC, as JSON over HTTP/1.1
 * on the client port (`/v3/kv/range`, `/v3/kv/txn`, `/v3/watch`, ...). See etcd's
 * Documentation/dev-guide/api_grpc_gateway.md; bytes fields are base64, int64 fields strings.
 */
export class EtcdGateway {
  constructor(readonly endpoint: string) {}

  url(path: string): string {
    return `${this.endpoint.replace(/\/+$/, '')}/v3/${path}`;
  }

  async call<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw new StorageError('Unavailable', `etcd at ${this.endpoint} is unreachable`, { cause: err });
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok || parsed === undefined || 'error' in parsed) throw gatewayError(path, text);
    return parsed as T;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps etcd's errors by their fixed messages (etcd/mvcc ErrCompacted, ErrFutureRev). */
export function gatewayError(path: string, text: string): StorageError {
  const message = (parseJson(text)?.message as string | undefined) ?? text.slice(0, 200);
  if (message.includes('required revision has been compacted')) {
    return new StorageError('Expired', `etcd ${path}: ${message}: list again`);
  }
  if (message.includes('required revision is a future revision')) {
    return new StorageError('FutureRevision', `etcd ${path}: ${message}`);
  }
  return new StorageError('Unavailable', `etcd ${path}: ${message}`);
}
