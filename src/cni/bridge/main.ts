#!/usr/bin/env node
import { BRIDGE_PLUGIN } from '../plugin-names.js';
import { realPluginRunner } from '../real-plugins.js';
import { runExecutable } from '../spec/process-io.js';

/**
 * The flatnet-bridge executable: the composition root, a thin wrapper over `runPlugin` (the same
 * code the resident CNI server runs). The runtime runs it in the node's network namespace.
 */
await runExecutable(BRIDGE_PLUGIN, realPluginRunner());
