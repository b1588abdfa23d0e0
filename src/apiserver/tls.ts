import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile, access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FlatnetError } from '../lib/errors.js';
import { isIPv4 } from '../lib/ipv4.js';

const run = promisify(execFile);

/**
 * A CA per cluster and a serving certificate signed by it, made with the openssl CLI (ECDSA P-256).
 * kubectl and client-node verify the server against the CA in the kubeconfig, so the certificate
 * must name every address clients use: loopback (kubectl through the forwarder), the control host's
 * underlay IP (nodes) and the `kubernetes` Service (pods).
 */

export interface TlsFiles {
  readonly caCert: string;
  readonly caKey: string;
  readonly cert: string;
  readonly key: string;
}

export const tlsFiles = (dir: string): TlsFiles => ({
  caCert: join(dir, 'ca.crt'),
  caKey: join(dir, 'ca.key'),
  cert: join(dir, 'apiserver.crt'),
  key: join(dir, 'apiserver.key'),
});

const DEFAULT_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

export function subjectAltNames(addresses: readonly string[]): string {
  const entries = [...new Set(addresses)].map((a) => (isIPv4(a) ? `IP:${a}` : `DNS:${a}`));
  return [...entries, ...DEFAULT_NAMES.map((n) => `DNS:${n}`)].join(',');
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new FlatnetError('ETLS', `openssl ${args[0]} failed: ${stderr.trim() || (err as Error).message}`, {
      cause: err,
    });
  }
}

/** Creates the CA and the serving certificate unless they already exist (a restart keeps them). */
export async function ensureTls(dir: string, addresses: readonly string[]): Promise<TlsFiles> {
  const files = tlsFiles(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await exists(files.caCert))) {
    await openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      files.caKey,
      '-out',
      files.caCert,
      '-days',
      '3650',
      '-subj',
      '/CN=flatnet-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }
  if (!(await exists(files.cert))) {
    const csr = join(dir, 'apiserver.csr');
    const ext = join(dir, 'apiserver.ext');
    await writeFile(
      ext,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${subjectAltNames(addresses)}`,
      ].join('\n') + '\n',
    );
    await openssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      csr,
      '-subj',
      '/CN=kube-apiserver',
    ]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      files.caCert,
      '-CAkey',
      files.caKey,
      '-CAcreateserial',
      '-out',
      files.cert,
      '-days',
      '3650',
      '-extfile',
      ext,
    ]);
    await rm(csr, { force: true });
  }
  return files;
}

export async function readTls(files: TlsFiles): Promise<{ ca: string; cert: string; key: string }> {
  const [ca, cert, key] = await Promise.all(
    [files.caCert, files.cert, files.key].map((f) => readFile(f, 'utf8')),
  );
  return { ca: ca!, cert: cert!, key: key! };
}
