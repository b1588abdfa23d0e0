import type { KubeObject, TableColumn } from '../types.js';
import { at, recs, str } from '../json.js';
import { ageColumn, column, formatSelector } from './format.js';
import { loadBalancerAddresses } from './services.js';

/**
 * `kubectl get networkpolicies|ingresses|ingressclasses`: printNetworkPolicy, printIngress and
 * printIngressClass in kubernetes pkg/printers/internalversion/printers.go (1.32).
 */

/** formatHosts: the first three non-empty rule hosts, "*" when none, " + N more..." past three rules. */
export function ingressHosts(ing: KubeObject): string {
  const rules = recs(at(ing, 'spec', 'rules'));
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === 3) more = true;
    const host = str(rule['host']);
    if (!more && host !== '') hosts.push(host);
  }
  if (hosts.length === 0) return '*';
  // Kubernetes counts the rules (not the hosts) it did not show.
  return more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** formatPorts: "80, 443" when any TLS section exists. */
const ingressPorts = (ing: KubeObject): string =>
  recs(at(ing, 'spec', 'tls')).length > 0 ? '80, 443' : '80';

/** `<Kind>[.<apiGroup>]/<name>` of spec.parameters, "<none>" without parameters. */
function ingressClassParameters(ic: KubeObject): string {
  const params = at(ic, 'spec', 'parameters');
  if (params === undefined || params === null) return '<none>';
  const group = at(params, 'apiGroup');
  const kind = str(at(params, 'kind')) + (typeof group === 'string' ? `.${group}` : '');
  return `${kind}/${str(at(params, 'name'))}`;
}

export const networkPolicyColumns: readonly TableColumn[] = [
  column(
    'Pod-Selector',
    'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. An empty podSelector matches all pods in this namespace.',
    (np) => formatSelector(at(np, 'spec', 'podSelector') ?? {}),
  ),
  ageColumn,
];

export const ingressColumns: readonly TableColumn[] = [
  column(
    'Class',
    'The name of the IngressClass resource that should be used for additional configuration',
    (i) => {
      const name = at(i, 'spec', 'ingressClassName');
      return typeof name === 'string' ? name : '<none>';
    },
  ),
  column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule', ingressHosts),
  column('Address', 'Address is a list containing ingress points for the load-balancer', (i) =>
    loadBalancerAddresses(at(i, 'status', 'loadBalancer')),
  ),
  column('Ports', 'Ports of TLS configurations that open', ingressPorts),
  ageColumn,
];

export const ingressClassColumns: readonly TableColumn[] = [
  column('Controller', 'Controller that is responsible for handling this class', (ic) =>
    str(at(ic, 'spec', 'controller')),
  ),
  column('Parameters', 'A reference to a resource with additional parameters', ingressClassParameters),
  ageColumn,
];
