import { apiVersionOf, type ResourceKind } from '../../client/kinds.js';
import type { KubeObject, OwnerReference } from '../../client/types.js';

/** ownerReferences as Kubernetes controllers set them (metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject, kind: ResourceKind): OwnerReference {
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The owner with `controller: true` (metav1.GetControllerOf). */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = controllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

/** The key of the object's controller of `kind`, in the object's namespace (for enqueueing). */
export function controllerKey(obj: KubeObject, kind: ResourceKind): string | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind.kind || ref.apiVersion !== apiVersionOf(kind)) return undefined;
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${ref.name}` : ref.name;
}
