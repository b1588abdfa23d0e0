#!/usr/bin/env node
import { processIo } from '../spec/process-io.js';
import { runPlugin } from '../spec/plugin-main.js';
import { DiskStore } from './disk-store.js';
import { ipamPlugin } from './plugin.js';

/** The flatnet-ipam executable: the composition root, wiring the disk store into the plugin. */
const plugin = ipamPlugin({
  openStore: (conf) => new DiskStore(conf.dataDir, conf.network),
  log: (line) => process.stderr.write(line),
});
process.exitCode = await runPlugin(plugin, processIo());
