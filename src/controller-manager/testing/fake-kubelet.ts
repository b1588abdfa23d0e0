import type { ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/errors.js';
import { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import type { Node, Pod } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { formatIPv4, parseCidr } from '../../lib/ipv4.js';
import { timestamp } from '../runtime/conditions.js';

/**
 * Plays the kubelets for tests: a pod bound to a node (or any pod, with `bindless`) is reported
 * Running and Ready with an IP from its node's podCIDR (10.244.255.0/24 without one); a pod marked
 * for deletion is removed with gracePeriodSeconds=0, as a kubelet does once its containers stop.
 * This is the contract the real kubelet will fulfil.
 */
export interface FakeKubelet {
  stop(): Promise<void>;
}

export function startFakeKubelet(client: ApiClient, options: { bindless?: boolean } = {}): FakeKubelet {
  const kubelet = new Kubelets(client, options.bindless ?? false);
  return { stop: () => kubelet.stop() };
}

const RETRY_MS = 50;

class Kubelets {
  private readonly pods: Informer<Pod>;
  private readonly nextHost = new Map<string, number>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly client: ApiClient,
    private readonly bindless: boolean,
  ) {
    this.pods = new Informer<Pod>(client, KINDS.pod, { minBackoffMs: 20, maxBackoffMs: 200 });
    this.pods.addHandlers({ add: (p) => this.run(p), update: (_old, p) => this.run(p) });
    this.pods.start();
  }

  stop(): Promise<void> {
    return this.pods.stop();
  }

  /** One pod at a time per key; failed attempts retry on the latest cached state. */
  private run(pod: Pod): void {
    const key = keyOf(pod);
    if (this.busy.has(key)) return;
    this.busy.add(key);
    this.sync(pod)
      .catch((err: unknown) => {
        if (!isNotFound(err)) setTimeout(() => this.pods.get(key) && this.run(this.pods.get(key)!), RETRY_MS);
      })
      .finally(() => this.busy.delete(key));
  }

  private async sync(pod: Pod): Promise<void> {
    const { namespace, name } = pod.metadata;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName && !this.bindless) return;
    if (pod.metadata.deletionTimestamp)
      return this.client.delete(KINDS.pod, namespace, name!, { gracePeriodSeconds: 0 });
    if (pod.status?.phase === 'Running') return;
    const ip = await this.ipFor(nodeName);
    await this.client.updateStatus(KINDS.pod, {
      ...pod,
      status: runningStatus(pod, ip, timestamp(new Date())),
    });
  }

  private async ipFor(nodeName: string | undefined): Promise<string> {
    const cidr = nodeName
      ? (await this.client.get<Node>(KINDS.node, undefined, nodeName)).spec?.podCIDR
      : undefined;
    const base = parseCidr(cidr ?? '10.244.255.0/24').network;
    const host = (this.nextHost.get(nodeName ?? '') ?? 1) + 1; // .1 is the bridge's, as with the real plugins
    this.nextHost.set(nodeName ?? '', host);
    return formatIPv4(base + host);
  }
}

function runningStatus(pod: Pod, ip: string, now: string): Pod['status'] {
  const conditions = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
    type,
    status: 'True' as const,
    lastTransitionTime: now,
  }));
  const containerStatuses = (pod.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: now } },
  }));
  return {
    ...pod.status,
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    hostIP: '172.30.0.11',
    conditions,
    containerStatuses,
    startTime: now,
  };
}
