import type { Json } from '../json.js';
import { int, str, strs } from '../json.js';
import { isValidPortNum } from '../../machinery/validation.js';
import { externallyAccessible } from '../defaults/service.js';
import { index } from './causes.js';
import type { Causes } from './causes.js';
import { validateCIDR, validateIP, validateNonSpecialIP } from './ip.js';

/**
 * The parts of ValidateService (pkg/apis/core/validation, Kubernetes 1.32) about traffic from
 * outside the cluster: externalIPs, LoadBalancer-only fields, and the traffic policies.
 */

export function validateExternalIPs(c: Causes, spec: Json): void {
  strs(spec['externalIPs']).forEach((ip, i) => {
    if (validateIP(c, index('spec.externalIPs', i), ip))
      validateNonSpecialIP(c, index('spec.externalIPs', i), ip);
  });
}

export function validateLoadBalancerFields(c: Causes, spec: Json): void {
  const ranges = strs(spec['loadBalancerSourceRanges']);
  // Kubernetes reports this field with a capital L.
  const rangesPath = 'spec.LoadBalancerSourceRanges';
  if (ranges.length > 0 && spec['type'] !== 'LoadBalancer')
    c.forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'");
  // Space padding is tolerated, a leftover of the annotation this field replaced.
  ranges.forEach((r, i) => validateCIDR(c, index(rangesPath, i), r.trim()));
  const allocate = spec['allocateLoadBalancerNodePorts'];
  if (allocate !== undefined && allocate !== null && spec['type'] !== 'LoadBalancer') {
    c.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'");
  }
}

/** validateServiceExternalTrafficPolicy (with healthCheckNodePort) and the internal policy. */
export function validateTrafficPolicies(c: Causes, spec: Json): void {
  const external = str(spec['externalTrafficPolicy']);
  if (!externallyAccessible(spec)) {
    if (external !== '')
      c.invalid('spec.externalTrafficPolicy', external, 'may only be set for externally-accessible services');
  } else if (external === '') c.required('spec.externalTrafficPolicy');
  else if (external !== 'Cluster' && external !== 'Local')
    c.notSupported('spec.externalTrafficPolicy', external, ['Cluster', 'Local']);
  const healthCheck = int(spec['healthCheckNodePort']);
  if (!(spec['type'] === 'LoadBalancer' && external === 'Local')) {
    const detail = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
    if (healthCheck !== 0) c.invalid('spec.healthCheckNodePort', healthCheck, detail);
  } else if (healthCheck === 0) c.required('spec.healthCheckNodePort');
  else c.invalidEach('spec.healthCheckNodePort', healthCheck, isValidPortNum(healthCheck));
  const internal = spec['internalTrafficPolicy'];
  if (
    (internal === undefined || internal === null) &&
    ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(str(spec['type']))
  ) {
    c.required('spec.internalTrafficPolicy');
  }
  if (typeof internal === 'string' && internal !== 'Cluster' && internal !== 'Local') {
    c.notSupported('spec.internalTrafficPolicy', internal, ['Cluster', 'Local']);
  }
}
