import type { FieldCause, KubeObject, Operation } from '../types.js';
import type { Json } from '../json.js';
import { num, rec, recs, semanticEqual, sortedKeys, str } from '../json.js';
import { defaultPodSpec } from '../defaults/pod-spec.js';
import { Causes, childPath, index } from './causes.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta.js';
import { validatePodSpec } from './pod-spec.js';

/** ValidatePodCreate and ValidatePodUpdate of pkg/apis/core/validation (Kubernetes 1.32). */

const MAX_INT32 = 2147483647;

/** updatablePodSpecFieldsNoResources (InPlacePodVerticalScaling is off by default in 1.32). */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const specOf = (pod: KubeObject): Json => rec(pod['spec']) ?? {};

/** A pod spec as stored: defaulted, so a client that omits defaulted fields changes nothing. */
function defaultedSpec(pod: KubeObject): Json {
  const spec = structuredClone(specOf(pod));
  defaultPodSpec(spec, true);
  return spec;
}

/** ValidateContainerUpdates: same number of containers, each with an image. Returns false to stop. */
function validateContainerUpdates(c: Causes, next: Json[], old: Json[], path: string): boolean {
  if (next.length !== old.length) {
    c.forbidden(path, 'pod updates may not add or remove containers');
    return false;
  }
  next.forEach((ctr, i) => {
    const image = str(ctr['image']);
    if (image === '') c.required(childPath(index(path, i), 'image'));
    if (image.trim() !== image)
      c.invalid(childPath(index(path, i), 'image'), image, 'must not have leading or trailing whitespace');
  });
  return true;
}

/** activeDeadlineSeconds may be set, or lowered, but not raised or removed. Returns false to stop. */
function validateDeadlineUpdate(c: Causes, next: Json, old: Json): boolean {
  const path = 'spec.activeDeadlineSeconds';
  const value = num(next['activeDeadlineSeconds']);
  const previous = num(old['activeDeadlineSeconds']);
  if (value !== undefined) {
    if (value < 0 || value > MAX_INT32) {
      c.invalid(path, value, `must be between 0 and ${MAX_INT32}, inclusive`);
      return false;
    }
    if (previous !== undefined && previous < value) {
      c.invalid(path, value, 'must be less than or equal to previous value');
      return false;
    }
  } else if (previous !== undefined) {
    c.invalid(path, null, 'must not update from a positive integer to nil value');
  }
  return true;
}

/** validateOnlyAddedTolerations: existing tolerations stay (only tolerationSeconds may change). */
function validateTolerationsUpdate(c: Causes, next: Json[], old: Json[]): void {
  const kept = old.every((o) =>
    next.some((n) => semanticEqual({ ...o, tolerationSeconds: n['tolerationSeconds'] }, n)),
  );
  if (!kept)
    c.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds');
}

/** The new spec with the updatable fields taken from the old one; any other change remains. */
function munge(next: Json, old: Json): Json {
  const munged = structuredClone(next);
  for (const list of ['containers', 'initContainers']) {
    const oldList = recs(old[list]);
    recs(munged[list]).forEach((ctr, i) => (ctr['image'] = oldList[i]?.['image']));
  }
  for (const key of ['activeDeadlineSeconds', 'tolerations', 'schedulingGates']) munged[key] = old[key];
  const oldGrace = num(old['terminationGracePeriodSeconds']);
  if (oldGrace !== undefined && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  return munged;
}

/**
 * A readable stand-in for the cmp.Diff Kubernetes appends: one -/+ pair per changed top-level
 * field, in JSON (Go's diff prints Go structs, which we do not have).
 */
function specDiff(old: Json, next: Json): string {
  const keys = sortedKeys({ ...old, ...next }).filter((k) => !semanticEqual(old[k], next[k]));
  const lines = keys.flatMap((k) => [
    `- \t${k}: ${JSON.stringify(old[k] ?? null)},`,
    `+ \t${k}: ${JSON.stringify(next[k] ?? null)},`,
  ]);
  return ['  core.PodSpec{', ...lines, '  }'].join('\n');
}

function validatePodUpdate(c: Causes, pod: KubeObject, oldPod: KubeObject): void {
  const next = defaultedSpec(pod);
  const old = defaultedSpec(oldPod);
  if (!validateContainerUpdates(c, recs(next['containers']), recs(old['containers']), 'spec.containers'))
    return;
  if (
    !validateContainerUpdates(
      c,
      recs(next['initContainers']),
      recs(old['initContainers']),
      'spec.initContainers',
    )
  )
    return;
  if (!validateDeadlineUpdate(c, next, old)) return;
  validateTolerationsUpdate(c, recs(next['tolerations']), recs(old['tolerations']));
  if (semanticEqual(next, old)) return;
  const munged = munge(next, old);
  if (!semanticEqual(munged, old)) c.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${specDiff(old, munged)}`);
}

export function validatePod(pod: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, pod, { namespaced: true, name: nameIsDNSSubdomain });
  const spec = specOf(pod);
  validatePodSpec(c, spec, 'spec', true);
  if (op === 'create') {
    if (recs(spec['ephemeralContainers']).length > 0)
      c.forbidden('spec.ephemeralContainers', 'cannot be set on create');
    if (str(spec['nodeName']) !== '' && recs(spec['schedulingGates']).length > 0) {
      c.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared');
    }
  } else if (old) {
    validatePodUpdate(c, pod, old);
  }
  return c.list;
}
