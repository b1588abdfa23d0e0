import type { MessageSchema } from '../schema.js';
import { messages } from '../schema.js';

/** k8s.io/apimachinery/pkg/apis/meta/v1 (v0.32), the messages every object embeds. */
export const META_MESSAGES: readonly MessageSchema[] = messages('meta/v1', {
  ObjectMeta: {
    1: 'name:string',
    2: 'generateName:string',
    3: 'namespace:string',
    4: 'selfLink:string',
    5: 'uid:string',
    6: 'resourceVersion:string',
    7: 'generation:int64',
    // Not a pointer: gogo always writes it (empty when zero), and Go's JSON says `null`.
    8: 'creationTimestamp:Time',
    9: 'deletionTimestamp:Time*',
    10: 'deletionGracePeriodSeconds:int64*',
    11: 'labels:map<string>',
    12: 'annotations:map<string>',
    13: 'ownerReferences:OwnerReference[]',
    14: 'finalizers:string[]',
    // 15 and 16 (clusterName, initializers) were removed from the API: an unknown number now.
    17: 'managedFields:ManagedFieldsEntry[]',
  },
  OwnerReference: {
    1: 'kind:string!',
    3: 'name:string!',
    4: 'uid:string!',
    5: 'apiVersion:string!',
    6: 'controller:bool*',
    7: 'blockOwnerDeletion:bool*',
  },
  ManagedFieldsEntry: {
    1: 'manager:string',
    2: 'operation:string',
    3: 'apiVersion:string',
    4: 'time:Time*',
    // 5 (the old `fields`) was removed from the API.
    6: 'fieldsType:string',
    7: 'fieldsV1:FieldsV1*',
    8: 'subresource:string',
  },
  LabelSelector: { 1: 'matchLabels:map<string>', 2: 'matchExpressions:LabelSelectorRequirement[]' },
  LabelSelectorRequirement: { 1: 'key:string!', 2: 'operator:string!', 3: 'values:string[]' },
  Condition: {
    1: 'type:string!',
    2: 'status:string!',
    3: 'observedGeneration:int64',
    4: 'lastTransitionTime:Time!',
    5: 'reason:string!',
    6: 'message:string!',
  },
  // Typed clients send DeleteOptions as the body of DELETE (client-go's Delete(ctx, name, opts)).
  DeleteOptions: {
    1: 'gracePeriodSeconds:int64*',
    2: 'preconditions:Preconditions*',
    3: 'orphanDependents:bool*',
    4: 'propagationPolicy:string*',
    5: 'dryRun:string[]',
    6: 'ignoreStoreReadErrorWithClusterBreakingPotential:bool*',
  },
  Preconditions: { 1: 'uid:string*', 2: 'resourceVersion:string*' },
});
