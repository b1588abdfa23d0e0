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
  /** Pods that should not become ready (by name). */
  readonly holdBack: Set<string>;
  stop(): Promise<void>;
}

export function startFakeKubelet(client: ApiClient, options: { bindless?: boolean } = {}): FakeKubelet {
  const pods = new Informer<Pod>(client, KINDS.pod, { minBackoffMs: 20, maxBackoffMs: 200 });
  const nextHost = new Map<string, number>();
  const holdBack = new Set<string>();
  const busy = new Set<string>();

  const ipFor = async (nodeName: string | undefined): Promise<string> => {
    const cidr = nodeName
      ? (await client.get<Node>(KINDS.node, undefined, nodeName)).spec?.podCIDR
      : undefined;
    const base = parseCidr(cidr ?? '10.244.255.0/24').network;
    const host = (nextHost.get(nodeName ?? '') ?? 1) + 1; // .1 is the bridge's, as with the real plugins
    nextHost.set(nodeName ?? '', host);
    return formatIPv4(base + host);
  };

  const handle = async (pod: Pod): Promise<void> => {
    const { namespace, name } = pod.metadata;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName && !options.bindless) return;
    if (pod.metadata.deletionTimestamp) {
      await client.delete(KINDS.pod, namespace, name!, { gracePeriodSeconds: 0 });
      return;
    }
    if (pod.status?.phase === 'Running' || holdBack.has(name!)) return;
    const ip = await ipFor(nodeName);
    const now = timestamp(new Date());
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
    const status = {
      ...pod.status,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      hostIP: '172.30.0.11',
      conditions,
      containerStatuses,
      startTime: now,
    };
    await client.updateStatus(KINDS.pod, { ...pod, status });
  };

  const run = (pod: Pod): void => {
    const key = keyOf(pod);
    if (busy.has(key)) return;
    busy.add(key);
    handle(pod)
      .catch((err: unknown) => {
        if (!isNotFound(err)) setTimeout(() => pods.get(key) && run(pods.get(key)!), 50);
      })
      .finally(() => busy.delete(key));
  };
  pods.addHandlers({ add: run, update: (_old, pod) => run(pod) });
  pods.start();
  return { holdBack, stop: () => pods.stop() };
}
