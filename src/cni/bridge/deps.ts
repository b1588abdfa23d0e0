import { InvalidInputError } from '../../lib/errors.js';
import type { HostKernel } from '../../kernel/types.js';
import type { DelegateRunner } from '../spec/delegate.js';
import type { CniEnv } from '../spec/env.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import type { NetnsInspector } from '../spec/netns.js';
import type { NodeStateCache } from './node-state.js';

/** What flatnet-bridge needs from the world; main.ts builds the real ones, tests the fakes. */
export interface BridgeDeps {
  /** The namespace the plugin runs in: the node (SPEC.md: "in the runtime's networking domain"). */
  readonly node: HostKernel;
  /** The container's namespace from CNI_NETNS (a /run/netns path or any other nsfs path). */
  openNetns(path: string): HostKernel;
  readonly inspectNetns: NetnsInspector;
  /** The delegated IPAM plugin, run with this invocation's environment. */
  delegate(env: CniEnv): DelegateRunner;
  log(line: string): void;
  /** The node's state remembered across calls (the resident server only; see node-state.ts). */
  readonly nodeState?: NodeStateCache;
}

/**
 * ADD/CHECK: CNI_NETNS must be an existing network namespace other than ours. A missing one is
 * code 3 ("Container unknown or does not exist ... the runtime does not need to perform any
 * container network cleanup"), which holds because nothing has been done yet; the reference
 * bridge reports "failed to open netns" there, as code 999.
 */
export async function openContainer(path: string, deps: BridgeDeps): Promise<HostKernel> {
  if (!path.startsWith('/'))
    throw new CniError(CNI_CODE.INVALID_ENV, `CNI_NETNS "${path}" is no absolute path`);
  const state = await deps.inspectNetns(path);
  if (state === 'missing')
    throw new CniError(CNI_CODE.UNKNOWN_CONTAINER, `failed to open netns "${path}"`, 'no such file');
  if (state === 'not-netns')
    throw new CniError(CNI_CODE.INVALID_ENV, `CNI_NETNS "${path}" is not a network namespace`);
  if (state === 'own') {
    throw new CniError(
      CNI_CODE.INVALID_ENV,
      "plugin's netns and netns from CNI_NETNS should not be the same",
    );
  }
  try {
    return deps.openNetns(path);
  } catch (err) {
    if (err instanceof InvalidInputError)
      throw new CniError(CNI_CODE.INVALID_ENV, `invalid CNI_NETNS "${path}"`);
    throw err;
  }
}

/** DEL: the container side is best-effort; undefined when there is no usable namespace. */
export async function openContainerIfAny(path: string, deps: BridgeDeps): Promise<HostKernel | undefined> {
  if (path === '') return undefined;
  try {
    return await openContainer(path, deps);
  } catch (err) {
    if (err instanceof CniError) return undefined;
    throw err;
  }
}
