import { cpus, release, totalmem } from 'node:os';

/**
 * The Node object a kubelet registers and the status it posts: addresses, capacity, the Ready
 * condition (heartbeat), and nodeInfo, which `kubectl get nodes -o wide` prints.
 */

export interface NodeIdentity {
  readonly name: string;
  readonly internalIp: string;
  readonly osImage: string;
}

export const KUBELET_VERSION = 'v1.32.0-flatnet';

export function nodeManifest(id: NodeIdentity): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.name,
      labels: {
        'kubernetes.io/hostname': id.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
      },
    },
    spec: {},
  };
}

export function nodeStatus(
  id: NodeIdentity,
  now: Date,
  ready: { ok: boolean; message: string },
  since: Date,
) {
  const capacity = { cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: '110' };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: ts(now),
    lastTransitionTime: ts(since),
  });
  return {
    addresses: [
      { type: 'InternalIP', address: id.internalIp },
      { type: 'Hostname', address: id.name },
    ],
    capacity,
    allocatable: capacity,
    conditions: [
      condition(
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      ready.ok
        ? condition('Ready', 'True', 'KubeletReady', ready.message)
        : condition('Ready', 'False', 'KubeletNotReady', ready.message),
    ],
    nodeInfo: {
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      kernelVersion: release(),
      osImage: id.osImage,
      containerRuntimeVersion: 'flatnet://0.1.0',
      operatingSystem: 'linux',
      architecture: process.arch === 'x64' ? 'amd64' : process.arch,
      machineID: '',
      systemUUID: '',
      bootID: '',
    },
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  };
}

export const ts = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
