import type { DiscoveredResource } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound } from '../../client/errors.js';
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

export function namespaceController(deps: ControllerDeps): Controller {
  const namespaces = deps.informers.for<Namespace>(KINDS.namespace);
  const log = (line: string): void => deps.log(`namespace: ${line}`);

  const ensureSystemNamespaces = async (): Promise<void> => {
    for (const name of SYSTEM_NAMESPACES.filter((n) => !namespaces.get(n))) {
      try {
        await deps.client.create(KINDS.namespace, { metadata: { name } });
        log(`created namespace ${name}`);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  };

  /** Deletes what is left of one type; returns how many objects remain (terminating pods, ...). */
  const empty = async (resource: DiscoveredResource, namespace: string): Promise<number> => {
    const { items } = await deps.client.list(resource, { namespace });
    if (items.length === 0) return 0;
    if (resource.verbs.includes('deletecollection')) await deps.client.deleteCollection(resource, namespace);
    else {
      for (const obj of items.filter((o) => !o.metadata.deletionTimestamp)) {
        await deps.client.delete(resource, namespace, obj.metadata.name!).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    }
    const left = (await deps.client.list(resource, { namespace })).items.length;
    log(
      `${namespace}: deleted ${items.length - left} ${kindId(resource)}${left ? `, ${left} still terminating` : ''}`,
    );
    return left;
  };

  const finalize = async (ns: Namespace): Promise<void> => {
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
    await deps.client.update(KINDS.namespace, { ...ns, spec: { ...ns.spec, finalizers } });
    log(`${ns.metadata.name}: empty, finalizer removed`);
  };

  /** updateNamespaceStatusFunc: a namespace being deleted says so in its phase. */
  const markTerminating = async (ns: Namespace): Promise<Namespace> => {
    if (ns.status?.phase === 'Terminating') return ns;
    return deps.client.updateStatus(KINDS.namespace, {
      ...ns,
      status: { ...ns.status, phase: 'Terminating' },
    });
  };

  const reconcile = async (name: string) => {
    let ns = namespaces.get(name);
    if (!ns) return SYSTEM_NAMESPACES.includes(name) ? ensureSystemNamespaces() : undefined;
    if (!ns.metadata.deletionTimestamp || !(ns.spec?.finalizers ?? []).includes(NAMESPACE_FINALIZER))
      return undefined;
    ns = await markTerminating(ns);
    let remaining = 0;
    for (const resource of deletableResources(await deps.client.discover()))
      remaining += await empty(resource, name);
    if (remaining > 0) return { requeueAfterMs: CONTENT_POLL_MS };
    await finalize(ns);
    return undefined;
  };

  const controller = new Controller('namespace', reconcile, deps.log, {
    workers: 2,
    prepare: ensureSystemNamespaces,
    resyncMs: 60_000,
    keys: () =>
      namespaces.list((n) => n.metadata.deletionTimestamp !== undefined).map((n) => n.metadata.name!),
  });
  namespaces.addHandlers({
    add: (n) => controller.enqueue(n.metadata.name),
    update: (_o, n) => controller.enqueue(n.metadata.name),
    delete: (n) => controller.enqueue(n.metadata.name),
  });
  return controller;
}
