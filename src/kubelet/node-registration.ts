import type { ApiClient } from '../client/api-client.js';
import { isAlreadyExists } from '../client/errors.js';
import { KINDS } from '../client/kinds.js';
import type { KubeObject } from '../client/types.js';
import { nodeManifest, nodeStatus, type NodeIdentity } from './node-object.js';

/**
 * Registers the Node and posts its status on a heartbeat (Kubernetes: every 10 s), so the
 * scheduler sees it Ready. Registration tolerates an existing Node (a kubelet restart).
 */
export class NodeRegistration {
  private readonly since: Date;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly id: NodeIdentity,
    private readonly readiness: () => { ok: boolean; message: string },
    private readonly now: () => Date,
    private readonly log: (line: string) => void,
  ) {
    this.since = now();
  }

  async start(heartbeatMs = 10_000): Promise<void> {
    try {
      await this.client.create(KINDS.node, nodeManifest(this.id) as unknown as KubeObject);
      this.log(`registered node ${this.id.name} (${this.id.internalIp})`);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    // A failed first heartbeat (the API busy or racing another writer) is retried by the timer below.
    await this.heartbeat().catch((err: unknown) => this.log(`node status: ${(err as Error).message}`));
    this.timer = setInterval(
      () => void this.heartbeat().catch((err: unknown) => this.log(`node status: ${(err as Error).message}`)),
      heartbeatMs,
    );
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async heartbeat(): Promise<void> {
    const status = nodeStatus(this.id, this.now(), this.readiness(), this.since);
    await this.client.patch(KINDS.node, undefined, this.id.name, { status }, { subresource: 'status' });
  }
}
