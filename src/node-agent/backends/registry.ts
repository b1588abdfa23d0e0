import { InvalidInputError } from '../../lib/errors.js';
import type { Backend, BackendType } from './backend.js';
import { hostGwBackend } from './host-gw/host-gw.js';
import { vxlanBackend, type VxlanConfig } from './vxlan/vxlan.js';

/**
 * The explicit backend registry. flannel registers backends from each package's init(); here the
 * composition root (src/node/main.ts) asks for one by name, so importing a backend has no effect.
 */

export interface BackendOptions {
  readonly vxlan?: VxlanConfig;
}

const BACKENDS: Readonly<Record<BackendType, (options: BackendOptions) => Backend>> = {
  'host-gw': () => hostGwBackend(),
  vxlan: (options) => vxlanBackend(options.vxlan),
};

export const BACKEND_TYPES = Object.keys(BACKENDS) as BackendType[];
export const DEFAULT_BACKEND: BackendType = 'vxlan';

export const isBackendType = (name: unknown): name is BackendType =>
  typeof name === 'string' && Object.hasOwn(BACKENDS, name);

export function createBackend(name: string, options: BackendOptions = {}): Backend {
  if (!isBackendType(name)) {
    throw new InvalidInputError(`unknown backend "${name}" (use ${BACKEND_TYPES.join(' or ')})`);
  }
  return BACKENDS[name](options);
}
