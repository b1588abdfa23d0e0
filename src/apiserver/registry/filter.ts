import type { KubeObject, ResourceType } from '../resources/types.js';
import {
  DEFAULT_FIELD_LABELS,
  EVENT_FIELD_LABELS,
  NAMESPACE_FIELD_LABELS,
  NODE_FIELD_LABELS,
  POD_FIELD_LABELS,
  SECRET_FIELD_LABELS,
  SERVICE_FIELD_LABELS,
  matches as fieldMatches,
  parseFieldSelector,
  type FieldLabels,
} from '../machinery/selectors/field-selector.js';
import { matches as labelMatches, parseLabelSelector } from '../machinery/selectors/label-selector.js';

/** A predicate built from label and field selectors; `() => true` when there are none. */
export type ObjectFilter = (obj: KubeObject) => boolean;

export const everything: ObjectFilter = () => true;

/** The field labels kube-apiserver supports per core resource; other resources get the default pair. */
const FIELD_LABELS: Readonly<Record<string, FieldLabels>> = {
  pods: POD_FIELD_LABELS,
  nodes: NODE_FIELD_LABELS,
  namespaces: NAMESPACE_FIELD_LABELS,
  secrets: SECRET_FIELD_LABELS,
  services: SERVICE_FIELD_LABELS,
  events: EVENT_FIELD_LABELS,
};

export function fieldLabelsOf(resource: ResourceType): FieldLabels {
  return (resource.group === '' ? FIELD_LABELS[resource.plural] : undefined) ?? DEFAULT_FIELD_LABELS;
}

/** Parses both selectors (400 on bad syntax or unsupported fields) into one predicate. */
export function buildFilter(
  resource: ResourceType,
  labelSelector: string | null,
  fieldSelector: string | null,
): ObjectFilter {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector, fieldLabelsOf(resource)) : undefined;
  if (!labels && !fields) return everything;
  return (obj) =>
    (!labels || labelMatches(labels, obj.metadata?.labels)) && (!fields || fieldMatches(fields, obj));
}
