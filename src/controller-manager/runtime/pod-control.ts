import { isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { KINDS, type ResourceKind } from '../../client/kinds.js';
import type { Pod } from '../../client/objects.js';
import type { KubeObject } from '../../client/types.js';
import { errorMessage } from '../../lib/errors.js';
import { mapLimit } from '../../lib/concurrency.js';
import type { ControllerDeps } from './deps.js';
import { Expectations } from './expectations.js';
import { controllerKey } from './owners.js';

/**
 * Pod creation and deletion for workload controllers (controller.RealPodControl) with their
 * expectations and events: SuccessfulCreate / FailedCreate / SuccessfulDelete / FailedDelete on
 * the owner, as `kubectl describe rs` shows them.
 */
export class PodControl {
  readonly expectations = new Expectations();

  constructor(private readonly deps: ControllerDeps) {}

  async create(ownerKey: string, owner: KubeObject, pods: readonly Pod[]): Promise<void> {
    this.expectations.expect(
      ownerKey,
      pods.map((p) => p.metadata.name!),
      [],
    );
    const failures = await mapLimit(pods, 8, async (pod) => {
      try {
        await this.deps.client.create(KINDS.pod, pod);
        this.deps.events.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        return undefined;
      } catch (err) {
        this.expectations.lower(ownerKey, 'add', pod.metadata.name!);
        this.deps.events.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
        return err;
      }
    });
    const failed = failures.find((e) => e !== undefined);
    if (failed) throw failed;
  }

  async delete(ownerKey: string, owner: KubeObject, pods: readonly Pod[]): Promise<void> {
    this.expectations.expect(
      ownerKey,
      [],
      pods.map((p) => p.metadata.name!),
    );
    const failures = await mapLimit(pods, 8, async (pod) => {
      try {
        await this.deps.client.delete(KINDS.pod, pod.metadata.namespace, pod.metadata.name!, {
          preconditions: { uid: pod.metadata.uid! },
        });
        this.deps.events.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        return undefined;
      } catch (err) {
        this.expectations.lower(ownerKey, 'delete', pod.metadata.name!);
        if (isNotFound(err)) return undefined;
        this.deps.events.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
        return err;
      }
    });
    const failed = failures.find((e) => e !== undefined);
    if (failed) throw failed;
  }

  /**
   * Pod events observed for the expectations and turned into owner keys: a pod that starts
   * terminating counts as deleted, as in the ReplicaSet controller's updatePod.
   */
  watchPods(pods: Informer<Pod>, ownerKind: ResourceKind, enqueue: (key: string) => void): void {
    const owner = (p: Pod) => controllerKey(p, ownerKind);
    pods.addHandlers({
      add: (p) => {
        const key = owner(p);
        if (!key) return;
        this.expectations.observeAdd(key, p.metadata.name!);
        enqueue(key);
      },
      update: (old, p) => {
        const key = owner(p);
        if (key && p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp)
          this.expectations.observeDelete(key, p.metadata.name!);
        const oldKey = owner(old);
        if (oldKey && oldKey !== key) enqueue(oldKey);
        if (key) enqueue(key);
      },
      delete: (p) => {
        const key = owner(p);
        if (!key) return;
        this.expectations.observeDelete(key, p.metadata.name!);
        enqueue(key);
      },
    });
  }
}
