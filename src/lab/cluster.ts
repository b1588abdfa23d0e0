import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlatnetError } from '../lib/errors.js';
import { sleep } from '../lib/concurrency.js';
import { HttpApiClient } from '../client/http-client.js';
import { loadKubeConfig } from '../client/kubeconfig.js';
import { kubeTransport } from '../client/transport.js';
import { KINDS } from '../client/kinds.js';
import { startDaemon, type DaemonRecord } from './daemons.js';
import type { LabHost } from './plan.js';
import type { CniPlugins } from '../kubelet/cni-config.js';
import type { BackendType } from '../node-agent/backends/backend.js';
import { DEFAULT_BACKEND } from '../node-agent/backends/registry.js';

/**
 * The cluster processes on top of the datacenter: the controller-manager in the control host and one
 * `flatnet-node` (kubelet and node agent, later the service proxy) in every node host, each talking
 * to the API server over the underlay (https://<control ip>:6443) with the lab kubeconfig. The node
 * processes pick the pod MTU from the cross-node backend (vxlan: underlay - 50).
 */

const script = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export function startClusterProcesses(
  dir: string,
  hosts: readonly LabHost[],
  labKubeconfig: string,
  cniPlugins: CniPlugins = 'flatnet',
  backend: BackendType = DEFAULT_BACKEND,
): DaemonRecord[] {
  const logs = join(dir, 'logs');
  const control = hosts.find((h) => h.role === 'control')!;
  const daemons = [
    startDaemon(
      'controller-manager',
      control.netns,
      [process.execPath, script('../controller-manager/main.js'), '--kubeconfig', labKubeconfig],
      join(logs, 'controller-manager.log'),
    ),
  ];
  for (const node of hosts.filter((h) => h.role === 'node')) {
    daemons.push(
      startDaemon(
        `node:${node.name}`,
        node.netns,
        [
          process.execPath,
          script('../node/main.js'),
          '--kubeconfig',
          labKubeconfig,
          '--node-name',
          node.name,
          '--node-ip',
          node.ip!,
          '--root',
          join(dir, 'nodes', node.name),
          '--netns-prefix',
          `${node.netns}.`,
          '--cni-plugins',
          cniPlugins,
          '--backend',
          backend,
        ],
        join(logs, `${node.name}.log`),
      ),
    );
  }
  return daemons;
}

/** Waits until every node host's Node is registered, Ready and has a podCIDR (as seen by kubectl). */
export async function waitNodesReady(
  kubeconfig: string,
  names: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  const client = new HttpApiClient(await kubeTransport(loadKubeConfig(kubeconfig)));
  let missing: string[] = [...names];
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
    const nodes = await client.list(KINDS.node).catch(() => undefined);
    if (!nodes) continue;
    const ready = new Set(
      nodes.items
        .filter((n) => (n['spec'] as { podCIDR?: string } | undefined)?.podCIDR)
        .filter((n) =>
          (
            (n['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []
          ).some((c) => c.type === 'Ready' && c.status === 'True'),
        )
        .map((n) => n.metadata.name),
    );
    missing = names.filter((n) => !ready.has(n));
    if (missing.length === 0) return;
  }
  throw new FlatnetError(
    'ENODES',
    `nodes not Ready within ${timeoutMs / 1000} s: ${missing.join(', ')} (see the logs in the lab directory)`,
  );
}
