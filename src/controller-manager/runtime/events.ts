import type { ApiClient } from '../../client/api-client.js';
import { KINDS } from '../../client/kinds.js';
import type { KubeObject } from '../../client/types.js';
import { errorMessage } from '../../lib/errors.js';
import { timestamp } from './conditions.js';
import type { Logger } from './controller.js';

/**
 * core/v1 Events, as client-go's EventRecorder writes them (`kubectl describe` shows them), plus
 * one log line per event: every controller action worth an event is worth a log line.
 * Events of cluster-scoped objects (Nodes) go to the `default` namespace, as in Kubernetes.
 */

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

export function apiEventRecorder(client: ApiClient, component: string, log: Logger): EventRecorder {
  return {
    event(obj, type, reason, message) {
      const { name = '', namespace, uid, resourceVersion } = obj.metadata;
      log(`${component}: ${reason} ${obj.kind ?? ''} ${namespace ? `${namespace}/` : ''}${name}: ${message}`);
      const now = new Date();
      const event: KubeObject = {
        metadata: { name: `${name}.${eventSuffix(now)}`, namespace: namespace ?? 'default' },
        involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name, namespace, uid, resourceVersion },
        reason,
        message,
        type,
        source: { component },
        reportingComponent: component,
        reportingInstance: component,
        firstTimestamp: timestamp(now),
        lastTimestamp: timestamp(now),
        count: 1,
      };
      client
        .create(KINDS.event, event)
        .catch((err: unknown) => log(`${component}: event ${reason} not recorded: ${errorMessage(err)}`));
    },
  };
}

/** client-go names events `<object>.<unix nanoseconds in hex>`; we have milliseconds, so add noise. */
const eventSuffix = (now: Date): string =>
  (BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16);

/** Keeps events in memory (unit tests). */
export function memoryEventRecorder(): EventRecorder & { readonly events: string[] } {
  const events: string[] = [];
  return {
    events,
    event: (obj, type, reason, message) =>
      events.push(`${type} ${reason} ${obj.metadata.name ?? ''}: ${message}`),
  };
}
