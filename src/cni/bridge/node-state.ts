import { isNotFound } from '../../kernel/errors.js';
import type { HostKernel } from '../../kernel/types.js';
import type { BridgeConfig } from './config.js';
import type { BridgeState } from './plan.js';

/** What ADD reads from the node before it plugs a pod in. */
export interface NodeState {
  readonly bridge: BridgeState;
  /** net.ipv4.ip_forward, read only when the bridge is a gateway. */
  readonly forwarding?: string;
}

export async function readNodeState(node: HostKernel, conf: BridgeConfig): Promise<NodeState> {
  const [link, addresses, forwarding] = await Promise.all([
    node.getLink(conf.bridge),
    node.listAddresses(conf.bridge).catch((err: unknown) => {
      if (isNotFound(err)) return []; // no bridge yet: getLink says so
      throw err;
    }),
    conf.isGateway ? node.getSysctl('net.ipv4.ip_forward') : Promise.resolve(undefined),
  ]);
  return { bridge: { ...(link && { link }), addresses }, ...(forwarding !== undefined && { forwarding }) };
}

/**
 * The node's side of an ADD (the bridge, its addresses, ip_forward) takes three processes to read
 * and is the same ADD after ADD. The resident CNI server remembers it for a second, so a burst of
 * ADDs reads it once (concurrent ones share the reading) and back-to-back ADDs skip it. An ADD that
 * changes that state, or fails after trusting it, forgets it. The executables keep nothing: they
 * read every time. (The reference checks every ADD too; remembering for a second widens by that
 * much the window, which exists between any two ADDs, in which someone else's change goes unseen.)
 */
export class NodeStateCache {
  private readonly entries = new Map<string, { readonly at: number; readonly state: Promise<NodeState> }>();

  constructor(
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  read(node: HostKernel, conf: BridgeConfig): Promise<NodeState> {
    const key = keyOf(conf);
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.state;
    const state = readNodeState(node, conf);
    this.entries.set(key, { at: this.now(), state });
    state.catch(() => this.forget(conf)); // a failed reading is not remembered
    return state;
  }

  forget(conf: BridgeConfig): void {
    this.entries.delete(keyOf(conf));
  }
}

const keyOf = (conf: BridgeConfig): string => `${conf.bridge}/${conf.isGateway}`;
