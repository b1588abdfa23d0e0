import { decodeMessage } from './decode.js';
import { malformed, unsupportedEnvelope, unsupportedKind } from './errors.js';
import type { Registry } from './schema.js';

/**
 * Kubernetes' protobuf envelope (apimachinery runtime/serializer/protobuf): the 4-byte magic
 * `k8s\0`, then a runtime.Unknown (schemas/runtime.ts) whose typeMeta names the object and whose raw bytes are the
 * object's own message.
 */

export const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Buffer;
}

export function openEnvelope(registry: Registry, body: Buffer): Envelope {
  // The serializer's own checks and wording (protobuf.go Decode).
  if (body.length === 0) throw malformed('empty data');
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw malformed(
      `provided data does not appear to be a protobuf message, expected prefix ${MAGIC.toString('hex')}`,
    );
  }
  if (body.length === MAGIC.length) throw malformed('empty body');
  const unknown = decodeMessage(registry, 'Unknown', body.subarray(MAGIC.length)) as {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: string;
    contentEncoding?: string;
  };
  // Kubernetes ignores contentEncoding and contentType; a compressed raw would decode as garbage.
  if (unknown.contentEncoding)
    throw unsupportedEnvelope(`contentEncoding ${JSON.stringify(unknown.contentEncoding)}`);
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  if (kind === '') throw malformed('the envelope names no kind ("Object \'Kind\' is missing")');
  return { apiVersion, kind, raw: Buffer.from(unknown.raw ?? '', 'base64') };
}

/** The object as JSON: `kind` and `apiVersion` from the envelope, then the fields of its root message. */
export function decodeObject(
  registry: Registry,
  rootMessage: (apiVersion: string, kind: string) => string | undefined,
  body: Buffer,
): Record<string, unknown> {
  const { apiVersion, kind, raw } = openEnvelope(registry, body);
  const root = rootMessage(apiVersion, kind);
  if (root === undefined) throw unsupportedKind(apiVersion, kind);
  const fields = decodeMessage(registry, root, raw) as Record<string, unknown>;
  return { kind, apiVersion, ...fields };
}
