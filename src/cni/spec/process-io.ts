import type { RunPlugin } from './plugin-main.js';

// Runtimes usually pass their own environment, but nothing obliges them to pass PATH, and the
// plugins run ip, nsenter, nft, sysctl and flock (in /usr/sbin on Debian).
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** An executable's whole life: its environment and stdin in, stdout, stderr and exit status out. */
export async function runExecutable(name: string, runPlugin: RunPlugin): Promise<void> {
  if (!process.env['PATH']) process.env['PATH'] = DEFAULT_PATH;
  const out = await runPlugin(name, process.env, await readStdin());
  process.stderr.write(out.stderr);
  process.stdout.write(out.stdout);
  process.exitCode = out.exitCode;
}

async function readStdin(): Promise<string> {
  // A person running the executable by hand has a terminal on stdin; nothing is coming.
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
