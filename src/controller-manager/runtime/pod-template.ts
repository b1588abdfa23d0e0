import type { ResourceKind } from '../../client/kinds.js';
import type { Pod, PodTemplateSpec } from '../../client/objects.js';
import type { KubeObject } from '../../client/types.js';
import { randomSuffix, type Random } from './names.js';
import { controllerRef } from './owners.js';

/**
 * A pod from a workload's template (controller.GetPodFromTemplate): the template's labels,
 * annotations and spec, a name `<owner>-<5 random characters>` (what generateName would give,
 * chosen here so the controller knows the name it expects to see), and the owner as controller.
 */
export function podFromTemplate(
  owner: KubeObject,
  kind: ResourceKind,
  template: PodTemplateSpec,
  random: Random = Math.random,
): Pod {
  const { labels, annotations } = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${owner.metadata.name}-${randomSuffix(random)}`,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ...(labels ? { labels: { ...labels } } : {}),
      ...(annotations ? { annotations: { ...annotations } } : {}),
      ownerReferences: [controllerRef(owner, kind)],
    },
    spec: structuredClone(template.spec),
  };
}
