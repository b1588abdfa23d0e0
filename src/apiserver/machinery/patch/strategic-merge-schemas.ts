import { GENERIC_SCHEMA, mergeAsSet, mergeByKey, struct } from './patch-schema.js';
import type { PatchSchema } from './patch-schema.js';

/**
 * The strategic-merge tags of the kinds flatnet serves, copied from k8s.io/api v0.32 and
 * k8s.io/apimachinery metav1 (`patchStrategy`/`patchMergeKey` struct tags). Lists absent here have
 * no tag in Kubernetes either and are replaced whole: tolerations, container args and command,
 * Service externalIPs, NetworkPolicy rules, Ingress rules, EndpointSlice endpoints, Namespace
 * spec.finalizers, ...
 */

const objectMeta: PatchSchema = {
  ownerReferences: mergeByKey('uid'),
  finalizers: mergeAsSet,
};

const container: PatchSchema = {
  ports: mergeByKey('containerPort'),
  env: mergeByKey('name'),
  volumeMounts: mergeByKey('mountPath'),
  volumeDevices: mergeByKey('devicePath'),
};

export const POD_SPEC_SCHEMA: PatchSchema = {
  volumes: { ...mergeByKey('name'), retainKeys: true },
  initContainers: mergeByKey('name', container),
  containers: mergeByKey('name', container),
  // EphemeralContainer inlines EphemeralContainerCommon, whose tags are the Container ones.
  ephemeralContainers: mergeByKey('name', container),
  imagePullSecrets: mergeByKey('name'),
  hostAliases: mergeByKey('ip'),
  topologySpreadConstraints: mergeByKey('topologyKey'),
  schedulingGates: mergeByKey('name'),
  resourceClaims: { ...mergeByKey('name'), retainKeys: true },
};

const podStatus: PatchSchema = {
  conditions: mergeByKey('type'),
  hostIPs: mergeByKey('ip'),
  podIPs: mergeByKey('ip'),
  resourceClaimStatuses: { ...mergeByKey('name'), retainKeys: true },
};

const podTemplate: PatchSchema = { metadata: struct(objectMeta), spec: struct(POD_SPEC_SCHEMA) };

/** Top-level object schema: metadata tags plus the kind's own spec and status. */
const object = (spec: PatchSchema, status: PatchSchema = {}): PatchSchema => ({
  metadata: struct(objectMeta),
  spec: struct(spec),
  status: struct(status),
});

const conditionsByType: PatchSchema = { conditions: mergeByKey('type') };

export const POD_SCHEMA = object(POD_SPEC_SCHEMA, podStatus);
export const DEPLOYMENT_SCHEMA = object(
  { template: struct(podTemplate), strategy: { retainKeys: true } },
  conditionsByType,
);
export const REPLICA_SET_SCHEMA = object({ template: struct(podTemplate) }, conditionsByType);
export const DAEMON_SET_SCHEMA = object({ template: struct(podTemplate) }, conditionsByType);
export const STATEFUL_SET_SCHEMA = object({ template: struct(podTemplate) }, conditionsByType);
export const REPLICATION_CONTROLLER_SCHEMA = object({ template: struct(podTemplate) }, conditionsByType);
export const POD_TEMPLATE_SCHEMA: PatchSchema = {
  metadata: struct(objectMeta),
  template: struct(podTemplate),
};
export const SERVICE_SCHEMA = object({ ports: mergeByKey('port') }, conditionsByType);
export const NODE_SCHEMA = object(
  { podCIDRs: mergeAsSet },
  { conditions: mergeByKey('type'), addresses: mergeByKey('type') },
);
export const NAMESPACE_SCHEMA = object({}, conditionsByType);
export const SERVICE_ACCOUNT_SCHEMA: PatchSchema = {
  metadata: struct(objectMeta),
  secrets: mergeByKey('name'),
};
/** Kinds whose own fields carry no tags: only metadata (finalizers, ownerReferences) merges lists. */
export const METADATA_ONLY_SCHEMA: PatchSchema = { metadata: struct(objectMeta) };

const SCHEMAS_BY_KIND: Readonly<Record<string, PatchSchema>> = {
  Pod: POD_SCHEMA,
  Deployment: DEPLOYMENT_SCHEMA,
  ReplicaSet: REPLICA_SET_SCHEMA,
  DaemonSet: DAEMON_SET_SCHEMA,
  StatefulSet: STATEFUL_SET_SCHEMA,
  ReplicationController: REPLICATION_CONTROLLER_SCHEMA,
  PodTemplate: POD_TEMPLATE_SCHEMA,
  Service: SERVICE_SCHEMA,
  Node: NODE_SCHEMA,
  Namespace: NAMESPACE_SCHEMA,
  ServiceAccount: SERVICE_ACCOUNT_SCHEMA,
  ConfigMap: METADATA_ONLY_SCHEMA,
  Secret: METADATA_ONLY_SCHEMA,
  NetworkPolicy: METADATA_ONLY_SCHEMA,
  Ingress: METADATA_ONLY_SCHEMA,
  IngressClass: METADATA_ONLY_SCHEMA,
  EndpointSlice: METADATA_ONLY_SCHEMA,
  Endpoints: METADATA_ONLY_SCHEMA,
  Event: METADATA_ONLY_SCHEMA,
  Lease: METADATA_ONLY_SCHEMA,
};

/** The schema for a kind (`Pod`, `Deployment`, ...); unknown kinds get GENERIC_SCHEMA, where every list is replaced. */
export function schemaForKind(kind: string): PatchSchema {
  return (Object.hasOwn(SCHEMAS_BY_KIND, kind) ? SCHEMAS_BY_KIND[kind] : undefined) ?? GENERIC_SCHEMA;
}
