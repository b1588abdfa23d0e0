import { ApiError, badRequest } from '../machinery/status.js';

/**
 * The decoder never drops data: anything it has no table for is refused with 415, the answer
 * kube-apiserver gives a body it cannot decode (endpoints/handlers/negotiation/errors.go), with a
 * message that says exactly what was not understood and what to do instead.
 */

const refuse = (what: string): ApiError =>
  new ApiError({
    statusCode: 415,
    reason: 'UnsupportedMediaType',
    message: `flatnet cannot decode protobuf ${what}; send JSON instead`,
  });

export const unsupportedKind = (apiVersion: string, kind: string): ApiError =>
  refuse(`objects of kind ${JSON.stringify(kind)} in ${JSON.stringify(apiVersion)}`);

export const unsupportedField = (message: string, field: number, name?: string): ApiError =>
  refuse(`field ${field}${name === undefined ? '' : ` (${name})`} of ${message}`);

export const unsupportedEnvelope = (detail: string): ApiError => refuse(`envelopes with ${detail}`);

/** Bytes that are not protobuf at all, or not the type their field says: the client's fault (400). */
export const malformed = (detail: string): ApiError =>
  badRequest(`the body of the request is not valid Kubernetes protobuf: ${detail}`);
