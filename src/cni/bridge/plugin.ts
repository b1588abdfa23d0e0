import type { Plugin } from '../spec/plugin-main.js';
import { bridgeAdd } from './add.js';
import { bridgeCheck } from './check.js';
import { parseBridgeConfig, type BridgeConfig } from './config.js';
import { bridgeDel } from './del.js';
import type { BridgeDeps } from './deps.js';

/**
 * flatnet-bridge. GC and STATUS only delegate: SPEC.md "Plugins MUST ... forward any GC calls to
 * delegated plugins", and STATUS "must also execute a STATUS request" to them. (The bridge itself
 * holds no per-attachment state that survives the pods' namespaces except masquerade elements,
 * which DEL removes.)
 */
export function bridgePlugin(deps: BridgeDeps): Plugin<BridgeConfig> {
  return {
    about: 'flatnet-bridge: pods on a Linux bridge through veth pairs (CNI 0.3.0-1.1.0)',
    parse: parseBridgeConfig,
    add: (req) => bridgeAdd(req, deps),
    del: (req) => bridgeDel(req, deps),
    check: (req) => bridgeCheck(req, deps),
    gc: async (req) => {
      await deps.delegate(req.env)(req.conf.ipamType, 'GC', req.stdin);
    },
    status: async (req) => {
      await deps.delegate(req.env)(req.conf.ipamType, 'STATUS', req.stdin);
    },
  };
}
