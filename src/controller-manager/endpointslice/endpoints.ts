import type {
  EndpointAddress,
  EndpointPort,
  Endpoints,
  EndpointSubset,
  Pod,
  Service,
} from '../../client/objects.js';
import { canonicalJson, sameJson } from '../runtime/names.js';
import { isPodReady, isPodTerminating } from '../runtime/pods.js';
import { endpointHostname, podIP, podPorts, podReference } from './pods.js';
import { HEADLESS_LABEL } from './slices.js';

/**
 * The core/v1 Endpoints mirror of a Service (kubernetes pkg/controller/endpoint syncService):
 * terminating pods are left out (unless publishNotReadyAddresses), ready pods go to `addresses`,
 * the others to `notReadyAddresses`, and addresses with the same ports share one subset
 * (endpoints.RepackSubsets). `kubectl describe svc` and older tools read this object.
 */

export function desiredEndpoints(svc: Service, pods: readonly Pod[]): Endpoints {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<
    string,
    { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  const headlessWithoutPorts = (svc.spec?.ports ?? []).length === 0 && svc.spec?.clusterIP === 'None';
  for (const pod of pods) {
    if (isPodTerminating(pod) && !publish) continue;
    const ports = podPorts(svc, pod);
    if (ports.length === 0 && !headlessWithoutPorts) continue;
    const key = canonicalJson(sortPorts(ports));
    const group = groups.get(key) ?? { ports: sortPorts(ports), ready: [], notReady: [] };
    (publish || isPodReady(pod) ? group.ready : group.notReady).push(address(svc, pod));
    groups.set(key, group);
  }
  const subsets = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => subset(g.ports, g.ready, g.notReady));
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: endpointsLabels(svc) },
    subsets,
  };
}

function subset(
  ports: EndpointPort[],
  ready: EndpointAddress[],
  notReady: EndpointAddress[],
): EndpointSubset {
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip, 'en', { numeric: true });
  return {
    ...(ready.length ? { addresses: ready.sort(byIp) } : {}),
    ...(notReady.length ? { notReadyAddresses: notReady.sort(byIp) } : {}),
    ...(ports.length ? { ports } : {}),
  };
}

function address(svc: Service, pod: Pod): EndpointAddress {
  const hostname = endpointHostname(svc, pod);
  return {
    ip: podIP(pod)!,
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: podReference(pod),
  };
}

const sortPorts = (ports: EndpointPort[]): EndpointPort[] =>
  [...ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0));

function endpointsLabels(svc: Service): Record<string, string> {
  return { ...svc.metadata.labels, ...(svc.spec?.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {}) };
}

/** Whether the stored Endpoints already say what `desired` says. */
export const sameEndpoints = (desired: Endpoints, current: Endpoints): boolean =>
  sameJson(desired.subsets ?? [], current.subsets ?? []) &&
  sameJson(desired.metadata.labels ?? {}, current.metadata.labels ?? {});
