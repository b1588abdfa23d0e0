#!/usr/bin/env node
import { RealKernel } from '../../kernel/real/real-kernel.js';
import { delegateRunner } from '../spec/delegate.js';
import { inspectNetns } from '../spec/netns.js';
import { processIo } from '../spec/process-io.js';
import { runPlugin } from '../spec/plugin-main.js';
import { bridgePlugin } from './plugin.js';

/**
 * The flatnet-bridge executable: the composition root. The runtime runs it in the node's network
 * namespace, so `host(null)` is the node; the container is reached through CNI_NETNS.
 */
const kernel = new RealKernel();
const plugin = bridgePlugin({
  node: kernel.host(null),
  openNetns: (path) => kernel.hostAtPath(path),
  inspectNetns,
  delegate: (env) => delegateRunner(env),
  log: (line) => process.stderr.write(line),
});
process.exitCode = await runPlugin(plugin, processIo());
