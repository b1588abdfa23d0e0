import { isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import { labelsMatch } from '../../client/labels.js';
import type { Endpoints, EndpointSlice, Pod, Service } from '../../client/objects.js';
import { keyOf, splitKey } from '../../client/types.js';
import { Controller, enqueueOnChange } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { desiredEndpoints, sameEndpoints } from './endpoints.js';
import { selectsPods, servicePods } from './pods.js';
import {
  CONTROLLER_NAME,
  desiredSlices,
  isManagedSliceOf,
  MANAGED_BY_LABEL,
  planSlices,
  SERVICE_NAME_LABEL,
} from './slices.js';

/**
 * EndpointSlices (and the core/v1 Endpoints mirror) for every Service with a selector, recomputed
 * from the Service and its pods whenever either changes, and whenever someone else changes one of
 * our objects. `default/kubernetes` is the API server's own. When a Service goes, its slices and
 * Endpoints go too (the garbage collector would delete the slices through their ownerReference;
 * doing it here is quicker and does not depend on it).
 */

const API_SERVER_SERVICE = 'default/kubernetes';

export function endpointSliceController(deps: ControllerDeps): Controller {
  return new EndpointSliceController(deps).controller;
}

class EndpointSliceController {
  readonly controller: Controller;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly endpoints: Informer<Endpoints>;

  constructor(private readonly deps: ControllerDeps) {
    this.services = deps.informers.for<Service>(KINDS.service);
    this.pods = deps.informers.for<Pod>(KINDS.pod);
    this.slices = deps.informers.for<EndpointSlice>(KINDS.endpointSlice);
    this.endpoints = deps.informers.for<Endpoints>(KINDS.endpoints);
    this.controller = new Controller('endpointslice', (key) => this.reconcile(key), deps.log, {
      workers: 2,
      resyncMs: 60_000,
      keys: () => this.services.list().map(keyOf),
    });
    enqueueOnChange(this.services, this.controller);
    enqueueOnChange(this.endpoints, this.controller);
    enqueueOnChange(this.slices, this.controller, sliceOwnerKey);
    const enqueueServicesOf = (...pods: Pod[]): void =>
      new Set(pods.flatMap((p) => this.servicesOf(p))).forEach((k) => this.controller.enqueue(k));
    this.pods.addHandlers({
      add: (p) => enqueueServicesOf(p),
      update: (old, p) => enqueueServicesOf(old, p),
      delete: (p) => enqueueServicesOf(p),
    });
  }

  private async reconcile(key: string): Promise<void> {
    if (key === API_SERVER_SERVICE) return;
    const { namespace = '', name } = splitKey(key);
    const svc = this.services.get(key);
    const existing = this.slices.list((s) => isManagedSliceOf(s, namespace, name));
    if (!svc || !selectsPods(svc)) {
      await this.deleteSlices(existing);
      if (!svc && this.endpoints.get(key)) await this.deleteEndpoints(namespace, name);
      return;
    }
    if (svc.metadata.deletionTimestamp) return;
    const pods = servicePods(svc, this.pods.list());
    await this.syncSlices(planSlices(desiredSlices(svc, pods), existing));
    await this.syncEndpoints(svc, pods);
  }

  private async syncSlices(plan: ReturnType<typeof planSlices>): Promise<void> {
    for (const s of plan.create) {
      await this.deps.client.create(KINDS.endpointSlice, s);
      this.log(`created ${keyOf(s)} (${s.endpoints.length} endpoints)`);
    }
    for (const s of plan.update) {
      await this.deps.client.update(KINDS.endpointSlice, s);
      const ready = s.endpoints.filter((e) => e.conditions.ready).length;
      this.log(`updated ${keyOf(s)} (${s.endpoints.length} endpoints, ${ready} ready)`);
    }
    await this.deleteSlices(plan.delete);
  }

  private async deleteSlices(stale: readonly EndpointSlice[]): Promise<void> {
    for (const s of stale) {
      await ignoreNotFound(
        this.deps.client.delete(KINDS.endpointSlice, s.metadata.namespace, s.metadata.name!),
      );
      this.log(`deleted ${keyOf(s)}`);
    }
  }

  private async syncEndpoints(svc: Service, pods: Pod[]): Promise<void> {
    const desired = desiredEndpoints(svc, pods);
    const current = this.endpoints.get(keyOf(svc));
    if (current && sameEndpoints(desired, current)) return;
    if (!current) await this.deps.client.create(KINDS.endpoints, desired);
    else {
      const metadata = { ...current.metadata, labels: desired.metadata.labels };
      await this.deps.client.update(KINDS.endpoints, { ...current, metadata, subsets: desired.subsets });
    }
    this.log(`${current ? 'updated' : 'created'} endpoints ${keyOf(svc)}`);
  }

  private async deleteEndpoints(namespace: string, name: string): Promise<void> {
    await ignoreNotFound(this.deps.client.delete(KINDS.endpoints, namespace, name));
    this.log(`deleted endpoints ${namespace}/${name}`);
  }

  /** The Services whose selector picks the pod (checked for old and new labels on updates). */
  private servicesOf(pod: Pod): string[] {
    const selects = (s: Service) =>
      s.metadata.namespace === pod.metadata.namespace &&
      selectsPods(s) &&
      labelsMatch(s.spec?.selector, pod.metadata.labels);
    return this.services.list(selects).map(keyOf);
  }

  private log(line: string): void {
    this.deps.log(`endpointslice: ${line}`);
  }
}

function sliceOwnerKey(slice: EndpointSlice): string | undefined {
  const labels = slice.metadata.labels ?? {};
  if (labels[MANAGED_BY_LABEL] !== CONTROLLER_NAME) return undefined;
  return `${slice.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`;
}

async function ignoreNotFound(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
