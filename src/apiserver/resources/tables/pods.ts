import type { KubeObject, TableColumn } from '../types.js';
import { at, int, rec, recs, str } from '../json.js';
import type { Json } from '../json.js';
import { ageColumn, column, humanDuration } from './format.js';

/**
 * `kubectl get pods`: printPod in kubernetes pkg/printers/internalversion/printers.go (1.32).
 * READY counts ready running containers (plus started restartable init containers), STATUS is the
 * phase refined by container states, RESTARTS shows when the last restart happened.
 */

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** Milliseconds since epoch of the latest lastState.terminated.finishedAt among counted containers. */
  lastRestart: number;
}

const isRestartableInit = (c: Json | undefined): boolean => str(c?.['restartPolicy']) === 'Always';

const conditionTrue = (pod: KubeObject, type: string): boolean =>
  recs(at(pod, 'status', 'conditions')).some((c) => c['type'] === type && c['status'] === 'True');

function finishedAt(status: Json): number {
  const t = Date.parse(str(at(status, 'lastState', 'terminated', 'finishedAt')));
  return Number.isNaN(t) ? 0 : t;
}

/** The reason a terminated container shows: its reason, else Signal:N or ExitCode:N. */
function terminatedReason(terminated: Json, prefix: string): string {
  const reason = str(terminated['reason']);
  if (reason !== '') return prefix + reason;
  const signal = int(terminated['signal']);
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${int(terminated['exitCode'])}`;
}

function initialReason(pod: KubeObject): string {
  let reason = str(at(pod, 'status', 'reason')) || str(at(pod, 'status', 'phase'));
  for (const c of recs(at(pod, 'status', 'conditions'))) {
    if (c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated') reason = 'SchedulingGated';
  }
  return reason;
}

/** Walks init container statuses; returns true while the pod is still initializing. */
function scanInitContainers(
  pod: KubeObject,
  s: PodSummary,
  restartable: { restarts: number; last: number },
): boolean {
  const initSpecs = recs(at(pod, 'spec', 'initContainers'));
  const specs = new Map(initSpecs.map((c) => [str(c['name']), c]));
  const statuses = recs(at(pod, 'status', 'initContainerStatuses'));
  for (const [i, status] of statuses.entries()) {
    const restartCount = int(status['restartCount']);
    s.restarts += restartCount;
    s.lastRestart = Math.max(s.lastRestart, finishedAt(status));
    const restartableInit = isRestartableInit(specs.get(str(status['name'])));
    if (restartableInit) {
      restartable.restarts += restartCount;
      restartable.last = Math.max(restartable.last, finishedAt(status));
    }
    const terminated = rec(at(status, 'state', 'terminated'));
    const waitingReason = str(at(status, 'state', 'waiting', 'reason'));
    if (terminated && int(terminated['exitCode']) === 0) continue;
    if (restartableInit && status['started'] === true) {
      if (status['ready'] === true) s.ready++;
      continue;
    }
    if (terminated) s.reason = terminatedReason(terminated, 'Init:');
    else if (waitingReason !== '' && waitingReason !== 'PodInitializing') s.reason = `Init:${waitingReason}`;
    else s.reason = `Init:${i}/${initSpecs.length}`;
    return true;
  }
  return false;
}

/** Walks regular container statuses from the last, as printPod does. */
function scanContainers(pod: KubeObject, s: PodSummary): void {
  let hasRunning = false;
  const statuses = recs(at(pod, 'status', 'containerStatuses'));
  for (const status of [...statuses].reverse()) {
    s.restarts += int(status['restartCount']);
    s.lastRestart = Math.max(s.lastRestart, finishedAt(status));
    const waiting = str(at(status, 'state', 'waiting', 'reason'));
    const terminated = rec(at(status, 'state', 'terminated'));
    if (waiting !== '') s.reason = waiting;
    else if (terminated) s.reason = terminatedReason(terminated, '');
    else if (status['ready'] === true && rec(at(status, 'state', 'running'))) {
      hasRunning = true;
      s.ready++;
    }
  }
  // A pod whose last container completed but another still runs is Running (or NotReady).
  if (s.reason === 'Completed' && hasRunning) s.reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
}

export function summarizePod(pod: KubeObject): PodSummary {
  const initSpecs = recs(at(pod, 'spec', 'initContainers'));
  const total = recs(at(pod, 'spec', 'containers')).length + initSpecs.filter(isRestartableInit).length;
  const s: PodSummary = { ready: 0, total, reason: initialReason(pod), restarts: 0, lastRestart: 0 };
  const restartable = { restarts: 0, last: 0 };
  const initializing = scanInitContainers(pod, s, restartable);
  if (!initializing || conditionTrue(pod, 'Initialized')) {
    s.restarts = restartable.restarts;
    s.lastRestart = restartable.last;
    scanContainers(pod, s);
  }
  const phase = str(at(pod, 'status', 'phase'));
  if (pod.metadata?.deletionTimestamp && str(at(pod, 'status', 'reason')) === 'NodeLost')
    s.reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    s.reason = 'Terminating';
  return s;
}

function restartsCell(pod: KubeObject, now: Date): string {
  const { restarts, lastRestart } = summarizePod(pod);
  if (restarts === 0 || lastRestart === 0) return String(restarts);
  return `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
}

const orNone = (text: string): string => (text === '' ? '<none>' : text);

function readinessGates(pod: KubeObject): string {
  const gates = recs(at(pod, 'spec', 'readinessGates'));
  if (gates.length === 0) return '<none>';
  const conditions = recs(at(pod, 'status', 'conditions'));
  const passed = gates.filter(
    (g) => conditions.find((c) => c['type'] === g['conditionType'])?.['status'] === 'True',
  );
  return `${passed.length}/${gates.length}`;
}

export const podColumns: readonly TableColumn[] = [
  column('Ready', 'The aggregate readiness state of this pod for accepting traffic.', (p) => {
    const s = summarizePod(p);
    return `${s.ready}/${s.total}`;
  }),
  column('Status', 'The aggregate status of the containers in this pod.', (p) => summarizePod(p).reason),
  column(
    'Restarts',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    restartsCell,
  ),
  ageColumn,
  column(
    'IP',
    'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    // status.podIPs[0] as printPod reads it; status.podIP for writers that only set the legacy field.
    (p) => orNone(str(recs(at(p, 'status', 'podIPs'))[0]?.['ip']) || str(at(p, 'status', 'podIP'))),
    1,
  ),
  column(
    'Node',
    'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.',
    (p) => orNone(str(at(p, 'spec', 'nodeName'))),
    1,
  ),
  column(
    'Nominated Node',
    'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
    (p) => orNone(str(at(p, 'status', 'nominatedNodeName'))),
    1,
  ),
  column(
    'Readiness Gates',
    'If specified, all readiness gates will be evaluated for pod readiness.',
    readinessGates,
    1,
  ),
];
