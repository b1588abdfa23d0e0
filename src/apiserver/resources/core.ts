import { EVENT_FIELD_LABELS } from '../machinery/selectors/field-selector.js';
import type { ResourceType } from './types.js';
import { defaultPod } from './defaults/pod-spec.js';
import { defaultService } from './defaults/service.js';
import { defaultEndpoints, defaultNamespace, defaultNode, defaultSecret } from './defaults/misc.js';
import { podColumns } from './tables/pods.js';
import { serviceColumns } from './tables/services.js';
import { nodeColumns } from './tables/nodes.js';
import { endpointsColumns } from './tables/endpoints.js';
import { configMapColumns, eventColumns, namespaceColumns, secretColumns } from './tables/core-misc.js';
import { validatePod } from './validation/pod.js';
import { validateService } from './validation/service.js';
import {
  validateConfigMap,
  validateEndpoints,
  validateEvent,
  validateNamespace,
  validateNode,
  validateSecret,
} from './validation/core-misc.js';

/**
 * The core group (`/api/v1`) as flatnet serves it. Identity, short names, categories and
 * subresources are those of kube-apiserver 1.32 (`kubectl api-resources`); field selectors are the
 * ones each registry's GetAttrs/ToSelectableFields accepts besides metadata.name and
 * metadata.namespace (pkg/registry/core/<kind>/strategy.go).
 */

const core = { group: '', version: 'v1' } as const;

export const namespaces: ResourceType = {
  ...core,
  kind: 'Namespace',
  listKind: 'NamespaceList',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  categories: [],
  subresources: ['status'],
  fieldSelectors: ['status.phase'],
  columns: namespaceColumns,
  applyDefaults: defaultNamespace,
  validate: validateNamespace,
  patchSchema: 'Namespace',
};

export const nodes: ResourceType = {
  ...core,
  kind: 'Node',
  listKind: 'NodeList',
  plural: 'nodes',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  categories: [],
  subresources: ['status'],
  fieldSelectors: ['spec.unschedulable'],
  columns: nodeColumns,
  applyDefaults: defaultNode,
  validate: validateNode,
  patchSchema: 'Node',
};

export const pods: ResourceType = {
  ...core,
  kind: 'Pod',
  listKind: 'PodList',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  subresources: ['status', 'binding'],
  // spec.hostNetwork reads "false" when unset; status.podIP is status.podIPs[0].
  fieldSelectors: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  columns: podColumns,
  applyDefaults: defaultPod,
  validate: validatePod,
  patchSchema: 'Pod',
};

export const services: ResourceType = {
  ...core,
  kind: 'Service',
  listKind: 'ServiceList',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  subresources: ['status'],
  fieldSelectors: ['spec.clusterIP', 'spec.type'],
  columns: serviceColumns,
  applyDefaults: defaultService,
  validate: validateService,
  patchSchema: 'Service',
};

export const endpoints: ResourceType = {
  ...core,
  kind: 'Endpoints',
  listKind: 'EndpointsList',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  categories: [],
  subresources: [],
  fieldSelectors: [],
  columns: endpointsColumns,
  applyDefaults: defaultEndpoints,
  validate: validateEndpoints,
  patchSchema: 'Endpoints',
};

export const events: ResourceType = {
  ...core,
  kind: 'Event',
  listKind: 'EventList',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  categories: [],
  subresources: [],
  // One source: the allowlist the server enforces (machinery), without the metadata fields every type has.
  fieldSelectors: EVENT_FIELD_LABELS.supported.filter((f) => !f.startsWith('metadata.')),
  // `source` is source.component, else reportingController. Not NAME-first: see tableColumnsOf.
  columns: eventColumns,
  validate: validateEvent,
  patchSchema: 'Event',
};

export const secrets: ResourceType = {
  ...core,
  kind: 'Secret',
  listKind: 'SecretList',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: [],
  fieldSelectors: ['type'],
  columns: secretColumns,
  applyDefaults: defaultSecret,
  validate: validateSecret,
  patchSchema: 'Secret',
};

export const configMaps: ResourceType = {
  ...core,
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  plural: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  categories: [],
  subresources: [],
  fieldSelectors: [],
  columns: configMapColumns,
  validate: validateConfigMap,
  patchSchema: 'ConfigMap',
};

export const CORE_RESOURCES: readonly ResourceType[] = [
  namespaces,
  nodes,
  pods,
  services,
  endpoints,
  events,
  secrets,
  configMaps,
];
