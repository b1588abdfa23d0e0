import type { MessageSchema } from '../schema.js';
import { messages } from '../schema.js';

/** k8s.io/api/networking/v1 (v0.32): Ingress, IngressClass and NetworkPolicy. */
export const NETWORKING_MESSAGES: readonly MessageSchema[] = messages('networking/v1', {
  Ingress: { 1: 'metadata:ObjectMeta', 2: 'spec:IngressSpec', 3: 'status:IngressStatus' },
  IngressSpec: {
    1: 'defaultBackend:IngressBackend*',
    2: 'tls:IngressTLS[]',
    3: 'rules:IngressRule[]',
    4: 'ingressClassName:string*',
  },
  // 1 and 2 (serviceName, servicePort) exist only in networking/v1beta1.
  IngressBackend: { 3: 'resource:TypedLocalObjectReference*', 4: 'service:IngressServiceBackend*' },
  // ServiceBackendPort is a struct: Go's JSON always writes `port`, with only the set member.
  IngressServiceBackend: { 1: 'name:string!', 2: 'port:ServiceBackendPort' },
  ServiceBackendPort: { 1: 'name:string', 2: 'number:int32' },
  IngressTLS: { 1: 'hosts:string[]', 2: 'secretName:string' },
  // IngressRuleValue is embedded with json:",inline": its `http` sits beside `host`.
  IngressRule: { 1: 'host:string', 2: '...IngressRuleValue' },
  IngressRuleValue: { 1: 'http:HTTPIngressRuleValue*' },
  HTTPIngressRuleValue: { 1: 'paths:HTTPIngressPath[]' },
  HTTPIngressPath: { 1: 'path:string', 2: 'backend:IngressBackend', 3: 'pathType:string*' },
  IngressStatus: { 1: 'loadBalancer:IngressLoadBalancerStatus' },
  IngressLoadBalancerStatus: { 1: 'ingress:IngressLoadBalancerIngress[]' },
  IngressLoadBalancerIngress: { 1: 'ip:string', 2: 'hostname:string', 4: 'ports:IngressPortStatus[]' },
  IngressPortStatus: { 1: 'port:int32!', 2: 'protocol:string!', 3: 'error:string*' },

  IngressClass: { 1: 'metadata:ObjectMeta', 2: 'spec:IngressClassSpec' },
  IngressClassSpec: { 1: 'controller:string', 2: 'parameters:IngressClassParametersReference*' },
  IngressClassParametersReference: {
    1: 'apiGroup:string*',
    2: 'kind:string!',
    3: 'name:string!',
    4: 'scope:string*',
    5: 'namespace:string*',
  },

  NetworkPolicy: { 1: 'metadata:ObjectMeta', 2: 'spec:NetworkPolicySpec' },
  NetworkPolicySpec: {
    1: 'podSelector:LabelSelector',
    2: 'ingress:NetworkPolicyIngressRule[]',
    3: 'egress:NetworkPolicyEgressRule[]',
    4: 'policyTypes:string[]',
  },
  NetworkPolicyIngressRule: { 1: 'ports:NetworkPolicyPort[]', 2: 'from:NetworkPolicyPeer[]' },
  NetworkPolicyEgressRule: { 1: 'ports:NetworkPolicyPort[]', 2: 'to:NetworkPolicyPeer[]' },
  NetworkPolicyPort: { 1: 'protocol:string*', 2: 'port:IntOrString*', 3: 'endPort:int32*' },
  NetworkPolicyPeer: {
    1: 'podSelector:LabelSelector*',
    2: 'namespaceSelector:LabelSelector*',
    3: 'ipBlock:IPBlock*',
  },
  IPBlock: { 1: 'cidr:string!', 2: 'except:string[]' },
});
