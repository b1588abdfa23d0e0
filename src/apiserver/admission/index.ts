import type { Store } from '../storage/types.js';
import type { RegistryHooks } from '../registry/hooks.js';
import type { KubeObject, ResourceType } from '../resources/types.js';
import { invalid } from '../machinery/status.js';
import { ServiceAllocator, type AllocatorConfig, type ServiceSpec } from './service-allocator.js';
import { initNamespace, markTerminating, namespaceFinalizers, namespaceState } from './namespaces.js';

/**
 * The API server's built-in admission: what kube-apiserver does inside its registries before an
 * object is stored. Services get ClusterIPs and NodePorts; Namespaces and Pods get initial status;
 * Namespaces turn Terminating on delete; Pods bound to a node are deleted gracefully.
 */

const ownerOf = (obj: KubeObject): string => `${obj.metadata?.namespace}/${obj.metadata?.name}`;
const specOf = (obj: KubeObject): ServiceSpec =>
  ((obj['spec'] as ServiceSpec | undefined) ??= {}) as ServiceSpec;
const isCore = (r: ResourceType, plural: string): boolean => r.group === '' && r.plural === plural;

export async function createAdmission(store: Store, config: AllocatorConfig): Promise<RegistryHooks> {
  const allocator = new ServiceAllocator(config);
  for (const kv of (await store.list('/registry/services/')).items) {
    const svc = kv.value as KubeObject;
    allocator.restore(ownerOf(svc), specOf(svc));
  }

  const admitService = (svc: KubeObject, current?: KubeObject): void => {
    const spec = specOf(svc);
    if (current) {
      const old = specOf(current);
      spec.clusterIP ||= old.clusterIP; // unset on update means "keep", as in kube-apiserver
      if (old.clusterIP && spec.clusterIP !== old.clusterIP) {
        throw invalid('Service', svc.metadata?.name ?? '', [
          {
            type: 'FieldValueInvalid',
            field: 'spec.clusterIPs[0]',
            badValue: spec.clusterIP,
            detail: 'may not change once set',
          },
        ]);
      }
      const oldPorts = new Map((old.ports ?? []).map((p) => [`${p.protocol}/${p.port}`, p.nodePort]));
      for (const p of spec.ports ?? []) p.nodePort ||= oldPorts.get(`${p.protocol}/${p.port}`);
    }
    const errors = allocator.admit(ownerOf(svc), spec);
    if (errors.length > 0) throw invalid('Service', svc.metadata?.name ?? '', errors);
  };

  return {
    async beforeCreate(resource, obj) {
      if (isCore(resource, 'services')) admitService(obj);
      if (isCore(resource, 'namespaces')) initNamespace(obj);
      if (isCore(resource, 'pods'))
        obj['status'] = { phase: 'Pending', ...((obj['status'] as object) ?? {}) };
    },
    async beforeUpdate(resource, next, current) {
      if (isCore(resource, 'services')) admitService(next, current);
    },
    pendingFinalizers: (resource, obj) => (isCore(resource, 'namespaces') ? namespaceFinalizers(obj) : []),
    onDeletionRequested(resource, obj) {
      if (isCore(resource, 'namespaces')) markTerminating(obj);
    },
    async gracePeriod(resource, obj) {
      if (!isCore(resource, 'pods')) return undefined;
      const spec = (obj['spec'] ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
      const phase = (obj['status'] as { phase?: string } | undefined)?.phase;
      // Unbound or finished pods have no kubelet to stop them: delete at once (as kube-apiserver does).
      if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
      return spec.terminationGracePeriodSeconds ?? 30;
    },
    async afterDelete(resource, obj) {
      if (isCore(resource, 'services')) allocator.release(ownerOf(obj));
    },
    namespaceState: (name) => namespaceState(store, name),
  };
}
