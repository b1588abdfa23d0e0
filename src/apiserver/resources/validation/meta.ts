import type { KubeObject } from '../types.js';
import { recs, sortedKeys, str, strMap, strs } from '../json.js';
import {
  annotationsSizeError,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
} from '../../machinery/validation.js';
import { index } from './causes.js';
import type { Causes } from './causes.js';
import { goListOf } from './go-text.js';

/**
 * ObjectMeta validation: ValidateObjectMetaAccessor in k8s.io/apimachinery/pkg/api/validation
 * (objectmeta.go) plus the finalizer check of pkg/apis/core/validation.ValidateObjectMeta.
 *
 * The registry fills metadata.namespace from the URL (and clears it for cluster-scoped kinds)
 * before validating, as rest.BeforeCreate does; an empty name with a generateName is accepted
 * because the name is generated after validation here.
 */

/** A ValidateNameFunc: `prefix` is true for generateName, whose trailing dash is allowed. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** maskTrailingDash, verbatim: the last two characters become "a". */
const maskTrailingDash = (name: string): string =>
  name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;

const withPrefix =
  (check: (v: string) => string[]): NameValidator =>
  (name, prefix) =>
    check(prefix ? maskTrailingDash(name) : name);

export const nameIsDNSSubdomain = withPrefix(isDNS1123Subdomain);
export const nameIsDNSLabel = withPrefix(isDNS1123Label);
export const nameIsDNS1035Label = withPrefix(isDNS1035Label);

/** ValidateLabels: every problem is reported on the map's path, with the key or value as bad value. */
export function validateLabels(c: Causes, path: string, labels: unknown): void {
  const map = strMap(labels);
  for (const key of sortedKeys(map)) {
    c.invalidEach(path, key, isQualifiedName(key));
    const value = map[key] ?? '';
    c.invalidEach(path, value, isValidLabelValue(value));
  }
}

/** ValidateAnnotations: keys are qualified names compared lower-cased; 256 KiB in total. */
export function validateAnnotations(c: Causes, path: string, annotations: unknown): void {
  const map = strMap(annotations);
  for (const key of sortedKeys(map)) c.invalidEach(path, key, isQualifiedName(key.toLowerCase()));
  if (annotationsSizeError(map) !== undefined) c.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES);
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizers(c: Causes, finalizers: string[]): void {
  for (const f of finalizers) c.invalidEach('metadata.finalizers', f, isQualifiedName(f));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    c.invalid(
      'metadata.finalizers',
      goListOf('string', finalizers),
      'finalizer orphan and foregroundDeletion cannot be both set',
    );
  }
  finalizers.forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      c.invalid(
        index('metadata.finalizers', i),
        f,
        'name is neither a standard finalizer name nor is it fully qualified',
      );
    }
  });
}

/** ValidateOwnerReferences: reported on the list's path (Kubernetes does not index them). */
function validateOwnerReferences(c: Causes, refs: unknown): void {
  const path = 'metadata.ownerReferences';
  let controller = '';
  for (const ref of recs(refs)) {
    const apiVersion = str(ref['apiVersion']);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') c.invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty');
    if (str(ref['kind']) === '') c.invalid(`${path}.kind`, str(ref['kind']), 'must not be empty');
    if (str(ref['name']) === '') c.invalid(`${path}.name`, str(ref['name']), 'must not be empty');
    if (str(ref['uid']) === '') c.invalid(`${path}.uid`, str(ref['uid']), 'must not be empty');
    if (ref['controller'] !== true) continue;
    const current = `${str(ref['kind'])}/${str(ref['name'])}`;
    if (controller === '') controller = current;
    else {
      c.invalid(
        path,
        goListOf('v1.OwnerReference', refs),
        `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`,
      );
    }
  }
}

export interface MetaRules {
  readonly namespaced: boolean;
  readonly name: NameValidator;
}

export function validateObjectMeta(c: Causes, obj: KubeObject, rules: MetaRules): void {
  const meta = obj.metadata ?? {};
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (generateName !== '')
    c.invalidEach('metadata.generateName', generateName, rules.name(generateName, true));
  if (name === '') {
    if (generateName === '') c.required('metadata.name', 'name or generateName is required');
  } else {
    c.invalidEach('metadata.name', name, rules.name(name, false));
  }
  if (rules.namespaced) {
    const namespace = str(meta.namespace);
    if (namespace === '') c.required('metadata.namespace');
    else c.invalidEach('metadata.namespace', namespace, isDNS1123Label(namespace));
  }
  validateLabels(c, 'metadata.labels', meta.labels);
  validateAnnotations(c, 'metadata.annotations', meta.annotations);
  validateOwnerReferences(c, meta.ownerReferences);
  validateFinalizers(c, strs(meta.finalizers));
}
