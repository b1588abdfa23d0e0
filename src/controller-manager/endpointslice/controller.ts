import { isNotFound } from '../../client/errors.js';
import { KINDS } from '../../client/kinds.js';
import { labelsMatch } from '../../client/labels.js';
import type { Endpoints, EndpointSlice, Pod, Service } from '../../client/objects.js';
import { keyOf, splitKey } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
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
  const services = deps.informers.for<Service>(KINDS.service);
  const pods = deps.informers.for<Pod>(KINDS.pod);
  const slices = deps.informers.for<EndpointSlice>(KINDS.endpointSlice);
  const endpoints = deps.informers.for<Endpoints>(KINDS.endpoints);
  const log = (line: string): void => deps.log(`endpointslice: ${line}`);

  const syncSlices = async (svc: Service, existing: EndpointSlice[]): Promise<void> => {
    const plan = planSlices(desiredSlices(svc, servicePods(svc, pods.list())), existing);
    for (const s of plan.create) {
      await deps.client.create(KINDS.endpointSlice, s);
      log(`created ${keyOf(s)} (${s.endpoints.length} endpoints)`);
    }
    for (const s of plan.update) {
      await deps.client.update(KINDS.endpointSlice, s);
      log(
        `updated ${keyOf(s)} (${s.endpoints.length} endpoints, ${s.endpoints.filter((e) => e.conditions.ready).length} ready)`,
      );
    }
    await deleteSlices(plan.delete);
  };

  const deleteSlices = async (stale: readonly EndpointSlice[]): Promise<void> => {
    for (const s of stale) {
      await ignoreNotFound(deps.client.delete(KINDS.endpointSlice, s.metadata.namespace, s.metadata.name!));
      log(`deleted ${keyOf(s)}`);
    }
  };

  const syncEndpoints = async (svc: Service): Promise<void> => {
    const desired = desiredEndpoints(svc, servicePods(svc, pods.list()));
    const current = endpoints.get(keyOf(svc));
    if (current && sameEndpoints(desired, current)) return;
    if (current)
      await deps.client.update(KINDS.endpoints, {
        ...current,
        metadata: { ...current.metadata, labels: desired.metadata.labels },
        subsets: desired.subsets,
      });
    else await deps.client.create(KINDS.endpoints, desired);
    log(`${current ? 'updated' : 'created'} endpoints ${keyOf(svc)}`);
  };

  const reconcile = async (key: string): Promise<void> => {
    if (key === API_SERVER_SERVICE) return;
    const { namespace = '', name } = splitKey(key);
    const svc = services.get(key);
    const existing = slices.list((s) => isManagedSliceOf(s, namespace, name));
    if (!svc || !selectsPods(svc)) {
      await deleteSlices(existing);
      if (!svc && endpoints.get(key)) {
        await ignoreNotFound(deps.client.delete(KINDS.endpoints, namespace, name));
        log(`deleted endpoints ${key}`);
      }
      return;
    }
    if (svc.metadata.deletionTimestamp) return;
    await syncSlices(svc, existing);
    await syncEndpoints(svc);
  };

  const controller = new Controller('endpointslice', reconcile, deps.log, {
    workers: 2,
    resyncMs: 60_000,
    keys: () => services.list().map(keyOf),
  });
  const servicesOf = (pod: Pod): string[] =>
    services
      .list(
        (s) =>
          s.metadata.namespace === pod.metadata.namespace &&
          selectsPods(s) &&
          labelsMatch(s.spec?.selector, pod.metadata.labels),
      )
      .map(keyOf);
  const enqueueServicesOf = (...podsChanged: Pod[]): void =>
    new Set(podsChanged.flatMap(servicesOf)).forEach((k) => controller.enqueue(k));
  const enqueueSliceOwner = (s: EndpointSlice): void => {
    const labels = s.metadata.labels ?? {};
    if (labels[MANAGED_BY_LABEL] === CONTROLLER_NAME)
      controller.enqueue(`${s.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`);
  };
  services.addHandlers({
    add: (s) => controller.enqueue(keyOf(s)),
    update: (_o, s) => controller.enqueue(keyOf(s)),
    delete: (s) => controller.enqueue(keyOf(s)),
  });
  pods.addHandlers({
    add: (p) => enqueueServicesOf(p),
    update: (o, p) => enqueueServicesOf(o, p),
    delete: (p) => enqueueServicesOf(p),
  });
  slices.addHandlers({
    add: enqueueSliceOwner,
    update: (_o, s) => enqueueSliceOwner(s),
    delete: enqueueSliceOwner,
  });
  endpoints.addHandlers({
    update: (_o, e) => controller.enqueue(keyOf(e)),
    delete: (e) => controller.enqueue(keyOf(e)),
  });
  return controller;
}

async function ignoreNotFound(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
