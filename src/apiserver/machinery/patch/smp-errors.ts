import { goTypeName, goValue } from '../go-format.js';
import { badRequest, rejected, unknown } from '../status.js';
import type { ApiError } from '../status.js';

/**
 * Strategic merge patch failures with the status kube-apiserver gives them
 * (interpretStrategicMergePatchError in endpoints/handlers/patch.go): malformed directives are
 * 400 BadRequest, lists of lists 422, and everything else reaches the client as a plain error:
 * 500 with no reason, e.g. `map: map[image:x] does not contain declared merge key: name`.
 */

export const badSetElementOrder = (): ApiError => badRequest('invalid patch format of setElementOrder list');

export const badPrimitiveList = (): ApiError => badRequest('invalid patch format of primitive list');

export const badRetainKeys = (): ApiError => badRequest('invalid patch format of retainKeys');

export const noListOfLists = (): ApiError => rejected('lists of lists are not supported');

export const noMergeKey = (item: unknown, mergeKey: string): ApiError =>
  unknown(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);

export const badArgType = (expected: 'map' | 'list', actual: unknown): ApiError =>
  unknown(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
  );

export const badPatchType = (directive: unknown, item: unknown): ApiError =>
  unknown(`unknown patch type: ${goValue(directive)} in map: ${goValue(item)}`);

export const smpFailure = (message: string): ApiError => unknown(message);
