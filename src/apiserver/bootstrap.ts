import { isApiError } from './machinery/status.js';
import type { Registry } from './registry/registry.js';
import type { KubeObject, ResourceType } from './resources/types.js';

/**
 * Objects every cluster has from the start: the system namespaces and the `kubernetes` Service
 * (first IP of the service CIDR, port 443) with an EndpointSlice pointing at the API server.
 */

export interface BootstrapConfig {
  readonly kubernetesServiceIp: string;
  readonly advertiseAddress: string;
  readonly securePort: number;
}

const NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function bootstrap(
  registry: Registry,
  find: (plural: string, group?: string) => ResourceType,
  config: BootstrapConfig,
): Promise<void> {
  const ensure = async (
    resource: ResourceType,
    namespace: string | undefined,
    obj: KubeObject,
  ): Promise<void> => {
    try {
      await registry.create(resource, namespace, obj);
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    }
  };
  for (const name of NAMESPACES) await ensure(find('namespaces'), undefined, { metadata: { name } });
  await ensure(find('services'), 'default', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: config.kubernetesServiceIp,
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: config.securePort }],
      sessionAffinity: 'None',
    },
  });
  await ensure(find('endpointslices', 'discovery.k8s.io'), 'default', {
    metadata: {
      name: 'kubernetes',
      labels: {
        'kubernetes.io/service-name': 'kubernetes',
        'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
      },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [config.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: config.securePort, protocol: 'TCP' }],
  });
}
