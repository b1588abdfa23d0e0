import type { KubeObject, TableColumn } from '../types.js';
import { at, byBytes, int, recs, str, strs } from '../json.js';
import { ageColumn, column, formatLabels } from './format.js';

/** `kubectl get services`: printService in kubernetes pkg/printers/internalversion/printers.go (1.32). */

/** loadBalancerStatusStringer (wide): distinct ingress IPs (or hostnames), sorted, comma-separated. */
export function loadBalancerAddresses(status: unknown): string {
  const addresses = new Set<string>();
  for (const ingress of recs(at(status, 'ingress'))) {
    const address = str(ingress['ip']) || str(ingress['hostname']);
    if (address !== '') addresses.add(address);
  }
  return [...addresses].sort(byBytes).join(',');
}

/** getServiceExternalIP: externalIPs, LoadBalancer ingress, `<pending>`, or the ExternalName. */
export function externalIP(svc: KubeObject): string {
  const externalIPs = strs(at(svc, 'spec', 'externalIPs'));
  switch (str(at(svc, 'spec', 'type'))) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(at(svc, 'status', 'loadBalancer'));
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return str(at(svc, 'spec', 'externalName'));
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP` with a node port; "<none>" without ports. */
export function portsString(svc: KubeObject): string {
  const pieces = recs(at(svc, 'spec', 'ports')).map((p) => {
    const protocol = str(p['protocol']);
    const nodePort = int(p['nodePort']);
    return nodePort > 0 ? `${int(p['port'])}:${nodePort}/${protocol}` : `${int(p['port'])}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

/** spec.clusterIPs[0]; spec.clusterIP for objects written before clusterIPs was filled in. */
function clusterIP(svc: KubeObject): string {
  return strs(at(svc, 'spec', 'clusterIPs'))[0] || str(at(svc, 'spec', 'clusterIP')) || '<none>';
}

export const serviceColumns: readonly TableColumn[] = [
  column(
    'Type',
    'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
    (s) => str(at(s, 'spec', 'type')),
  ),
  column(
    'Cluster-IP',
    'clusterIP is the IP address of the service and is usually assigned randomly.',
    clusterIP,
  ),
  column(
    'External-IP',
    'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    externalIP,
  ),
  column('Port(s)', 'The list of ports that are exposed by this service.', portsString),
  ageColumn,
  column(
    'Selector',
    'Route service traffic to pods with label keys and values matching this selector.',
    (s) => formatLabels(at(s, 'spec', 'selector')),
    1,
  ),
];
