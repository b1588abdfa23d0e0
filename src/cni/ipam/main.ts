#!/usr/bin/env node
import { IPAM_PLUGIN } from '../plugin-names.js';
import { realPluginRunner } from '../real-plugins.js';
import { runExecutable } from '../spec/process-io.js';

/** The flatnet-ipam executable: the composition root, a thin wrapper over `runPlugin` (see bridge/main.ts). */
await runExecutable(IPAM_PLUGIN, realPluginRunner());
