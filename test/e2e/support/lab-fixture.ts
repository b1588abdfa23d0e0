import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { RealKernel, spawnInNetns } from '../../../src/kernel/index.js';
import { labDown } from '../../../src/lab/lifecycle.js';

/**
 * Shared e2e helpers. Every lab a test makes has a unique name and is removed in `after`,
 * even when assertions fail; the state lives in a throw-away FLATNET_HOME.
 */

export const kernel = new RealKernel();

export function useTempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'flatnet-e2e-'));
  process.env['FLATNET_HOME'] = home;
  return home;
}

export function uniqueLabName(tag: string): string {
  return `e2e-${tag.slice(0, 8)}-${randomBytes(2).toString('hex')}`;
}

export async function removeLabs(names: Iterable<string>): Promise<void> {
  for (const name of names) await labDown(name, { kernel });
}

const SERVER = `
const net = require('node:net');
const [ip, port, reply] = process.argv.slice(1);
net.createServer((s) => { s.end(reply + ' ' + s.remoteAddress + '\\n'); })
  .listen(Number(port), ip, () => process.stdout.write('ready\\n'));
`;

const CLIENT = `
const net = require('node:net');
const [ip, port] = process.argv.slice(1);
const s = net.connect(Number(port), ip);
let out = '';
s.setTimeout(3000, () => { process.stderr.write('timeout'); process.exit(3); });
s.on('data', (d) => (out += d)).on('end', () => process.stdout.write(out)).on('error', (e) => { process.stderr.write(e.message); process.exit(2); });
`;

/** A TCP server inside `netns` that answers "<reply> <client address>" and closes. Call `stop()` when done. */
export async function startTcpServer(netns: string, ip: string, port: number, reply: string) {
  const child = spawnInNetns(netns, [process.execPath, '-e', SERVER, ip, String(port), reply], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  if (!chunk.toString().includes('ready')) throw new Error(`server in ${netns} did not start`);
  return {
    pid: child.pid!,
    stop: (): void => {
      child.kill('SIGKILL');
    },
  };
}

/** Opens a TCP connection from inside `netns` and returns what the server said. */
export async function tcpRequest(netns: string, ip: string, port: number): Promise<string> {
  const { stdout } = await kernel.host(netns).exec([process.execPath, '-e', CLIENT, ip, String(port)]);
  return stdout.trim();
}

export async function ping(netns: string, ip: string): Promise<boolean> {
  return kernel
    .host(netns)
    .exec(['ping', '-c', '1', '-W', '2', '-q', ip])
    .then(() => true)
    .catch(() => false);
}

/** Everything about the root namespace that a lab must never change. Reads only. */
export async function rootSnapshot(): Promise<Record<string, unknown>> {
  const root = kernel.host(null);
  const text = async (argv: string[]) => (await root.exec(argv)).stdout;
  const links = (await root.listLinks()).map(({ name, kind, mtu, up, master }) => ({
    name,
    kind,
    mtu,
    up,
    master,
  }));
  return {
    links,
    addresses: await root.listAddresses(),
    routes: await text(['ip', '-4', 'route', 'show', 'table', 'all']),
    rules: await text(['ip', '-4', 'rule', 'show']),
    neighboursPermanent: (await root.listNeighbours()).filter((n) => n.state === 'permanent'),
    nftables: await text(['nft', 'list', 'ruleset']),
    iptables: (await text(['iptables-save'])).replace(/^#.*$/gm, '').replace(/\[\d+:\d+\]/g, ''),
    sysctls: await text([
      'sysctl',
      '-a',
      '-r',
      '^net\\.(ipv4\\.(ip_forward|conf\\.(all|default)\\.)|bridge\\.)',
    ]),
  };
}
