import type { MessageSchema } from '../schema.js';
import { messages } from '../schema.js';

/** k8s.io/api/apps/v1 (v0.32): the workloads flatnet serves. */
export const APPS_MESSAGES: readonly MessageSchema[] = messages('apps/v1', {
  Deployment: { 1: 'metadata:ObjectMeta', 2: 'spec:DeploymentSpec', 3: 'status:DeploymentStatus' },
  DeploymentSpec: {
    1: 'replicas:int32*',
    2: 'selector:LabelSelector*',
    3: 'template:PodTemplateSpec',
    // A struct: kubectl's JSON carries `"strategy": {}` even when nothing is set.
    4: 'strategy:DeploymentStrategy',
    5: 'minReadySeconds:int32',
    6: 'revisionHistoryLimit:int32*',
    7: 'paused:bool',
    // 8 (rollbackTo) exists only in the older extensions/v1beta1 and apps/v1beta1 versions.
    9: 'progressDeadlineSeconds:int32*',
  },
  DeploymentStrategy: { 1: 'type:string', 2: 'rollingUpdate:RollingUpdateDeployment*' },
  RollingUpdateDeployment: { 1: 'maxUnavailable:IntOrString*', 2: 'maxSurge:IntOrString*' },
  DeploymentStatus: {
    1: 'observedGeneration:int64',
    2: 'replicas:int32',
    3: 'updatedReplicas:int32',
    4: 'availableReplicas:int32',
    5: 'unavailableReplicas:int32',
    6: 'conditions:DeploymentCondition[]',
    7: 'readyReplicas:int32',
    8: 'collisionCount:int32*',
  },
  DeploymentCondition: {
    1: 'type:string!',
    2: 'status:string!',
    4: 'reason:string',
    5: 'message:string',
    6: 'lastUpdateTime:Time',
    7: 'lastTransitionTime:Time',
  },

  ReplicaSet: { 1: 'metadata:ObjectMeta', 2: 'spec:ReplicaSetSpec', 3: 'status:ReplicaSetStatus' },
  ReplicaSetSpec: {
    1: 'replicas:int32*',
    2: 'selector:LabelSelector*',
    3: 'template:PodTemplateSpec',
    4: 'minReadySeconds:int32',
  },
  ReplicaSetStatus: {
    1: 'replicas:int32!',
    2: 'fullyLabeledReplicas:int32',
    3: 'observedGeneration:int64',
    4: 'readyReplicas:int32',
    5: 'availableReplicas:int32',
    6: 'conditions:ReplicaSetCondition[]',
  },
  ReplicaSetCondition: {
    1: 'type:string!',
    2: 'status:string!',
    3: 'lastTransitionTime:Time',
    4: 'reason:string',
    5: 'message:string',
  },

  DaemonSet: { 1: 'metadata:ObjectMeta', 2: 'spec:DaemonSetSpec', 3: 'status:DaemonSetStatus' },
  DaemonSetSpec: {
    1: 'selector:LabelSelector*',
    2: 'template:PodTemplateSpec',
    3: 'updateStrategy:DaemonSetUpdateStrategy',
    4: 'minReadySeconds:int32',
    // 5 (templateGeneration) exists only in extensions/v1beta1.
    6: 'revisionHistoryLimit:int32*',
  },
  DaemonSetUpdateStrategy: { 1: 'type:string', 2: 'rollingUpdate:RollingUpdateDaemonSet*' },
  RollingUpdateDaemonSet: { 1: 'maxUnavailable:IntOrString*', 2: 'maxSurge:IntOrString*' },
  DaemonSetStatus: {
    1: 'currentNumberScheduled:int32!',
    2: 'numberMisscheduled:int32!',
    3: 'desiredNumberScheduled:int32!',
    4: 'numberReady:int32!',
    5: 'observedGeneration:int64',
    6: 'updatedNumberScheduled:int32',
    7: 'numberAvailable:int32',
    8: 'numberUnavailable:int32',
    9: 'collisionCount:int32*',
    10: 'conditions:DaemonSetCondition[]',
  },
  DaemonSetCondition: {
    1: 'type:string!',
    2: 'status:string!',
    3: 'lastTransitionTime:Time',
    4: 'reason:string',
    5: 'message:string',
  },
});
