import type { ResourceType } from './types.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet } from './defaults/workloads.js';
import { daemonSetColumns, deploymentColumns, replicaSetColumns } from './tables/workloads.js';
import { validateDaemonSet, validateDeployment, validateReplicaSet } from './validation/workloads.js';

/** The apps/v1 group as flatnet serves it (identity as kube-apiserver 1.32 reports it). */

const apps = { group: 'apps', version: 'v1', namespaced: true, categories: ['all'] } as const;

export const deployments: ResourceType = {
  ...apps,
  kind: 'Deployment',
  listKind: 'DeploymentList',
  plural: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
  subresources: ['status', 'scale'],
  fieldSelectors: [],
  columns: deploymentColumns,
  applyDefaults: defaultDeployment,
  validate: validateDeployment,
  patchSchema: 'Deployment',
};

export const replicaSets: ResourceType = {
  ...apps,
  kind: 'ReplicaSet',
  listKind: 'ReplicaSetList',
  plural: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
  subresources: ['status', 'scale'],
  // pkg/registry/apps/replicaset: ReplicaSetToSelectableFields.
  fieldSelectors: ['status.replicas'],
  columns: replicaSetColumns,
  applyDefaults: defaultReplicaSet,
  validate: validateReplicaSet,
  patchSchema: 'ReplicaSet',
};

export const daemonSets: ResourceType = {
  ...apps,
  kind: 'DaemonSet',
  listKind: 'DaemonSetList',
  plural: 'daemonsets',
  singular: 'daemonset',
  shortNames: ['ds'],
  subresources: ['status'],
  fieldSelectors: [],
  columns: daemonSetColumns,
  applyDefaults: defaultDaemonSet,
  validate: validateDaemonSet,
  patchSchema: 'DaemonSet',
};

export const APPS_RESOURCES: readonly ResourceType[] = [deployments, replicaSets, daemonSets];
