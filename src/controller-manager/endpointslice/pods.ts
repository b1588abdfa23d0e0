import { labelsMatch } from '../../client/labels.js';
import type { EndpointPort, ObjectReference, Pod, Service, ServicePort } from '../../client/objects.js';
import { isPodReady, isPodTerminal, isPodTerminating } from '../runtime/pods.js';

/**
 * What the EndpointSlice and Endpoints controllers share (kubernetes pkg/controller/util/endpoint
 * and pkg/api/v1/pod): which pods back a Service, their readiness conditions, and the port each
 * pod serves for each Service port.
 */

/** Services without a selector get their endpoints from someone else (or the user). */
export function selectsPods(svc: Service): boolean {
  return svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** The pods a Service selects that can be endpoints: they have an IP and have not finished. */
export function servicePods(svc: Service, pods: readonly Pod[]): Pod[] {
  return pods
    .filter(
      (p) =>
        p.metadata.namespace === svc.metadata.namespace && labelsMatch(svc.spec?.selector, p.metadata.labels),
    )
    .filter((p) => Boolean(podIP(p)) && !isPodTerminal(p))
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export const podIP = (pod: Pod): string | undefined => pod.status?.podIP || pod.status?.podIPs?.[0]?.ip;

/** EndpointSlice conditions (endpointslice util podToEndpoint). */
export function endpointConditions(
  svc: Service,
  pod: Pod,
): { ready: boolean; serving: boolean; terminating: boolean } {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const serving = publish || isPodReady(pod);
  const terminating = isPodTerminating(pod);
  return { ready: publish || (serving && !terminating), serving, terminating };
}

export const podReference = (pod: Pod): ObjectReference => ({
  kind: 'Pod',
  namespace: pod.metadata.namespace,
  name: pod.metadata.name,
  uid: pod.metadata.uid,
});

/** A pod's DNS hostname for a headless Service: only when its subdomain names the Service. */
export function endpointHostname(svc: Service, pod: Pod): string | undefined {
  return pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name ? pod.spec.hostname : undefined;
}

/**
 * podutil.FindPort: a numeric targetPort is used as is; a named one is looked up among the pod's
 * container ports with the same protocol. Undefined when the pod has no such port: the pod is then
 * no endpoint for this Service port (as in Kubernetes).
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    for (const p of container.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** The pod's ports for every Service port it can serve, in Service order. */
export function podPorts(svc: Service, pod: Pod): EndpointPort[] {
  return (svc.spec?.ports ?? []).flatMap((sp) => {
    const port = findPort(pod, sp);
    if (port === undefined) return [];
    const appProtocol = sp.appProtocol ? { appProtocol: sp.appProtocol } : {};
    return [{ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...appProtocol }];
  });
}
