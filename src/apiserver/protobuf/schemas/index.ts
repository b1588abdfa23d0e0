import { Registry } from '../schema.js';
import { WELL_KNOWN_MESSAGES } from '../well-known.js';
import { APPS_MESSAGES } from './apps.js';
import { CORE_MESSAGES } from './core.js';
import { CORE_CONTAINER_MESSAGES } from './core-container.js';
import { CORE_POD_MESSAGES } from './core-pod.js';
import { CORE_VOLUME_MESSAGES } from './core-volumes.js';
import { META_MESSAGES } from './meta.js';
import { NETWORKING_MESSAGES } from './networking.js';
import { RUNTIME_MESSAGES } from './runtime.js';

/** Every message table, in one registry (bare names must be unique across groups). */
export const MESSAGES = new Registry([
  RUNTIME_MESSAGES,
  WELL_KNOWN_MESSAGES,
  META_MESSAGES,
  CORE_MESSAGES,
  CORE_POD_MESSAGES,
  CORE_CONTAINER_MESSAGES,
  CORE_VOLUME_MESSAGES,
  APPS_MESSAGES,
  NETWORKING_MESSAGES,
]);

/**
 * The objects a protobuf body may carry, by the envelope's `apiVersion` and `kind`, to the root
 * message. These are the kinds flatnet serves that a typed client can send (kubectl's `create
 * namespace|configmap|secret|service|deployment|ingress`, and DeleteOptions on typed deletes).
 */
export const ROOT_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['v1 Namespace', 'Namespace'],
  ['v1 ConfigMap', 'ConfigMap'],
  ['v1 Secret', 'Secret'],
  ['v1 Service', 'Service'],
  ['v1 Pod', 'Pod'],
  ['apps/v1 Deployment', 'Deployment'],
  ['apps/v1 ReplicaSet', 'ReplicaSet'],
  ['apps/v1 DaemonSet', 'DaemonSet'],
  ['networking.k8s.io/v1 Ingress', 'Ingress'],
  ['networking.k8s.io/v1 IngressClass', 'IngressClass'],
  ['networking.k8s.io/v1 NetworkPolicy', 'NetworkPolicy'],
  // metav1.DeleteOptions is registered in every group version, and in meta.k8s.io/v1 itself.
  ['v1 DeleteOptions', 'DeleteOptions'],
  ['meta.k8s.io/v1 DeleteOptions', 'DeleteOptions'],
  ['apps/v1 DeleteOptions', 'DeleteOptions'],
  ['networking.k8s.io/v1 DeleteOptions', 'DeleteOptions'],
]);

export const rootMessage = (apiVersion: string, kind: string): string | undefined =>
  ROOT_MESSAGES.get(`${apiVersion} ${kind}`);
