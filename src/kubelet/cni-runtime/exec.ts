import { spawnInNetns } from '../../kernel/index.js';
import type { PluginExec, PluginOutput } from './types.js';

/** A plugin that hangs (a stuck IPAM lock, a dead daemon) must not hold the pod forever. */
const PLUGIN_TIMEOUT_MS = 120_000;

/**
 * Runs plugins inside `netns` (null: the namespace this process is in, which is the node's own
 * on a real host). Plugins create host-side devices in the namespace they run in, so a lab node
 * must run them in its node namespace. Spawning goes through src/kernel (`ip netns exec`).
 */
export function pluginExecIn(netns: string | null, timeoutMs = PLUGIN_TIMEOUT_MS): PluginExec {
  return (pluginPath, env, stdin) =>
    new Promise<PluginOutput>((resolve, reject) => {
      const child = spawnInNetns(netns, [pluginPath], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...inheritedEnv(), ...env },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8') + (signal ? `\nkilled by ${signal}` : '');
        // Through `ip netns exec` an exec failure is ip's exit status, not a spawn error.
        if (code !== 0 && stdout === '' && /text file busy/i.test(stderr)) {
          reject(Object.assign(new Error(stderr.trim()), { code: 'ETXTBSY' }));
          return;
        }
        resolve({ stdout, stderr, exitCode: code ?? 128 });
      });
      child.stdin!.on('error', () => undefined); // the plugin may exit before reading stdin
      child.stdin!.end(stdin);
    });
}

/** The process environment minus CNI_* variables: a plugin sees only the ones the runtime set. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CNI_')));
}

export const defaultPluginExec: PluginExec = pluginExecIn(null);
