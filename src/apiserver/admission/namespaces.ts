import type { Store } from '../storage/types.js';
import type { KubeObject } from '../resources/types.js';

/**
 * Namespace lifecycle as kube-apiserver's NamespaceLifecycle admission and namespace strategy do:
 * new namespaces are Active with the `kubernetes` finalizer; objects can only be created in an
 * existing, non-terminating namespace; deleting a namespace marks it Terminating and leaves the
 * removal of its content (and then of the namespace) to the namespace controller.
 */
export const NAMESPACE_FINALIZER = 'kubernetes';

export function initNamespace(ns: KubeObject): void {
  const spec = ((ns['spec'] as { finalizers?: string[] } | undefined) ??= {});
  ns['spec'] = spec;
  spec.finalizers ??= [NAMESPACE_FINALIZER];
  ns['status'] = { phase: 'Active' };
}

export function markTerminating(ns: KubeObject): void {
  ns['status'] = { ...((ns['status'] as object | undefined) ?? {}), phase: 'Terminating' };
}

export function namespaceFinalizers(ns: KubeObject): string[] {
  return (ns['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
}

export async function namespaceState(
  store: Store,
  name: string,
): Promise<'active' | 'terminating' | 'missing'> {
  const stored = await store.get(`/registry/namespaces/${name}`);
  if (!stored) return 'missing';
  return (stored.value as KubeObject).metadata?.deletionTimestamp ? 'terminating' : 'active';
}
