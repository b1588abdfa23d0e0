import type { KubeObject } from '../types.js';
import type { Json } from '../json.js';
import { at, child, num, recs, setDefault, setDefaultString, str, strMap, strs } from '../json.js';

/**
 * Service defaulting: SetDefaults_Service of pkg/apis/core/v1/defaults.go (Kubernetes 1.32), plus
 * what the service registry fills in before validating on a single-stack IPv4 cluster
 * (NormalizeClusterIPs in pkg/registry/core/service/strategy.go, initIPFamilyFields in
 * pkg/registry/core/service/storage). ClusterIP and NodePort allocation is admission's job.
 */

/** DefaultClientIPServiceAffinitySeconds: 3 hours. */
export const DEFAULT_AFFINITY_TIMEOUT = 10800;

/** service.ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with externalIPs. */
export function externallyAccessible(spec: Json): boolean {
  const type = str(spec['type']);
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && strs(spec['externalIPs']).length > 0)
  );
}

function defaultSessionAffinity(spec: Json): void {
  setDefaultString(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (
    spec['sessionAffinity'] === 'ClientIP' &&
    num(at(spec, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds')) === undefined
  ) {
    spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_TIMEOUT } };
  }
}

/** Protocol TCP; a missing, zero or empty targetPort becomes the port number. */
function defaultPorts(spec: Json): void {
  for (const port of recs(spec['ports'])) {
    setDefaultString(port, 'protocol', 'TCP');
    const target = port['targetPort'];
    if (target === undefined || target === null || target === 0 || target === '')
      port['targetPort'] = port['port'];
  }
}

/** The registry's single-stack IPv4 choices; headless Services without a selector require dual stack. */
function defaultIPFamilies(spec: Json): void {
  const clusterIP = str(spec['clusterIP']);
  if (clusterIP !== '' && strs(spec['clusterIPs']).length === 0) spec['clusterIPs'] = [clusterIP];
  if (spec['type'] === 'ExternalName') return;
  const headlessWithoutSelector = clusterIP === 'None' && Object.keys(strMap(spec['selector'])).length === 0;
  setDefault(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
  if (strs(spec['ipFamilies']).length === 0) spec['ipFamilies'] = ['IPv4'];
}

function defaultLoadBalancer(svc: KubeObject, spec: Json): void {
  if (spec['type'] !== 'LoadBalancer') return;
  setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  // LoadBalancerIPMode (beta, on in 1.32): an ingress IP without an ipMode is a VIP.
  for (const ingress of recs(at(svc, 'status', 'loadBalancer', 'ingress'))) {
    if (str(ingress['ip']) !== '') setDefault(ingress, 'ipMode', 'VIP');
  }
}

export function defaultService(svc: KubeObject): void {
  const spec = child(svc, 'spec');
  defaultSessionAffinity(spec);
  setDefaultString(spec, 'type', 'ClusterIP');
  defaultPorts(spec);
  if (externallyAccessible(spec)) setDefaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(str(spec['type'])))
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  defaultLoadBalancer(svc, spec);
  defaultIPFamilies(spec);
}
