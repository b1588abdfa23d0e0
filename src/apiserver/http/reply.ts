import type { ServerResponse } from 'node:http';
import { toStatus } from '../machinery/status.js';
import { toApiError } from './api-errors.js';

/** What a handler returns: a JSON document with a status code, or a stream it writes itself. */
export type Reply =
  | { readonly status: number; readonly body: unknown; readonly contentType?: string }
  | { readonly stream: (res: ServerResponse) => Promise<void> };

export const ok = (body: unknown, status = 200, contentType?: string): Reply => ({
  status,
  body,
  ...(contentType ? { contentType } : {}),
});

export function errorReply(err: unknown): Reply {
  const apiError = toApiError(err);
  return { status: apiError.statusCode, body: toStatus(apiError) };
}

export function send(res: ServerResponse, reply: Reply): Promise<void> | void {
  if ('stream' in reply) return reply.stream(res);
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}
