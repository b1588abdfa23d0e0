import type { KubeObject, TableColumn } from '../types.js';
import { at, num, rec, str } from '../json.js';
import { ageColumn, column, since } from './format.js';

/**
 * `kubectl get namespaces|configmaps|secrets|events`: printNamespace, printConfigMap, printSecret
 * and printEvent in kubernetes pkg/printers/internalversion/printers.go (1.32).
 */

const countKeys = (v: unknown): number => Object.keys(rec(v) ?? {}).length;

export const namespaceColumns: readonly TableColumn[] = [
  column('Status', 'The status of the namespace', (ns) => str(at(ns, 'status', 'phase'))),
  ageColumn,
];

export const configMapColumns: readonly TableColumn[] = [
  // Declared "string" in Kubernetes although the cell is an integer.
  column(
    'Data',
    "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
    (cm) => countKeys(cm['data']) + countKeys(cm['binaryData']),
  ),
  ageColumn,
];

export const secretColumns: readonly TableColumn[] = [
  column('Type', 'Used to facilitate programmatic handling of secret data.', (s) => str(s['type'])),
  column(
    'Data',
    "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
    (s) => countKeys(s['data']),
  ),
  ageColumn,
];

/** FIRST SEEN: firstTimestamp, else the eventTime of events written through events.k8s.io. */
const firstSeen = (e: KubeObject, now: Date): string =>
  str(e['firstTimestamp']) !== '' ? since(e['firstTimestamp'], now) : since(e['eventTime'], now);

function lastSeen(e: KubeObject, now: Date): string {
  if (rec(e['series'])) return since(at(e, 'series', 'lastObservedTime'), now);
  return str(e['lastTimestamp']) !== '' ? since(e['lastTimestamp'], now) : firstSeen(e, now);
}

/** Singleton events written through events.k8s.io carry no count: they count as 1. */
function count(e: KubeObject): number {
  if (rec(e['series'])) return num(at(e, 'series', 'count')) ?? 0;
  const n = num(e['count']) ?? 0;
  return n === 0 ? 1 : n;
}

/** OBJECT: `<kind lower-cased>/<name>`. */
function target(e: KubeObject): string {
  const kind = str(at(e, 'involvedObject', 'kind')).toLowerCase();
  const name = str(at(e, 'involvedObject', 'name'));
  return name === '' ? kind : `${kind}/${name}`;
}

/** formatEventSource: component (or reportingController), then ", host" (or reportingInstance). */
function source(e: KubeObject): string {
  const component = str(at(e, 'source', 'component')) || str(e['reportingController']);
  const host = str(at(e, 'source', 'host')) || str(e['reportingInstance']);
  return host === '' ? component : `${component}, ${host}`;
}

/**
 * Events do not start with NAME: Kubernetes prints LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and,
 * with -o wide, SUBOBJECT, SOURCE, FIRST SEEN, COUNT and finally NAME. These are the columns
 * without NAME; `tableColumnsOf` (catalog.ts) places NAME where Kubernetes does.
 */
export const eventColumns: readonly TableColumn[] = [
  column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.', lastSeen),
  column('Type', 'Type of this event (Normal, Warning), new types could be added in the future', (e) =>
    str(e['type']),
  ),
  column(
    'Reason',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    (e) => str(e['reason']),
  ),
  column('Object', 'The object that this event is about.', target),
  column(
    'Subobject',
    'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
    (e) => str(at(e, 'involvedObject', 'fieldPath')),
    1,
  ),
  column(
    'Source',
    'The component reporting this event. Should be a short machine understandable string.',
    source,
    1,
  ),
  column('Message', 'A human-readable description of the status of this operation.', (e) =>
    str(e['message']).trim(),
  ),
  column(
    'First Seen',
    'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    firstSeen,
    1,
  ),
  // Declared "string" in Kubernetes although the cell is an integer.
  column('Count', 'The number of times this event has occurred.', count, 1),
];
