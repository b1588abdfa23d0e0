import { FakeApiClient } from '../../client/fake-client.js';
import { memoryEventRecorder } from '../runtime/events.js';
import type { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { SharedInformers } from '../runtime/shared-informers.js';

/**
 * Runs one controller against the in-memory FakeApiClient: seed objects, start, then assert on the
 * fake's objects and writes. `stop()` must be called (afterEach) so no timers outlive the test.
 */
export interface Harness {
  readonly client: FakeApiClient;
  readonly events: string[];
  readonly logs: string[];
  readonly controllers: Controller[];
  stop(): Promise<void>;
}

export async function runController(
  build: (deps: ControllerDeps) => Controller | Controller[],
  seed: (client: FakeApiClient) => void | Promise<void> = () => {},
  extra: Partial<ControllerDeps> = {},
): Promise<Harness> {
  const client = new FakeApiClient();
  await seed(client);
  const logs: string[] = [];
  const log = (line: string): void => void logs.push(line);
  const recorder = memoryEventRecorder();
  const informers = new SharedInformers(client, log);
  let sequence = 0;
  const deps: ControllerDeps = {
    client,
    informers,
    events: recorder,
    log,
    random: () => (sequence++ % 27) / 27,
    ...extra,
  };
  const built = build(deps);
  const controllers = Array.isArray(built) ? built : [built];
  await informers.start();
  const running = controllers.map((c) => c.run());
  return {
    client,
    events: recorder.events,
    logs,
    controllers,
    async stop() {
      controllers.forEach((c) => c.stop());
      await Promise.all(running);
      await informers.stop();
    },
  };
}
