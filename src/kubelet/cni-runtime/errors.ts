import { FlatnetError } from '../../lib/errors.js';
import type { CniCommand } from './types.js';

/** Spec error codes the runtime itself uses (SPEC.md "Error"). */
export const CNI_CODE = {
  unknown: 0,
  incompatibleVersion: 1,
  unknownContainer: 3,
  invalidEnv: 4,
  io: 5,
  decode: 6,
  invalidConfig: 7,
} as const;

/**
 * Stable codes for the kubelet to branch on:
 * - ECNI_PLUGIN: a plugin ran and reported an error (its `{code, msg, details}` are kept);
 * - ECNI_EXEC: a plugin is missing, could not run, or printed something that is not CNI JSON;
 * - ECNI_CONFIG: no usable network configuration (the node's network is not ready);
 * - ECNI_VERSION: no spec version that the runtime and a plugin both speak;
 * - ECNI_INPUT: the caller's attachment (container ID, interface name, CNI_ARGS) is invalid;
 * - ECNI_STATE: the operation needs state that is missing (CHECK without a cached ADD);
 * - ECNI_GC: garbage collection finished with errors (`errors` lists them).
 */
export type CniErrorCode =
  'ECNI_PLUGIN' | 'ECNI_EXEC' | 'ECNI_CONFIG' | 'ECNI_VERSION' | 'ECNI_INPUT' | 'ECNI_STATE' | 'ECNI_GC';

export interface CniErrorInit {
  /** The spec's numeric code (plugin-reported, or the runtime's own choice from CNI_CODE). */
  readonly cniCode: number;
  readonly msg: string;
  readonly details?: string;
  /** The plugin `type` that failed, when a plugin was involved. */
  readonly plugin?: string;
  readonly command?: CniCommand;
  readonly errors?: readonly Error[];
}

export class CniError extends FlatnetError {
  declare readonly code: CniErrorCode;
  readonly cniCode: number;
  readonly msg: string;
  readonly details: string;
  readonly plugin: string | undefined;
  readonly command: CniCommand | undefined;
  readonly errors: readonly Error[];

  constructor(code: CniErrorCode, init: CniErrorInit, options?: { cause?: unknown }) {
    super(code, describe(init), options);
    this.cniCode = init.cniCode;
    this.msg = init.msg;
    this.details = init.details ?? '';
    this.plugin = init.plugin;
    this.command = init.command;
    this.errors = init.errors ?? [];
  }
}

// libcni's wording: `plugin type="bridge" failed (add): <msg>; <details>`.
function describe(init: CniErrorInit): string {
  const what = init.details ? `${init.msg}; ${init.details}` : init.msg;
  if (!init.plugin) return what;
  const op = init.command ? ` (${init.command.toLowerCase()})` : '';
  return `plugin type=${JSON.stringify(init.plugin)} failed${op}: ${what}`;
}

export const isCniError = (err: unknown): err is CniError => err instanceof CniError;

/** The network is not ready: no configuration, a broken one, a missing plugin, or no common version. */
export const isNetworkNotReady = (err: unknown): boolean =>
  isCniError(err) && ['ECNI_CONFIG', 'ECNI_VERSION', 'ECNI_EXEC'].includes(err.code);

export function configError(msg: string, details?: string, cause?: unknown): CniError {
  return new CniError(
    'ECNI_CONFIG',
    { cniCode: CNI_CODE.invalidConfig, msg, ...(details ? { details } : {}) },
    { cause },
  );
}

export function inputError(msg: string, details: string): CniError {
  return new CniError('ECNI_INPUT', { cniCode: CNI_CODE.invalidEnv, msg, details });
}
