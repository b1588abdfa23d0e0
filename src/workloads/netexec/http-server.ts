import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { errorMessage } from '../../lib/errors.js';
import { goHostPort } from './go-format.js';
import type { NetexecRequest, NetexecResponse } from './types.js';

/** Go's ParseForm reads at most 10 MB of url-encoded body. */
const MAX_FORM_BYTES = 10 << 20;
const FORM_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface HttpServerOptions {
  /** An IP to bind, or "" for every address. */
  host: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  /** --http-override: serve every request as a fresh "GET <override>" (no headers, no RemoteAddr). */
  httpOverride: string;
  serve: (request: NetexecRequest) => NetexecResponse | Promise<NetexecResponse>;
  /** True once a graceful shutdown began: answers then carry "Connection: close". */
  closing: () => boolean;
  log: (message: string) => void;
}

function splitTarget(target: string): { path: string; rawQuery: string } {
  const at = target.indexOf('?');
  return at === -1
    ? { path: target, rawQuery: '' }
    : { path: target.slice(0, at), rawQuery: target.slice(at + 1) };
}

/** agnhost's override: http.NewRequest("GET", override, nil), so headers and RemoteAddr are empty. */
export function overrideRequest(override: string): NetexecRequest {
  const url = new URL(override, 'http://netexec.invalid');
  const { path, rawQuery } = splitTarget(url.pathname + url.search);
  return {
    method: 'GET',
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    postForm: new URLSearchParams(),
    remoteAddr: '',
    headers: {},
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (!FORM_METHODS.has(req.method ?? '') || contentType !== 'application/x-www-form-urlencoded') {
    req.resume();
    return new URLSearchParams();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_FORM_BYTES) chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).subarray(0, MAX_FORM_BYTES).toString('utf8'));
}

/** The socket-free view of a Node request that handlers work on. */
export async function toNetexecRequest(req: IncomingMessage): Promise<NetexecRequest> {
  const { path, rawQuery } = splitTarget(req.url ?? '/');
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    // Go moves Host and Transfer-Encoding out of Request.Header.
    if (name !== 'host' && name !== 'transfer-encoding' && values) headers[name] = values;
  }
  return {
    method: req.method ?? 'GET',
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    postForm: await readForm(req),
    remoteAddr: goHostPort(req.socket.remoteAddress ?? '', req.socket.remotePort ?? 0),
    headers,
  };
}

export function writeResponse(res: ServerResponse, response: NetexecResponse, closing: boolean): void {
  // Go panics on WriteHeader codes outside 100-999 and the server drops the connection.
  if (response.abort || response.status < 100 || response.status > 999) {
    res.socket?.destroy();
    return;
  }
  // Go sends 1xx codes as informational responses; the client's final answer is then a 200.
  const status = response.status < 200 ? 200 : response.status;
  const headers = { ...response.headers };
  // Go sniffs a Content-Type for any non-empty body; for text that is always this one.
  if (response.body !== '' && headers['Content-Type'] === undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  }
  if (closing) headers.Connection = 'close';
  // setHeader (not writeHead) leaves the headers open, so end() can add Content-Length as Go does.
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(response.body);
}

/** Start the HTTP(S) server; resolves once listening. */
export function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const handle = async (): Promise<void> => {
      const request = options.httpOverride
        ? overrideRequest(options.httpOverride)
        : await toNetexecRequest(req);
      if (options.httpOverride) req.resume();
      writeResponse(res, await options.serve(request), options.closing());
    };
    handle().catch((err: unknown) => {
      options.log(`http: panic serving ${req.socket.remoteAddress ?? ''}: ${errorMessage(err)}`);
      res.socket?.destroy();
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const ready = (): void => {
      server.off('error', reject);
      resolve(server);
    };
    if (options.host === '') server.listen(options.port, ready);
    else server.listen(options.port, options.host, ready);
  });
}
