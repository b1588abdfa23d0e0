import { decodeObject } from './envelope.js';
import { MESSAGES, rootMessage } from './schemas/index.js';

/** The media type of Kubernetes' protobuf wire format (what typed clients such as kubectl send). */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * Decodes a request body in Kubernetes' protobuf format into the JSON object the client would have
 * sent as JSON. Throws an ApiError: 415 for anything this decoder has no table for (a kind, a field
 * number), 400 for bytes that are not valid protobuf.
 */
export function decodeProtobufBody(raw: Buffer): unknown {
  return decodeObject(MESSAGES, rootMessage, raw);
}
