import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { spawnInNetns } from '../../src/kernel/index.js';
import { kernel } from './support/lab-fixture.js';

/**
 * Traffic the flat-network suite sends from inside lab namespaces: servers run as children of the
 * test (killed by `stop()`, and with their namespace by labDown), clients through `exec`.
 */

export interface Running {
  stop(): void;
}

async function started(child: ChildProcess, what: string): Promise<ChildProcess> {
  const [chunk] = (await Promise.race([
    once(child.stdout!, 'data'),
    once(child, 'exit').then(() => [Buffer.from('exited')]),
  ])) as [Buffer];
  if (!chunk.toString().includes('ready')) throw new Error(`${what} did not start: ${chunk.toString()}`);
  return child;
}

const HTTP_CLIENT_IP = `
require('node:http').createServer((q, s) => s.end(q.socket.remoteAddress))
  .listen(Number(process.argv[1]), '0.0.0.0', () => process.stdout.write('ready\\n'));`;

/** An HTTP server that answers every request with the client's address (the "internet" side). */
export async function clientIpServer(netns: string, port: number): Promise<Running> {
  const child = spawnInNetns(netns, [process.execPath, '-e', HTTP_CLIENT_IP, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await started(child, `HTTP server in ${netns}`);
  return { stop: () => void child.kill('SIGKILL') };
}

const ECHO = `
require('node:net').createServer((s) => s.pipe(s).on('error', () => {}))
  .listen(Number(process.argv[1]), '0.0.0.0', () => process.stdout.write('ready\\n'));`;

const STREAM = `
const [ip, port] = process.argv.slice(1);
const s = require('node:net').connect(Number(port), ip);
let bytes = 0;
const chunk = Buffer.alloc(1024, 120);
s.on('data', (d) => (bytes += d.length));
s.on('connect', () => { process.stdout.write('ready\\n'); setInterval(() => s.write(chunk), 20); });
setInterval(() => process.stdout.write(JSON.stringify({ bytes }) + '\\n'), 200);
const fail = (e) => { process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }) + '\\n'); process.exit(1); };
s.on('error', fail).on('close', () => fail('closed'));`;

export interface Stream extends Running {
  /** Bytes echoed back so far. */
  bytes(): number;
  /** Set once the connection failed or closed. */
  error(): string | undefined;
}

/** A long-lived TCP connection from `clientNetns` to an echo server in `serverNetns` at `ip`. */
export async function tcpStream(
  serverNetns: string,
  clientNetns: string,
  ip: string,
  port: number,
): Promise<Stream> {
  const server = spawnInNetns(serverNetns, [process.execPath, '-e', ECHO, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await started(server, `echo server in ${serverNetns}`);
  const client = spawnInNetns(clientNetns, [process.execPath, '-e', STREAM, ip, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bytes = 0;
  let error: string | undefined;
  let buffered = '';
  client.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter((l) => l.startsWith('{'))) {
      const report = JSON.parse(line) as { bytes?: number; error?: string };
      if (report.bytes !== undefined) bytes = report.bytes;
      if (report.error !== undefined) error = report.error;
    }
  });
  await started(client, `stream client in ${clientNetns}`).catch((err: unknown) => {
    server.kill('SIGKILL');
    throw err;
  });
  return {
    bytes: () => bytes,
    error: () => error,
    stop: () => {
      client.kill('SIGKILL');
      server.kill('SIGKILL');
    },
  };
}

const UDP_DF = `
import socket, sys
ip, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 10, 2)  # IP_MTU_DISCOVER = IP_PMTUDISC_DO: DF set, never fragment
s.settimeout(3)
try:
    s.sendto(b'echo ' + b'x' * (size - 28 - 5), (ip, port))
    print(len(s.recvfrom(4096)[0]))
except OSError as e:
    print('errno', e.errno)
`;

/**
 * Sends one UDP datagram whose IP packet is `size` bytes, with DF set, to netexec's UDP echo.
 * Returns the echoed payload length, or `errno N` (90 = EMSGSIZE: larger than the route's MTU).
 */
export async function udpDatagram(podNetns: string, ip: string, size: number): Promise<string> {
  const { stdout } = await kernel
    .host(podNetns)
    .exec(['/usr/bin/python3', '-c', UDP_DF, ip, '8081', String(size)], { timeoutMs: 10_000 });
  return stdout.trim();
}

const COUNT = `
require('node:net').createServer((s) => { let n = 0; s.on('data', (d) => (n += d.length)).on('end', () => s.end(String(n))); })
  .listen(Number(process.argv[1]), '0.0.0.0', () => process.stdout.write('ready\\n'));`;

const SEND = `
const [ip, port, total] = process.argv.slice(1).map((v, i) => (i ? Number(v) : v));
const s = require('node:net').connect(port, ip, () => {
  const chunk = Buffer.alloc(64 * 1024, 97);
  let left = total;
  const pump = () => { while (left > 0) { const n = Math.min(left, chunk.length); left -= n; if (!s.write(chunk.subarray(0, n))) return s.once('drain', pump); } s.end(); };
  pump();
});
let reply = '';
s.on('data', (d) => (reply += d)).on('end', () => process.stdout.write(reply)).on('error', (e) => { process.stderr.write(e.message); process.exit(2); });`;

/** Sends `bytes` over one TCP connection; returns how many the receiver counted before EOF. */
export async function tcpTransfer(
  serverNetns: string,
  clientNetns: string,
  ip: string,
  bytes: number,
): Promise<number> {
  const server = spawnInNetns(serverNetns, [process.execPath, '-e', COUNT, '9100'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await started(server, `byte counter in ${serverNetns}`);
    const argv = [process.execPath, '-e', SEND, ip, '9100', String(bytes)];
    return Number((await kernel.host(clientNetns).exec(argv, { timeoutMs: 60_000 })).stdout);
  } finally {
    server.kill('SIGKILL');
  }
}
