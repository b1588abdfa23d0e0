import { join } from 'node:path';
import { FlatnetError, InvalidInputError } from '../../lib/errors.js';
import { spawnInSandbox } from '../../kernel/process.js';
import { HttpApiClient } from '../../client/http-client.js';
import { loadKubeConfig } from '../../client/kubeconfig.js';
import { kubeTransport } from '../../client/transport.js';
import { isNotFound } from '../../client/errors.js';
import { KINDS } from '../../client/kinds.js';
import { PodStateStore } from '../../kubelet/pod-state.js';
import { labDir, type LabState } from '../../lab/state.js';

/**
 * `flatnet exec POD [-n NS] [-c CONTAINER] -- CMD`: runs CMD in the pod's sandbox (its network and UTS
 * namespaces), found through the API (which node) and that node's kubelet state (which sandbox).
 * Containers of a pod share these namespaces and flatnet gives them no filesystem of their own, so
 * -c only selects which container must exist.
 */
export async function execInPod(
  state: LabState,
  target: { pod: string; namespace: string; container?: string },
  argv: readonly string[],
): Promise<number> {
  if (!state.controlPlane) throw new FlatnetError('ENOTFOUND', `lab "${state.config.name}" has no cluster`);
  const client = new HttpApiClient(await kubeTransport(loadKubeConfig(state.controlPlane.kubeconfig)));
  const pod = await client.get(KINDS.pod, target.namespace, target.pod).catch((err: unknown) => {
    if (isNotFound(err))
      throw new FlatnetError(
        'ENOTFOUND',
        `pods "${target.pod}" not found in namespace "${target.namespace}"`,
      );
    throw err;
  });
  const spec = pod['spec'] as { nodeName?: string; containers: { name: string }[] };
  if (target.container && !spec.containers.some((c) => c.name === target.container)) {
    throw new InvalidInputError(`container ${target.container} is not valid for pod ${target.pod}`);
  }
  if (!spec.nodeName) throw new FlatnetError('ENOTREADY', `pod ${target.pod} is not scheduled to a node yet`);
  const states = new PodStateStore(join(labDir(state.config.name), 'nodes', spec.nodeName));
  const sandbox = (await states.loadAll()).find((s) => s.uid === pod.metadata.uid);
  if (!sandbox)
    throw new FlatnetError('ENOTREADY', `pod ${target.pod} has no sandbox on ${spec.nodeName} yet`);
  const child = spawnInSandbox({ netns: sandbox.netns, pausePid: sandbox.pausePid }, argv, {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 143 : 1)));
  });
}
