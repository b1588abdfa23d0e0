import type { MessageSchema } from '../schema.js';
import { messages } from '../schema.js';

/** k8s.io/apimachinery/pkg/runtime (v0.32): the envelope around every protobuf object. */
export const RUNTIME_MESSAGES: readonly MessageSchema[] = messages('runtime', {
  Unknown: { 1: 'typeMeta:TypeMeta', 2: 'raw:bytes*', 3: 'contentEncoding:string', 4: 'contentType:string' },
  TypeMeta: { 1: 'apiVersion:string', 2: 'kind:string' },
});
