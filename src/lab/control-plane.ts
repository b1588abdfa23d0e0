import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlatnetError } from '../lib/errors.js';
import { sleep } from '../lib/concurrency.js';
import { ensureTls, readTls, tlsFiles } from '../apiserver/tls.js';
import { renderKubeconfig } from '../apiserver/kubeconfig.js';
import { freeLoopbackPort, startDaemon, type DaemonRecord } from './daemons.js';
import type { LabHost } from './plan.js';

/**
 * Starts the lab's control plane: the API server inside the control host (listening on its
 * underlay address for nodes, and on a Unix socket), and the loopback forwarder in the root
 * namespace for kubectl on the host. Writes the kubeconfigs once the server answers /readyz.
 */

export const API_PORT = 6443;
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

export interface ControlPlane {
  readonly daemons: DaemonRecord[];
  /** For kubectl on the host: https://127.0.0.1:<port>. */
  readonly kubeconfig: string;
  /** For software inside the lab: https://<control ip>:6443. */
  readonly labKubeconfig: string;
  readonly hostPort: number;
}

const script = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export const controlPlanePaths = (dir: string) => ({
  pki: join(dir, 'pki'),
  token: join(dir, 'pki', 'token'),
  data: join(dir, 'apiserver-data'),
  socket: join(dir, 'apiserver.sock'),
  kubeconfig: join(dir, 'kubeconfig'),
  labKubeconfig: join(dir, 'kubeconfig-lab'),
  logs: join(dir, 'logs'),
});

export async function startControlPlane(
  name: string,
  dir: string,
  control: LabHost,
  recordDaemons: (daemons: DaemonRecord[]) => Promise<void>,
): Promise<ControlPlane> {
  const paths = controlPlanePaths(dir);
  const controlIp = control.ip!;
  await ensureTls(paths.pki, ['127.0.0.1', controlIp, '10.96.0.1']);
  const token = randomBytes(24).toString('hex');
  await writeFile(paths.token, token + '\n', { mode: 0o600 });
  const apiserver = startDaemon(
    'apiserver',
    control.netns,
    [
      process.execPath,
      script('../apiserver/main.js'),
      '--data-dir',
      paths.data,
      '--tls-dir',
      paths.pki,
      '--token-file',
      paths.token,
      '--listen',
      `${controlIp}:${API_PORT}`,
      '--unix-socket',
      paths.socket,
      '--advertise-address',
      controlIp,
      '--service-cidr',
      DEFAULT_SERVICE_CIDR,
    ],
    join(paths.logs, 'apiserver.log'),
  );
  const hostPort = await freeLoopbackPort();
  const forwarder = startDaemon(
    'forwarder',
    null,
    [process.execPath, script('./forwarder-main.js'), '127.0.0.1', String(hostPort), paths.socket],
    join(paths.logs, 'forwarder.log'),
  );
  const daemons = [apiserver, forwarder];
  await recordDaemons(daemons);
  const { ca } = await readTls(tlsFiles(paths.pki));
  await waitReady(hostPort, ca, join(paths.logs, 'apiserver.log'));
  const config = (server: string) => renderKubeconfig({ clusterName: name, server, caPem: ca, token });
  await writeFile(paths.kubeconfig, config(`https://127.0.0.1:${hostPort}`), { mode: 0o600 });
  await writeFile(paths.labKubeconfig, config(`https://${controlIp}:${API_PORT}`), { mode: 0o600 });
  return { daemons, kubeconfig: paths.kubeconfig, labKubeconfig: paths.labKubeconfig, hostPort };
}

function readyz(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/readyz', ca, servername: 'localhost', timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitReady(port: number, ca: string, log: string, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (await readyz(port, ca)) return;
    await sleep(100);
  }
  const tail = (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' | ');
  throw new FlatnetError(
    'EAPISERVER',
    `the API server did not become ready within ${timeoutMs / 1000} s (log ${log}: ${tail || 'empty'})`,
  );
}
