import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, tooLarge } from '../machinery/status.js';
import { PROTOBUF_MEDIA_TYPE, decodeProtobufBody } from '../protobuf/index.js';

/** Bodies larger than this are refused (413), like kube-apiserver's 3 MiB request limit. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Reads and decodes the body once (JSON, or YAML for application/yaml). */
  body(): Promise<unknown>;
  /** The body as sent, possibly empty (DELETE bodies are optional and may come chunked). */
  rawBody(): Promise<Buffer>;
  /** The raw content type without parameters ("application/merge-patch+json"). */
  readonly contentType: string;
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Answer 413 and discard the rest: destroying the socket would lose the answer.
        reject(tooLarge(`the request body is larger than the limit of ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The text body types; protobuf (kubectl's typed clients) is decoded by src/apiserver/protobuf. */
export const BODY_TYPES = ['application/json', 'application/yaml'];

export function decodeBody(raw: Buffer, contentType: string): unknown {
  if (contentType === PROTOBUF_MEDIA_TYPE) return decodeProtobufBody(raw);
  const text = raw.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    if (contentType === 'application/yaml' || contentType === 'application/apply-patch+yaml') {
      return parseYaml(text) as unknown;
    }
    return JSON.parse(text) as unknown;
  } catch (err) {
    const what = contentType.includes('yaml') ? 'YAML' : 'JSON';
    throw badRequest(
      `the body of the request was in an unknown format or is not valid ${what}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

export function makeContext(req: IncomingMessage): RequestContext {
  const url = new URL(req.url ?? '/', 'https://apiserver');
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  let raw: Promise<Buffer> | undefined;
  let body: Promise<unknown> | undefined;
  const rawBody = (): Promise<Buffer> => (raw ??= readBody(req));
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    contentType,
    rawBody,
    body: () => (body ??= rawBody().then((bytes) => decodeBody(bytes, contentType))),
  };
}
