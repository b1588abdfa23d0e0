import type { ResourceType } from './types.js';
import { defaultIngressClass, defaultNetworkPolicy } from './defaults/misc.js';
import { ingressClassColumns, ingressColumns, networkPolicyColumns } from './tables/networking.js';
import { validateIngress, validateIngressClass } from './validation/ingress.js';
import { validateNetworkPolicy } from './validation/network-policy.js';

/** The networking.k8s.io/v1 group as flatnet serves it (identity as kube-apiserver 1.32 reports it). */

const networking = { group: 'networking.k8s.io', version: 'v1', categories: [] } as const;

export const networkPolicies: ResourceType = {
  ...networking,
  kind: 'NetworkPolicy',
  listKind: 'NetworkPolicyList',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  namespaced: true,
  shortNames: ['netpol'],
  subresources: [],
  fieldSelectors: [],
  columns: networkPolicyColumns,
  applyDefaults: defaultNetworkPolicy,
  validate: validateNetworkPolicy,
  patchSchema: 'NetworkPolicy',
};

export const ingresses: ResourceType = {
  ...networking,
  kind: 'Ingress',
  listKind: 'IngressList',
  plural: 'ingresses',
  singular: 'ingress',
  namespaced: true,
  shortNames: ['ing'],
  subresources: ['status'],
  fieldSelectors: [],
  columns: ingressColumns,
  validate: validateIngress,
  patchSchema: 'Ingress',
};

export const ingressClasses: ResourceType = {
  ...networking,
  kind: 'IngressClass',
  listKind: 'IngressClassList',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  namespaced: false,
  shortNames: [],
  subresources: [],
  fieldSelectors: [],
  columns: ingressClassColumns,
  applyDefaults: defaultIngressClass,
  validate: validateIngressClass,
  patchSchema: 'IngressClass',
};

export const NETWORKING_RESOURCES: readonly ResourceType[] = [networkPolicies, ingresses, ingressClasses];
