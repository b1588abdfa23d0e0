import { apiVersionOf, KINDS, type ResourceKind } from '../../client/kinds.js';
import type {
  Condition,
  DaemonSet,
  Deployment,
  Node,
  Pod,
  ReplicaSet,
  Service,
} from '../../client/objects.js';
import type { KubeObject } from '../../client/types.js';

/**
 * Fixture builders for controller tests, in the style of kube-network-policies' tests:
 * `makePod('web-1', withLabels({app: 'web'}), onNode('n1'), running('10.244.1.5'), ready())`.
 */

export type Tweak<T> = (obj: T) => void;

const T0 = '2025-01-01T00:00:00Z';

function build<T extends KubeObject>(obj: T, tweaks: readonly Tweak<T>[]): T {
  for (const tweak of tweaks) tweak(obj);
  return obj;
}

const meta = (kind: ResourceKind, name: string, namespaced = true): KubeObject => ({
  apiVersion: apiVersionOf(kind),
  kind: kind.kind,
  metadata: {
    name,
    ...(namespaced ? { namespace: 'default' } : {}),
    uid: `uid-${name}`,
    resourceVersion: '1',
    generation: 1,
    creationTimestamp: T0,
  },
});

export const withLabels =
  <T extends KubeObject>(labels: Record<string, string>): Tweak<T> =>
  (obj) => {
    obj.metadata.labels = { ...obj.metadata.labels, ...labels };
  };

export const inNamespace =
  <T extends KubeObject>(namespace: string): Tweak<T> =>
  (obj) => {
    obj.metadata.namespace = namespace;
  };

export const ownedBy =
  <T extends KubeObject>(owner: KubeObject, kind: ResourceKind): Tweak<T> =>
  (obj) => {
    obj.metadata.ownerReferences = [
      {
        apiVersion: apiVersionOf(kind),
        kind: kind.kind,
        name: owner.metadata.name!,
        uid: owner.metadata.uid!,
        controller: true,
      },
    ];
  };

export const createdAt =
  <T extends KubeObject>(time: string): Tweak<T> =>
  (obj) => {
    obj.metadata.creationTimestamp = time;
  };

export const deleting =
  <T extends KubeObject>(): Tweak<T> =>
  (obj) => {
    obj.metadata.deletionTimestamp = T0;
  };

export function makePod(name: string, ...tweaks: Tweak<Pod>[]): Pod {
  const pod = {
    ...meta(KINDS.pod, name),
    spec: { containers: [{ name: 'app', image: 'agnhost' }] },
    status: { phase: 'Pending' },
  };
  return build(pod as Pod, tweaks);
}

export const onNode =
  (nodeName: string): Tweak<Pod> =>
  (pod) => {
    pod.spec!.nodeName = nodeName;
  };

export const running =
  (ip: string): Tweak<Pod> =>
  (pod) => {
    pod.status = { ...pod.status, phase: 'Running', podIP: ip, podIPs: [{ ip }] };
  };

export const ready =
  (isReady = true, since = T0): Tweak<Pod> =>
  (pod) => {
    const condition: Condition = {
      type: 'Ready',
      status: isReady ? 'True' : 'False',
      lastTransitionTime: since,
    };
    pod.status = { ...pod.status, conditions: [condition] };
  };

export const withContainerPorts =
  (...ports: { name?: string; containerPort: number; protocol?: string }[]): Tweak<Pod> =>
  (pod) => {
    pod.spec!.containers[0]!.ports = ports;
  };

export const withPhase =
  (phase: string): Tweak<Pod> =>
  (pod) => {
    pod.status = { ...pod.status, phase };
  };

export function makeNode(name: string, ...tweaks: Tweak<Node>[]): Node {
  const node = {
    ...meta(KINDS.node, name, false),
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
  return build(node as Node, tweaks);
}

export const notReady = (): Tweak<Node> => (node) => {
  node.status = { conditions: [{ type: 'Ready', status: 'False' }] };
};

export const withPodCidr =
  (cidr: string): Tweak<Node> =>
  (node) => {
    node.spec = { ...node.spec, podCIDR: cidr, podCIDRs: [cidr] };
  };

export function makeService(name: string, ...tweaks: Tweak<Service>[]): Service {
  const svc = {
    ...meta(KINDS.service, name),
    spec: {
      selector: { app: name },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      clusterIP: '10.96.0.20',
    },
  };
  return build(svc as Service, tweaks);
}

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'agnhost:1' }] },
});

export function makeReplicaSet(name: string, replicas: number, ...tweaks: Tweak<ReplicaSet>[]): ReplicaSet {
  const labels = { app: name };
  const rs = {
    ...meta(KINDS.replicaSet, name),
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels) },
  };
  return build(rs as ReplicaSet, tweaks);
}

export function makeDeployment(name: string, replicas: number, ...tweaks: Tweak<Deployment>[]): Deployment {
  const labels = { app: name };
  const d = {
    ...meta(KINDS.deployment, name),
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels) },
  };
  return build(d as Deployment, tweaks);
}

export function makeDaemonSet(name: string, ...tweaks: Tweak<DaemonSet>[]): DaemonSet {
  const labels = { app: name };
  const ds = {
    ...meta(KINDS.daemonSet, name),
    spec: { selector: { matchLabels: labels }, template: template(labels) },
  };
  return build(ds as DaemonSet, tweaks);
}
