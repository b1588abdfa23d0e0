import { unsupportedMediaType } from '../machinery/status.js';
import { applyJsonPatch } from '../machinery/patch/json-patch.js';
import { mergePatch } from '../machinery/patch/merge-patch.js';
import type { JsonValue } from '../machinery/patch/json.js';
import { strategicMergePatch, schemaForKind } from '../machinery/patch/strategic-merge-patch.js';
import type { KubeObject, ResourceType } from '../resources/types.js';

/** The PATCH content types kube-apiserver accepts (server-side apply is not served). */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

/** Applies a PATCH body of the given content type to the current object. */
export function applyPatch(
  contentType: string,
  current: KubeObject,
  patch: unknown,
  resource: ResourceType | undefined,
): KubeObject {
  const doc = current as unknown as JsonValue;
  switch (contentType) {
    case 'application/json-patch+json':
      return applyJsonPatch(doc, patch) as unknown as KubeObject;
    case 'application/merge-patch+json':
      return mergePatch(doc, patch as JsonValue) as unknown as KubeObject;
    case 'application/strategic-merge-patch+json':
      return strategicMergePatch(
        doc,
        patch as JsonValue,
        schemaForKind(resource?.kind ?? ''),
      ) as unknown as KubeObject;
    default:
      throw unsupportedMediaType([...PATCH_TYPES]);
  }
}
