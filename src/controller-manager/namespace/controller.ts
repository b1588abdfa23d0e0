import type { DiscoveredResource } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { KINDS, kindId } from '../../client/kinds.js';
import type { Namespace } from '../../client/objects.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';

/**
 * Namespace lifecycle (kube-controller-manager's namespace controller): the API server marks a
 * deleted namespace Terminating and keeps it while `spec.finalizers` holds "kubernetes"; this
 * controller deletes every namespaced object in it, through discovery so that every served type
 * is covered, and removes the finalizer once nothing is left, which completes the deletion.
 * Like Kubernetes' namespace deleter it first makes sure the phase says Terminating.
 * Pods on nodes go away only when their kubelet has stopped them, so this may take a few rounds.
 * It also makes sure the namespaces every cluster has exist (kube-apiserver's system namespaces
 * controller does this in Kubernetes).
 */

export const NAMESPACE_FINALIZER = 'kubernetes';
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const CONTENT_POLL_MS = 1000;

/** The types the namespace controller empties: namespaced, listable and deletable. */
export const deletableResources = (resources: readonly DiscoveredResource[]): DiscoveredResource[] =>
  resources.filter(
    (r) =>
      r.namespaced &&
      r.verbs.includes('list') &&
      (r.verbs.includes('deletecollection') || r.verbs.includes('delete')),
  );

const isBeingDeleted = (ns: Namespace): boolean =>
  ns.metadata.deletionTimestamp !== undefined && (ns.spec?.finalizers ?? []).includes(NAMESPACE_FINALIZER);

export function namespaceController(deps: ControllerDeps): Controller {
  return new NamespaceController(deps).controller;
}

class NamespaceController {
  readonly controller: Controller;
  private readonly namespaces: Informer<Namespace>;

  constructor(private readonly deps: ControllerDeps) {
    this.namespaces = deps.informers.for<Namespace>(KINDS.namespace);
    this.controller = new Controller('namespace', (name) => this.reconcile(name), deps.log, {
      workers: 2,
      prepare: () => this.ensureSystemNamespaces(),
      resyncMs: 60_000,
      keys: () => this.namespaces.list(isBeingDeleted).map((n) => n.metadata.name!),
    });
    const enqueue = (n: Namespace) => this.controller.enqueue(n.metadata.name);
    this.namespaces.addHandlers({ add: enqueue, update: (_old, n) => enqueue(n), delete: enqueue });
  }

  private async reconcile(name: string) {
    const cached = this.namespaces.get(name);
    if (!cached) return SYSTEM_NAMESPACES.includes(name) ? this.ensureSystemNamespaces() : undefined;
    if (!isBeingDeleted(cached)) return undefined;
    try {
      return await this.finish(cached);
    } catch (err) {
      // Gone already: an earlier round removed the finalizer and our cache has not caught up.
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async finish(cached: Namespace) {
    const name = cached.metadata.name!;
    const ns = await this.markTerminating(cached);
    let remaining = 0;
    for (const resource of deletableResources(await this.deps.client.discover())) {
      remaining += await this.empty(resource, name);
    }
    if (remaining > 0) return { requeueAfterMs: CONTENT_POLL_MS };
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
    await this.deps.client.update(KINDS.namespace, { ...ns, spec: { ...ns.spec, finalizers } });
    this.log(`${name}: empty, finalizer removed`);
    return undefined;
  }

  /** updateNamespaceStatusFunc: a namespace being deleted says so in its phase. */
  private async markTerminating(ns: Namespace): Promise<Namespace> {
    if (ns.status?.phase === 'Terminating') return ns;
    return this.deps.client.updateStatus(KINDS.namespace, {
      ...ns,
      status: { ...ns.status, phase: 'Terminating' },
    });
  }

  /** Deletes what is left of one type; returns how many objects remain (terminating pods, ...). */
  private async empty(resource: DiscoveredResource, namespace: string): Promise<number> {
    const { items } = await this.deps.client.list(resource, { namespace });
    if (items.length === 0) return 0;
    if (resource.verbs.includes('deletecollection'))
      await this.deps.client.deleteCollection(resource, namespace);
    else {
      for (const obj of items.filter((o) => !o.metadata.deletionTimestamp)) {
        await this.deps.client.delete(resource, namespace, obj.metadata.name!).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    }
    const left = (await this.deps.client.list(resource, { namespace })).items.length;
    this.log(
      `${namespace}: deleted ${items.length - left} ${kindId(resource)}${left ? `, ${left} still terminating` : ''}`,
    );
    return left;
  }

  private async ensureSystemNamespaces(): Promise<void> {
    for (const name of SYSTEM_NAMESPACES.filter((n) => !this.namespaces.get(n))) {
      try {
        await this.deps.client.create(KINDS.namespace, { metadata: { name } });
        this.log(`created namespace ${name}`);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  }

  private log(line: string): void {
    this.deps.log(`namespace: ${line}`);
  }
}
