import type { KubeObject, TableColumn } from '../types.js';
import { byBytes, recs, str, strMap } from '../json.js';
import { formatLabelSelector } from '../../machinery/selectors/label-selector.js';
import type { LabelSelectorObject } from '../../machinery/selectors/label-selector.js';

/**
 * Cell formatting shared by the printers, after kubernetes pkg/printers/internalversion/printers.go
 * (Kubernetes 1.32) and k8s.io/apimachinery/pkg/util/duration.
 *
 * The server always prints tables with `Wide: true` (pkg/printers/storage TableConvertor), so no
 * cell here is ever truncated the way client-side `kubectl get` narrows LoadBalancer addresses.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * duration.HumanDuration: "45s", "5m30s", "95m", "3h20m", "20h", "3d4h", "30d", "2y100d", "9y".
 * Up to 2 seconds in the future still reads as "0s" (clock skew); further is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

/** translateTimestampSince: "<unknown>" for a missing (zero) timestamp. */
export function since(timestamp: unknown, now: Date): string {
  const ms = typeof timestamp === 'string' && timestamp !== '' ? Date.parse(timestamp) : NaN;
  return Number.isNaN(ms) ? '<unknown>' : humanDuration(now.getTime() - ms);
}

/** labels.FormatLabels: `a=b,c=d` sorted by key, "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  const map = strMap(labels);
  const keys = Object.keys(map).sort(byBytes);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${map[k]}`).join(',');
}

/** metav1.FormatLabelSelector: "<none>" for an empty or missing selector, "<error>" when invalid. */
export const formatSelector = (selector: unknown): string =>
  formatLabelSelector(selector as LabelSelectorObject | null | undefined);

/** listWithMoreString: at most three entries, then " + N more...", "<unset>" when empty. */
export function listWithMore(all: readonly string[], max = 3): string {
  if (all.length > max) return `${all.slice(0, max).join(',')} + ${all.length - max} more...`;
  return all.length === 0 ? '<unset>' : all.join(',');
}

/** layoutContainerCells: container names and images, comma-separated, in spec order. */
export function containerCells(podSpec: unknown): { names: string; images: string } {
  const containers = recs((podSpec as { containers?: unknown } | undefined)?.containers);
  return {
    names: containers.map((c) => str(c['name'])).join(','),
    images: containers.map((c) => str(c['image'])).join(','),
  };
}

/** metav1.ObjectMeta's creationTimestamp documentation, the description of every Age column. */
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description: AGE_DESCRIPTION,
  priority: 0,
  cell: (obj, now) => since(obj.metadata?.creationTimestamp, now),
};

type Cell = (obj: KubeObject, now: Date) => string | number | boolean;

/** A string-typed column, the most common kind. */
export const column = (name: string, description: string, cell: Cell, priority: 0 | 1 = 0): TableColumn => ({
  name,
  type: 'string',
  description,
  priority,
  cell,
});

/** An integer-typed column. */
export const intColumn = (name: string, description: string, cell: Cell): TableColumn => ({
  name,
  type: 'integer',
  description,
  priority: 0,
  cell,
});

/** The wide-only Containers / Images columns every workload printer appends. */
export function templateColumns(podSpecOf: (obj: KubeObject) => unknown): TableColumn[] {
  return [
    column(
      'Containers',
      'Names of each container in the template.',
      (o) => containerCells(podSpecOf(o)).names,
      1,
    ),
    column(
      'Images',
      'Images referenced by each container in the template.',
      (o) => containerCells(podSpecOf(o)).images,
      1,
    ),
  ];
}
