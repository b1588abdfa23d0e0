#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startCniFastPath } from './fast-path.js';

/**
 * The CNI server on its own, for tests and benchmarks (flatnet-node runs it in-process): run it
 * inside a node's network namespace; it installs forwarding shims into --bin-dir, prints
 * `{"event":"listening","port":N}`, then one JSON line per call or refusal; SIGTERM stops it.
 */
const { values } = parseArgs({
  options: { 'bin-dir': { type: 'string' }, 'token-file': { type: 'string' } },
});
const binDir = values['bin-dir'];
const tokenFile = values['token-file'];
if (!binDir || !tokenFile) {
  process.stderr.write('usage: main.js --bin-dir DIR --token-file FILE\n');
  process.exit(2);
}
const print = (line: object): void => void process.stdout.write(JSON.stringify(line) + '\n');
const server = await startCniFastPath({
  binDir,
  tokenFile,
  onEvent: ({ kind, ...fields }) => print({ event: kind, ...fields }),
});
print({ event: 'listening', port: server.port });
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
