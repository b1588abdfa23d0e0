import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HttpApiClient } from '../client/http-client.js';
import { loadKubeConfig } from '../client/kubeconfig.js';
import { kubeTransport } from '../client/transport.js';
import { RealKernel } from '../kernel/index.js';
import { startCniFastPath } from '../cni/server/fast-path.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { NodeAgent } from '../node-agent/agent.js';
import { createBackend, DEFAULT_BACKEND } from '../node-agent/backends/registry.js';
import { apiEventSink } from '../node-agent/events.js';
import { findExternalInterface } from '../node-agent/external-interface.js';
import { AGENT_COMPONENT, DEFAULT_CLUSTER_CIDR } from '../node-agent/names.js';
import { errorMessage } from '../lib/errors.js';

/**
 * `flatnet-node`: everything flatnet runs on one node, in that node's network namespace (in the lab,
 * `flatnet up` starts it inside each node host; on a real host it runs in the host's namespace).
 * Today: the kubelet (with our CNI plugins installed into its bin dir) and the node agent (subnet
 * lease, cross-node backend, egress SNAT). The pod MTU is the backend's (underlay minus
 * encapsulation) unless --mtu overrides it. The service proxy joins here.
 */

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    'node-name': { type: 'string' },
    'node-ip': { type: 'string' },
    root: { type: 'string' },
    'netns-prefix': { type: 'string', default: 'flatnet-pod-' },
    'cni-bin-dir': { type: 'string', multiple: true },
    mtu: { type: 'string' },
    'cni-plugins': { type: 'string', default: 'flatnet' },
    backend: { type: 'string', default: DEFAULT_BACKEND },
    'direct-routing': { type: 'boolean', default: false },
    'cluster-cidr': { type: 'string', default: DEFAULT_CLUSTER_CIDR },
  },
});

function required(name: 'kubeconfig' | 'node-name' | 'node-ip' | 'root'): string {
  const value = values[name];
  if (!value) {
    process.stderr.write(`flatnet-node: --${name} is required\n`);
    process.exit(2);
  }
  return value;
}

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

async function osImage(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? 'Linux';
}

function fail(message: string): never {
  process.stderr.write(`flatnet-node: ${message}\n`);
  process.exit(2);
}

const root = required('root');
const ownBin = join(root, 'cni', 'bin');
// Our CNI plugins' fast path: shims in ownBin forward their calls to this process (src/cni/README.md).
const tokenFile = join(root, 'cni', 'server.credentials');
const cni = await startCniFastPath({ binDir: ownBin, tokenFile, log });
const client = new HttpApiClient(await kubeTransport(loadKubeConfig(required('kubeconfig'))));
const kernel = new RealKernel();
// The process runs inside its node's namespace: host(null) is that node's kernel.
const host = kernel.host(null);
async function nodeAgent(): Promise<NodeAgent> {
  const backend = createBackend(values.backend, { vxlan: { directRouting: values['direct-routing'] } });
  const ext = await findExternalInterface(host, required('node-ip'));
  const events = apiEventSink(client, AGENT_COMPONENT, required('node-name'), log);
  return new NodeAgent(
    { nodeName: required('node-name'), clusterCidr: values['cluster-cidr'] },
    { client, host, backend, ext, events, log },
  );
}
const agent = await nodeAgent().catch((err: unknown) => fail(errorMessage(err)));
const kubelet = new Kubelet(
  {
    nodeName: required('node-name'),
    nodeIp: required('node-ip'),
    osImage: await osImage(),
    root,
    cniBinDirs: [ownBin, ...(values['cni-bin-dir'] ?? ['/usr/lib/cni', '/opt/cni/bin'])],
    netnsPrefix: values['netns-prefix'],
    mtu: values.mtu === undefined ? agent.mtu : Number(values.mtu),
    cniPlugins: values['cni-plugins'] === 'reference' ? 'reference' : 'flatnet',
  },
  { client, kernel, log },
);
await kubelet.start();
agent.start();
log(`flatnet-node ${values['node-name']} started`);

const stop = (): void => {
  log('shutting down (pods and their network keep running)');
  void Promise.all([kubelet.stop(), agent.stop()])
    .then(() => cni.close())
    .then(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
