import { parseArgs } from 'node:util';
import { errorMessage } from '../lib/errors.js';
import { DEFAULT_CLUSTER_CIDR, DEFAULT_NODE_CIDR_MASK_SIZE, startControllers } from './manager.js';

/**
 * `flatnet-controller-manager`: the process `flatnet up` starts in the lab's control host.
 *   --kubeconfig PATH             how to reach the API server (required)
 *   --cluster-cidr CIDR           pod network, cut into node subnets (default 10.244.0.0/16)
 *   --node-cidr-mask-size N       prefix length of each node's subnet (default 24)
 *   --controllers a,b             run only these (default: all; see manager.ts CONTROLLERS)
 * One log line per action on stderr; SIGTERM/SIGINT stop the controllers and exit 0.
 */

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

function fail(message: string): never {
  process.stderr.write(`flatnet-controller-manager: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      'cluster-cidr': { type: 'string', default: DEFAULT_CLUSTER_CIDR },
      'node-cidr-mask-size': { type: 'string', default: String(DEFAULT_NODE_CIDR_MASK_SIZE) },
      controllers: { type: 'string' },
    },
  }));
} catch (err) {
  fail(errorMessage(err));
}
if (!values.kubeconfig) fail('--kubeconfig is required');
const maskSize = Number(values['node-cidr-mask-size']);
if (!Number.isInteger(maskSize))
  fail(`--node-cidr-mask-size must be an integer, not "${values['node-cidr-mask-size']}"`);

let running: Awaited<ReturnType<typeof startControllers>> | undefined;
const stop = (signal: string): void => {
  log(`controller-manager: ${signal}, stopping`);
  setTimeout(() => process.exit(0), 5000).unref();
  void (running?.stop() ?? Promise.resolve()).then(() => process.exit(0));
};
// Installed before connecting: the API server may not answer yet, and SIGTERM must still work.
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));

try {
  running = await startControllers(values.kubeconfig, {
    clusterCidr: values['cluster-cidr'],
    nodeCidrMaskSize: maskSize,
    log,
    ...(values.controllers ? { controllers: values.controllers.split(',').map((c) => c.trim()) } : {}),
  });
} catch (err) {
  fail(errorMessage(err));
}
