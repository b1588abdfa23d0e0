import { invalid } from '../machinery/status.js';
import type { KubeObject } from '../resources/types.js';

/** The autoscaling/v1 Scale view of a Deployment or ReplicaSet (`kubectl scale`). */
export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj['spec'] ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
  };
  const status = (obj['status'] ?? {}) as { replicas?: number };
  const selector = Object.entries(spec.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const meta = obj.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

/** Applies a desired Scale to the object: only spec.replicas changes. */
export function fromScale(current: KubeObject, desired: KubeObject): KubeObject {
  const replicas = (desired['spec'] as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const badValue = replicas;
    throw invalid(
      'Scale',
      current.metadata?.name ?? '',
      [
        {
          type: 'FieldValueInvalid',
          field: 'spec.replicas',
          badValue,
          detail: 'must be greater than or equal to 0',
        },
      ],
      'autoscaling',
    );
  }
  const next = structuredClone(current);
  (next['spec'] as Record<string, unknown>)['replicas'] = replicas;
  const rv = desired.metadata?.resourceVersion;
  if (rv) next.metadata!.resourceVersion = rv;
  else delete next.metadata!.resourceVersion;
  return next;
}
