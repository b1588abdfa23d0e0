import type { KubeObject } from '../types.js';
import { child, rec, recs, setDefault, setDefaultString, str, strs } from '../json.js';

/**
 * Defaulting of the smaller kinds, after pkg/apis/core/v1/defaults.go, pkg/apis/networking/v1/
 * defaults.go and pkg/apis/discovery/v1/defaults.go (Kubernetes 1.32), plus two v1 conversions
 * that shape what is stored (Secret stringData, Node podCIDR).
 */

/** SetDefaults_Namespace and SetDefaults_NamespaceStatus. */
export function defaultNamespace(ns: KubeObject): void {
  const name = str(ns.metadata?.name);
  if (name !== '') {
    const meta = (ns.metadata ??= {});
    meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': name };
  }
  setDefaultString(child(ns, 'status'), 'phase', 'Active');
}

/**
 * Convert_v1_NodeSpec_To_core_NodeSpec and back keep podCIDR and podCIDRs in step (podCIDR is
 * podCIDRs[0]); SetDefaults_NodeStatus copies capacity to a missing allocatable.
 */
export function defaultNode(node: KubeObject): void {
  const spec = child(node, 'spec');
  const podCIDR = str(spec['podCIDR']);
  const podCIDRs = strs(spec['podCIDRs']);
  if (podCIDRs.length === 0 && podCIDR !== '') spec['podCIDRs'] = [podCIDR];
  else if (podCIDRs.length > 0) spec['podCIDR'] = podCIDRs[0];
  const status = rec(node['status']);
  if (status && rec(status['capacity']) && status['allocatable'] === undefined) {
    status['allocatable'] = { ...rec(status['capacity']) };
  }
}

/**
 * SetDefaults_Secret (type Opaque) and Convert_v1_Secret_To_core_Secret: stringData is a
 * write-only convenience, merged into data (base64) and never stored.
 */
export function defaultSecret(secret: KubeObject): void {
  setDefaultString(secret, 'type', 'Opaque');
  const stringData = rec(secret['stringData']);
  if (stringData) {
    const data = child(secret, 'data');
    for (const [key, value] of Object.entries(stringData))
      data[key] = Buffer.from(str(value), 'utf8').toString('base64');
  }
  delete secret['stringData'];
}

/** SetDefaults_Endpoints: port protocol TCP. */
export function defaultEndpoints(ep: KubeObject): void {
  for (const port of recs(ep['subsets']).flatMap((s) => recs(s['ports'])))
    setDefaultString(port, 'protocol', 'TCP');
}

/** SetDefaults_NetworkPolicyPort (protocol TCP) and SetDefaults_NetworkPolicy (policyTypes). */
export function defaultNetworkPolicy(np: KubeObject): void {
  const spec = child(np, 'spec');
  // podSelector is a struct in Go: an absent one decodes, and is stored, as {} (all pods).
  setDefault(spec, 'podSelector', {});
  const rules = [...recs(spec['ingress']), ...recs(spec['egress'])];
  for (const port of rules.flatMap((r) => recs(r['ports']))) setDefault(port, 'protocol', 'TCP');
  if (strs(spec['policyTypes']).length === 0) {
    // Any policy implies Ingress; one with egress rules also covers Egress.
    spec['policyTypes'] = recs(spec['egress']).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** SetDefaults_IngressClass: parameters without a scope are cluster-scoped. */
export function defaultIngressClass(ic: KubeObject): void {
  const params = rec(rec(ic['spec'])?.['parameters']);
  if (params) setDefault(params, 'scope', 'Cluster');
}

/** SetDefaults_EndpointPort (discovery/v1): name "" and protocol TCP. */
export function defaultEndpointSlice(slice: KubeObject): void {
  for (const port of recs(slice['ports'])) {
    setDefault(port, 'name', '');
    setDefault(port, 'protocol', 'TCP');
  }
}
