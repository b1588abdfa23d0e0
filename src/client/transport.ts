import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiTransportError } from './errors.js';

/**
 * HTTP(S) to the API server with the kubeconfig's CA, client certificate and bearer token
 * (client-node's KubeConfig.applyToHTTPSOptions works them out). One keep-alive agent for all
 * requests. Credentials are read once: flatnet's kubeconfigs carry static tokens; exec plugins
 * that rotate tokens would need a per-request applyToHTTPSOptions.
 */

export interface TransportRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

export interface TransportResponse {
  readonly status: number;
  readonly body: string;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** A GET whose body the caller consumes (watch streams). */
  stream(path: string): Promise<IncomingMessage>;
  close(): void;
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function kubeTransport(kc: KubeConfig): Promise<Transport> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ApiTransportError('kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const secure = server.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({
        keepAlive: true,
        ...pick(opts, ['ca', 'cert', 'key', 'rejectUnauthorized', 'servername']),
      })
    : new HttpAgent({ keepAlive: true });
  const headers = { ...(opts.headers as Record<string, string> | undefined), accept: 'application/json' };
  const send = secure ? httpsRequest : httpRequest;
  const base = { hostname: server.hostname, port: server.port || (secure ? 443 : 80), agent };

  const open = (req: TransportRequest, timeoutMs: number): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      // Content-Length rather than chunked bodies: plain and what kubectl sends (our API server
      // answers a chunked DELETE body with 400).
      const body =
        req.body !== undefined
          ? {
              'content-type': req.contentType ?? 'application/json',
              'content-length': Buffer.byteLength(req.body),
            }
          : {};
      const r = send(
        { ...base, method: req.method, path: req.path, headers: { ...headers, ...body } },
        resolve,
      );
      r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      r.on('error', (err) =>
        reject(new ApiTransportError(`${req.method} ${req.path}: ${err.message}`, { cause: err })),
      );
      r.end(req.body);
    });

  return {
    async request(req) {
      const res = await open(req, REQUEST_TIMEOUT_MS);
      return { status: res.statusCode ?? 0, body: await readAll(res, req) };
    },
    // Watches idle between events: the watch reader owns their timeout (heartbeats reset it).
    stream: (path) => open({ method: 'GET', path }, 0),
    close: () => agent.destroy(),
  };
}

type TlsKey = 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername';

function pick(opts: RequestOptions, keys: readonly TlsKey[]): Pick<RequestOptions, TlsKey> {
  return Object.fromEntries(keys.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
}

export function readAll(
  res: IncomingMessage,
  req: Pick<TransportRequest, 'method' | 'path'>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', (err) =>
      reject(new ApiTransportError(`${req.method} ${req.path}: ${err.message}`, { cause: err })),
    );
  });
}
