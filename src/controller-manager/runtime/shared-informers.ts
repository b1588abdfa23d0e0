import type { ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import { kindId, type ResourceKind } from '../../client/kinds.js';
import type { KubeObject } from '../../client/types.js';
import type { Logger } from './controller.js';

/**
 * One cluster-wide informer per kind, shared by every controller that reads the kind (client-go's
 * SharedInformerFactory): one list+watch per kind however many controllers there are.
 */
export class SharedInformers {
  private readonly informers = new Map<string, Informer<KubeObject>>();

  constructor(
    private readonly client: ApiClient,
    private readonly log: Logger,
  ) {}

  for<T extends KubeObject>(kind: ResourceKind): Informer<T> {
    let informer = this.informers.get(kindId(kind));
    if (!informer) {
      informer = new Informer<KubeObject>(this.client, kind, { log: this.log });
      this.informers.set(kindId(kind), informer);
    }
    return informer as unknown as Informer<T>;
  }

  async start(): Promise<void> {
    for (const informer of this.informers.values()) informer.start();
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
