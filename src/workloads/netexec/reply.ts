import { STATUS_CODES } from 'node:http';
import type { NetexecRequest, NetexecResponse } from './types.js';

/** A plain reply; the HTTP adapter adds Go's sniffed "text/plain; charset=utf-8" to non-empty bodies. */
export function reply(status: number, body = '', headers: Record<string, string> = {}): NetexecResponse {
  return { status, headers, body };
}

/** The process is going away (os.Exit) or Go would have panicked: close the connection unanswered. */
export const ABORT: NetexecResponse = Object.freeze({ status: 0, headers: {}, body: '', abort: true });

/** net/http.Error: plain text, nosniff, the message plus a newline. */
export function goHttpError(message: string, status: number): NetexecResponse {
  return reply(status, `${message}\n`, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
}

/** Request.FormValue: the first body value, else the first query value, else "". */
export function formValue(request: NetexecRequest, key: string): string {
  return request.postForm.get(key) ?? request.query.get(key) ?? '';
}

/** path.Clean for URL paths, keeping a trailing slash as Go's ServeMux and Redirect do. */
export function goCleanPath(path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const cleaned = `/${parts.join('/')}`;
  return absolute.endsWith('/') && cleaned !== '/' ? `${cleaned}/` : cleaned;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
};

/** net/http.Redirect: relative locations are made absolute against the request path and cleaned. */
export function goRedirect(request: NetexecRequest, location: string, code: number): NetexecResponse {
  let target = location;
  const hasSchemeOrHost = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target) || target.startsWith('//');
  if (!hasSchemeOrHost) {
    if (!target.startsWith('/')) {
      const oldPath = request.path || '/';
      target = oldPath.slice(0, oldPath.lastIndexOf('/') + 1) + target;
    }
    const queryAt = target.indexOf('?');
    const query = queryAt === -1 ? '' : target.slice(queryAt);
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    target = goCleanPath(path) + query;
  }
  // Go percent-encodes non-ASCII bytes of the Location header.
  const headerValue = Array.from(Buffer.from(target, 'utf8'))
    .map((b) => (b >= 0x80 ? `%${b.toString(16).toUpperCase()}` : String.fromCharCode(b)))
    .join('');
  const headers: Record<string, string> = { Location: headerValue };
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') headers['Content-Type'] = 'text/html; charset=utf-8';
  const body =
    method === 'GET'
      ? `<a href="${target.replace(/[&'<>"]/g, (c) => HTML_ESCAPES[c] ?? c)}">${STATUS_CODES[code] ?? ''}</a>.\n\n`
      : '';
  return reply(code, body, headers);
}
