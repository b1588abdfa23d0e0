import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HttpApiClient } from '../client/http-client.js';
import { loadKubeConfig } from '../client/kubeconfig.js';
import { kubeTransport } from '../client/transport.js';
import { RealKernel } from '../kernel/index.js';
import { installPlugins } from '../cni/install.js';
import { Kubelet } from '../kubelet/kubelet.js';

/**
 * `flatnet-node`: everything flatnet runs on one node, in that node's network namespace (in the lab,
 * `flatnet up` starts it inside each node host; on a real host it runs in the host's namespace).
 * Today: the kubelet (with our CNI plugins installed into its bin dir). The node agent and the
 * service proxy join here.
 */

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    'node-name': { type: 'string' },
    'node-ip': { type: 'string' },
    root: { type: 'string' },
    'netns-prefix': { type: 'string', default: 'flatnet-pod-' },
    'cni-bin-dir': { type: 'string', multiple: true },
    mtu: { type: 'string', default: '1500' },
    'cni-plugins': { type: 'string', default: 'flatnet' },
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

const root = required('root');
const ownBin = join(root, 'cni', 'bin');
await installPlugins(ownBin);
const client = new HttpApiClient(await kubeTransport(loadKubeConfig(required('kubeconfig'))));
const kubelet = new Kubelet(
  {
    nodeName: required('node-name'),
    nodeIp: required('node-ip'),
    osImage: await osImage(),
    root,
    cniBinDirs: [ownBin, ...(values['cni-bin-dir'] ?? ['/usr/lib/cni', '/opt/cni/bin'])],
    netnsPrefix: values['netns-prefix'],
    mtu: Number(values.mtu),
    cniPlugins: values['cni-plugins'] === 'reference' ? 'reference' : 'flatnet',
  },
  { client, kernel: new RealKernel(), log },
);
await kubelet.start();
log(`flatnet-node ${values['node-name']} started`);

const stop = (): void => {
  log('shutting down (pods keep running)');
  void kubelet.stop().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
