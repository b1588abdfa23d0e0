import type { FieldCause, KubeObject, Operation } from '../types.js';
import type { Json } from '../json.js';
import { at, num, rec, semanticEqual, str, strMap } from '../json.js';
import { Causes, childPath } from './causes.js';
import { goStringMap, labelSelectorText } from './go-text.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import {
  hasNoTerms,
  isEmptySelector,
  selectorMatches,
  toSelector,
  validateLabelSelector,
} from './selector.js';
import { validateDaemonSetStrategy, validateDeploymentStrategy } from './workload-strategies.js';

/**
 * apps/v1 validation of pkg/apis/apps/validation (Kubernetes 1.32): ValidateDeployment,
 * ValidateReplicaSet, ValidateDaemonSet and their updates (selectors are immutable in apps/v1).
 */

const NOT_MATCHING = '`selector` does not match template `labels`';

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function validateTemplateForReplicaSet(c: Causes, spec: Json, path: string): void {
  const template = rec(spec['template']) ?? {};
  const templatePath = childPath(path, 'template');
  const selector = toSelector(spec['selector']);
  const labels = at(template, 'metadata', 'labels');
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, strMap(labels))) {
    c.invalid(childPath(templatePath, 'metadata', 'labels'), goStringMap(labels), NOT_MATCHING);
  }
  validatePodTemplateSpec(c, template, templatePath);
  const restartPolicy = str(at(template, 'spec', 'restartPolicy'));
  if (restartPolicy !== 'Always')
    c.notSupported(childPath(templatePath, 'spec', 'restartPolicy'), restartPolicy, ['Always']);
  if (num(at(template, 'spec', 'activeDeadlineSeconds')) !== undefined) {
    c.forbidden(
      childPath(templatePath, 'spec', 'activeDeadlineSeconds'),
      'activeDeadlineSeconds in ReplicaSet is not Supported',
    );
  }
}

/** The selector part of ValidateDeploymentSpec / ValidateReplicaSetSpec, then the template. */
function validateSelectorAndTemplate(c: Causes, spec: Json): void {
  const selector = spec['selector'];
  if (selector === undefined || selector === null) c.required('spec.selector');
  else {
    validateLabelSelector(c, selector, 'spec.selector');
    // Kubernetes says "deployment" for ReplicaSets too.
    if (hasNoTerms(selector))
      c.invalid('spec.selector', labelSelectorText(selector), 'empty selector is invalid for deployment');
  }
  if (toSelector(selector) === undefined)
    c.invalid('spec.selector', labelSelectorText(selector), 'invalid label selector');
  else validateTemplateForReplicaSet(c, spec, 'spec');
}

function validateSelectorUpdate(c: Causes, obj: KubeObject, old: KubeObject | undefined): void {
  if (!old) return;
  const selector = at(obj, 'spec', 'selector');
  if (!semanticEqual(selector, at(old, 'spec', 'selector')))
    c.immutable('spec.selector', labelSelectorText(selector));
}

const metaRules = { namespaced: true, name: nameIsDNSSubdomain };

export function validateDeployment(obj: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, obj, metaRules);
  const spec = rec(obj['spec']) ?? {};
  c.nonNegative('spec.replicas', num(spec['replicas']));
  validateSelectorAndTemplate(c, spec);
  validateDeploymentStrategy(c, rec(spec['strategy']) ?? {}, 'spec.strategy');
  const minReady = num(spec['minReadySeconds']) ?? 0;
  c.nonNegative('spec.minReadySeconds', minReady);
  c.nonNegative('spec.revisionHistoryLimit', num(spec['revisionHistoryLimit']));
  const deadline = num(spec['progressDeadlineSeconds']);
  if (deadline !== undefined) {
    c.nonNegative('spec.progressDeadlineSeconds', deadline);
    if (deadline <= minReady)
      c.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds');
  }
  if (op === 'update') validateSelectorUpdate(c, obj, old);
  return c.list;
}

export function validateReplicaSet(obj: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, obj, metaRules);
  const spec = rec(obj['spec']) ?? {};
  c.nonNegative('spec.replicas', num(spec['replicas']));
  c.nonNegative('spec.minReadySeconds', num(spec['minReadySeconds']));
  validateSelectorAndTemplate(c, spec);
  if (op === 'update') validateSelectorUpdate(c, obj, old);
  return c.list;
}

/**
 * ValidateDaemonSetSpec: a missing selector is not "Required" here; it selects nothing, so the
 * template labels fail to match it.
 */
export function validateDaemonSet(obj: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, obj, metaRules);
  const spec = rec(obj['spec']) ?? {};
  const template = rec(spec['template']) ?? {};
  validateLabelSelector(c, spec['selector'], 'spec.selector');
  const selector = toSelector(spec['selector']);
  const labels = at(template, 'metadata', 'labels');
  if (selector && !selectorMatches(selector, strMap(labels))) {
    c.invalid('spec.template.metadata.labels', goStringMap(labels), NOT_MATCHING);
  }
  if (rec(spec['selector']) && hasNoTerms(spec['selector'])) {
    c.invalid(
      'spec.selector',
      labelSelectorText(spec['selector']),
      'empty selector is invalid for daemonset',
    );
  }
  validatePodTemplateSpec(c, template, 'spec.template');
  const restartPolicy = str(at(template, 'spec', 'restartPolicy'));
  if (restartPolicy !== 'Always')
    c.notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']);
  const deadline = num(at(template, 'spec', 'activeDeadlineSeconds'));
  if (deadline !== undefined) {
    c.invalid(
      'spec.template.spec.activeDeadlineSeconds',
      deadline,
      'activeDeadlineSeconds in DaemonSet is not Supported',
    );
  }
  c.nonNegative('spec.minReadySeconds', num(spec['minReadySeconds']));
  validateDaemonSetStrategy(c, rec(spec['updateStrategy']) ?? {}, 'spec.updateStrategy');
  c.nonNegative('spec.revisionHistoryLimit', num(spec['revisionHistoryLimit']));
  if (op === 'update') validateSelectorUpdate(c, obj, old);
  return c.list;
}
