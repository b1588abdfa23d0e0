import { KINDS } from '../../client/kinds.js';
import type { Endpoint, EndpointPort, EndpointSlice, Pod, Service } from '../../client/objects.js';
import { canonicalJson, hashOf, sameJson } from '../runtime/names.js';
import { controllerRef } from '../runtime/owners.js';
import { endpointConditions, endpointHostname, podIP, podPorts, podReference } from './pods.js';

/**
 * Desired EndpointSlices of a Service (kubernetes pkg/controller/endpointslice reconciler): pods
 * are grouped by the ports they serve (named targetPorts may resolve differently per pod), each
 * group is cut into slices of at most 100 endpoints, and a Service without endpoints still gets
 * one empty slice. Slice names are `<service>-<hash of ports and chunk>`: stable, so recomputing
 * yields the same names and a stale cache cannot make us create duplicates.
 */

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export function endpointFor(svc: Service, pod: Pod): Endpoint {
  const hostname = endpointHostname(svc, pod);
  return {
    addresses: [podIP(pod)!],
    conditions: endpointConditions(svc, pod),
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: podReference(pod),
  };
}

/** Service labels plus ours, as setEndpointSliceLabels does. */
export function sliceLabels(svc: Service): Record<string, string> {
  return {
    ...svc.metadata.labels,
    [SERVICE_NAME_LABEL]: svc.metadata.name!,
    [MANAGED_BY_LABEL]: CONTROLLER_NAME,
    ...(svc.spec?.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {}),
  };
}

export function desiredSlices(svc: Service, pods: readonly Pod[]): EndpointSlice[] {
  const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
  for (const pod of pods) {
    // A pod without any of the Service's ports still gets an endpoint, in a slice without ports,
    // as the Kubernetes reconciler groups it.
    const ports = podPorts(svc, pod);
    const key = canonicalJson(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    group.endpoints.push(endpointFor(svc, pod));
    groups.set(key, group);
  }
  if (groups.size === 0) groups.set('[]', { ports: [], endpoints: [] });
  return [...groups].flatMap(([key, group]) => {
    const chunks = Math.max(1, Math.ceil(group.endpoints.length / MAX_ENDPOINTS_PER_SLICE));
    return Array.from({ length: chunks }, (_, i) =>
      slice(
        svc,
        `${key}/${i}`,
        group.ports,
        group.endpoints.slice(i * MAX_ENDPOINTS_PER_SLICE, (i + 1) * MAX_ENDPOINTS_PER_SLICE),
      ),
    );
  });
}

function slice(svc: Service, id: string, ports: EndpointPort[], endpoints: Endpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${svc.metadata.name}-${hashOf(id).slice(-5)}`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [controllerRef(svc, KINDS.service)],
    },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

export interface SlicePlan {
  readonly create: EndpointSlice[];
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
}

/**
 * Creates, updates and deletes that turn `existing` (our slices of the Service) into `desired`.
 * A desired slice whose name is not taken reuses a leftover existing slice before a new one is
 * created, as the Kubernetes reconciler fills existing slices first: fewer creates and deletes
 * for watchers such as kube-proxy when ports change.
 */
export function planSlices(desired: readonly EndpointSlice[], existing: readonly EndpointSlice[]): SlicePlan {
  const byName = new Map(existing.map((s) => [s.metadata.name, s]));
  const unmatched = desired.filter((want) => !byName.has(want.metadata.name));
  const leftovers = existing.filter(
    (have) => !desired.some((want) => want.metadata.name === have.metadata.name),
  );
  const plan: SlicePlan = { create: [], update: [], delete: leftovers.slice(unmatched.length) };
  for (const want of desired) {
    const have = byName.get(want.metadata.name) ?? leftovers[unmatched.indexOf(want)];
    if (!have) plan.create.push(want);
    else if (!sameSlice(want, have)) {
      plan.update.push({
        ...want,
        metadata: {
          ...have.metadata,
          labels: want.metadata.labels,
          ownerReferences: want.metadata.ownerReferences,
        },
      });
    }
  }
  return plan;
}

const sliceContent = (s: EndpointSlice) => ({
  labels: s.metadata.labels,
  owners: s.metadata.ownerReferences,
  addressType: s.addressType,
  endpoints: s.endpoints ?? [],
  ports: s.ports ?? [],
});

const sameSlice = (a: EndpointSlice, b: EndpointSlice): boolean => sameJson(sliceContent(a), sliceContent(b));

/** Is this one of the slices this controller manages for the Service? */
export function isManagedSliceOf(slice: EndpointSlice, namespace: string, name: string): boolean {
  const labels = slice.metadata.labels ?? {};
  return (
    slice.metadata.namespace === namespace &&
    labels[SERVICE_NAME_LABEL] === name &&
    labels[MANAGED_BY_LABEL] === CONTROLLER_NAME
  );
}
