import type { KubeObject, ResourceType } from '../resources/types.js';

/**
 * Per-resource behaviour that Kubernetes keeps in its registry strategies and admission: allocating
 * Service IPs and NodePorts, initial Pod/Namespace status, graceful deletion, namespace lifecycle.
 * The registry calls these; implementations live in ../admission.
 */
export interface RegistryHooks {
  beforeCreate?(resource: ResourceType, obj: KubeObject): Promise<void>;
  beforeUpdate?(resource: ResourceType, next: KubeObject, current: KubeObject): Promise<void>;
  /** What besides metadata.finalizers holds a deleted object (a Namespace's spec.finalizers). */
  pendingFinalizers?(resource: ResourceType, obj: KubeObject): readonly string[];
  /** Changes made when a deletion is requested but must wait (a Namespace turns Terminating). */
  onDeletionRequested?(resource: ResourceType, obj: KubeObject): void;
  /** Seconds to wait before removal (pods bound to a node: their terminationGracePeriodSeconds). */
  gracePeriod?(resource: ResourceType, obj: KubeObject): Promise<number | undefined>;
  afterDelete?(resource: ResourceType, obj: KubeObject): Promise<void>;
  namespaceState?(namespace: string): Promise<'active' | 'terminating' | 'missing'>;
}
