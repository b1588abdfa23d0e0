import type { ApiClient } from '../../client/api-client.js';
import type { Logger } from './controller.js';
import type { EventRecorder } from './events.js';
import type { Random } from './names.js';
import type { SharedInformers } from './shared-informers.js';

/** What every controller receives from the composition root (manager.ts) or from a unit test. */
export interface ControllerDeps {
  readonly client: ApiClient;
  readonly informers: SharedInformers;
  readonly events: EventRecorder;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly random?: Random;
}
