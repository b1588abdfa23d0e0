import type { ApiClient } from '../client/api-client.js';
import { KINDS } from '../client/kinds.js';
import type { KubeObject } from '../client/types.js';
import { errorMessage } from '../lib/errors.js';
import type { Problem } from './desired.js';

/**
 * Problems reach the operator twice: one log line and one Warning Event (core/v1, as client-go's
 * recorder writes it: Node events live in `default`) each time a problem appears or changes, and a
 * log line when it clears. A resync every few seconds therefore never floods either.
 */

export interface EventSink {
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export function apiEventSink(
  client: ApiClient,
  component: string,
  host: string,
  log: (l: string) => void,
): EventSink {
  return {
    event(obj, type, reason, message) {
      const { name = '', uid, resourceVersion } = obj.metadata;
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const event: KubeObject = {
        metadata: { generateName: `${name}.`, namespace: 'default' },
        involvedObject: { apiVersion: 'v1', kind: 'Node', name, uid, resourceVersion },
        reason,
        message,
        type,
        source: { component, host },
        reportingComponent: component,
        reportingInstance: `${component}-${host}`,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      };
      client
        .create(KINDS.event, event)
        .catch((err: unknown) => log(`event ${reason} not recorded: ${errorMessage(err)}`));
    },
  };
}

export class ProblemReporter {
  private readonly reported = new Map<string, string>();

  constructor(
    private readonly events: EventSink | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** `nodeObject` finds the Node an event is about (local problems go on this node's own Node). */
  report(
    problems: readonly Problem[],
    nodeObject: (name: string) => KubeObject | undefined,
    local: string,
  ): void {
    const now = new Map(problems.map((p) => [`${p.node} ${p.reason}`, p]));
    for (const [key, problem] of now) {
      if (this.reported.get(key) === problem.message) continue;
      this.reported.set(key, problem.message);
      this.log(`${problem.pending ? 'waiting' : 'skipping'}: ${problem.message}`);
      const target = nodeObject(problem.about === 'local' ? local : problem.node);
      if (!problem.pending && target) this.events?.event(target, 'Warning', problem.reason, problem.message);
    }
    for (const key of [...this.reported.keys()].filter((k) => !now.has(k))) {
      this.log(`resolved: ${this.reported.get(key)}`);
      this.reported.delete(key);
    }
  }
}
