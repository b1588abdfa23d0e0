import type { KubeObject, TableColumn } from '../types.js';
import { at, int } from '../json.js';
import { ageColumn, column, formatLabels, formatSelector, intColumn, templateColumns } from './format.js';
import { fromLabelSelector, selectorString } from '../../machinery/selectors/label-selector.js';
import type { LabelSelectorObject } from '../../machinery/selectors/label-selector.js';

/**
 * `kubectl get deployments|replicasets|daemonsets`: printDeployment, printReplicaSet and
 * printDaemonSet in kubernetes pkg/printers/internalversion/printers.go (1.32).
 */

const templateSpec = (o: KubeObject): unknown => at(o, 'spec', 'template', 'spec');
const status = (o: KubeObject, key: string): number => int(at(o, 'status', key));

/** Deployments print selector.String() directly: "" for an empty selector, "<invalid>" when broken. */
function deploymentSelector(o: KubeObject): string {
  try {
    return selectorString(fromLabelSelector(at(o, 'spec', 'selector') as LabelSelectorObject | undefined));
  } catch {
    return '<invalid>';
  }
}

const selectorColumn = (cell: (o: KubeObject) => string): TableColumn =>
  column(
    'Selector',
    'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    cell,
    1,
  );

export const deploymentColumns: readonly TableColumn[] = [
  column(
    'Ready',
    'Number of the pod with ready state',
    (o) => `${status(o, 'readyReplicas')}/${int(at(o, 'spec', 'replicas'))}`,
  ),
  // Declared "string" in Kubernetes although the cells are integers.
  column(
    'Up-to-date',
    'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    (o) => status(o, 'updatedReplicas'),
  ),
  column(
    'Available',
    'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    (o) => status(o, 'availableReplicas'),
  ),
  ageColumn,
  ...templateColumns(templateSpec),
  selectorColumn(deploymentSelector),
];

export const replicaSetColumns: readonly TableColumn[] = [
  intColumn('Desired', 'Replicas is the number of desired replicas.', (o) => int(at(o, 'spec', 'replicas'))),
  intColumn('Current', 'Replicas is the most recently observed number of replicas.', (o) =>
    status(o, 'replicas'),
  ),
  intColumn('Ready', 'The number of ready replicas for this replica set.', (o) => status(o, 'readyReplicas')),
  ageColumn,
  ...templateColumns(templateSpec),
  selectorColumn((o) => formatSelector(at(o, 'spec', 'selector'))),
];

export const daemonSetColumns: readonly TableColumn[] = [
  intColumn('Desired', 'The total number of nodes that should be running the daemon pod.', (o) =>
    status(o, 'desiredNumberScheduled'),
  ),
  intColumn(
    'Current',
    'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    (o) => status(o, 'currentNumberScheduled'),
  ),
  intColumn(
    'Ready',
    'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    (o) => status(o, 'numberReady'),
  ),
  intColumn('Up-to-date', 'The total number of nodes that are running updated daemon pod', (o) =>
    status(o, 'updatedNumberScheduled'),
  ),
  intColumn(
    'Available',
    'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    (o) => status(o, 'numberAvailable'),
  ),
  column(
    'Node Selector',
    'NodeSelector is a selector which must be true for the pod to fit on a node.',
    (o) => formatLabels(at(o, 'spec', 'template', 'spec', 'nodeSelector')),
  ),
  ageColumn,
  ...templateColumns(templateSpec),
  selectorColumn((o) => formatSelector(at(o, 'spec', 'selector'))),
];
