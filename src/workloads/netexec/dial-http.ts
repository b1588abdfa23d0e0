import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { goErrnoText, goHostPort } from './go-format.js';
import type { DialTarget, Dialer } from './types.js';

/** agnhost's http.Client{Timeout: 5 * time.Second}: one budget for connect, headers, redirects and body. */
export const HTTP_DIAL_TIMEOUT_MS = 5000;
/** Go's http.Client gives up after 10 redirects. */
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

class DialHttpError extends Error {}

/** Like Go's URL.EscapedPath, percent-encode what cannot travel raw in a request line. */
function requestPath(url: string): string {
  const afterAuthority = url.replace(/^http:\/\/[^/]*/, '');
  return afterAuthority.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c)) || '/';
}

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

function getOnce(url: string, target: DialTarget, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    const hostPort = goHostPort(target.ip, target.port);
    const req = httpRequest({
      host: target.ip,
      port: target.port,
      path: requestPath(url),
      headers: { Host: hostPort, 'User-Agent': 'Go-http-client/1.1' },
      agent: false,
      signal,
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (signal.aborted) {
        const phase = response
          ? 'or context cancellation while reading body'
          : 'exceeded while awaiting headers';
        reject(new DialHttpError(`Get "${url}": context deadline exceeded (Client.Timeout ${phase})`));
      } else if (err.syscall === 'connect') {
        reject(new DialHttpError(`Get "${url}": dial tcp ${hostPort}: connect: ${goErrnoText(err)}`));
      } else if (err.message === 'socket hang up') {
        reject(new DialHttpError(`Get "${url}": EOF`));
      } else {
        reject(new DialHttpError(`Get "${url}": ${goErrnoText(err)}`));
      }
    });
    req.on('response', (res) => {
      response = res;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const location = res.headers.location;
        resolve({ status: res.statusCode ?? 0, location, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => req.destroy(err));
    });
    req.end();
  });
}

/** Where a redirect leads, if Go's client would follow it to another plain-HTTP IP address we can reach. */
function followTarget(from: string, location: string): { url: string; target: DialTarget } | string {
  const next = new URL(location, from);
  if (next.protocol !== 'http:') return `Get "${next.href}": unsupported protocol scheme "${next.protocol}"`;
  const ip = next.hostname.replace(/^\[(.*)\]$/, '$1');
  return { url: next.href, target: { ip, port: Number(next.port || 80) } };
}

/**
 * agnhost's dialHTTP: GET http://<ip:port>/<request>, following redirects, and return the body whatever
 * the status code. Errors carry Go's text (`Get "http://...": dial tcp ...: connect: connection refused`).
 */
export const dialHttp: Dialer = async (request, target) => {
  let url = `http://${goHostPort(target.ip, target.port)}/${request}`;
  if (target.ip === '') throw new DialHttpError(`Get "${url}": http: no Host in request URL`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), HTTP_DIAL_TIMEOUT_MS);
  try {
    let current = target;
    for (let redirects = 0; ; redirects++) {
      const answer = await getOnce(url, current, controller.signal);
      if (!REDIRECT_STATUSES.has(answer.status) || answer.location === undefined) return answer.body;
      const next = followTarget(url, answer.location);
      if (typeof next === 'string') throw new DialHttpError(next);
      if (redirects === MAX_REDIRECTS) {
        throw new DialHttpError(`Get "${next.url}": stopped after 10 redirects`);
      }
      ({ url, target: current } = next);
    }
  } finally {
    clearTimeout(timer);
  }
};
