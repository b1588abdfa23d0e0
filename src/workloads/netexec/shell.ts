import { spawn } from 'node:child_process';
import { goErrnoText, goJson, goProcessStateText } from './go-format.js';
import { formValue, reply } from './reply.js';
import type { Handler, ShellResult } from './types.js';

/** agnhost runs commands with exec.Command("/bin/sh", "-c", cmd). */
export const DEFAULT_SHELL_PATH = '/bin/sh';

// Go's CombinedOutput hands the child one pipe as both stdout and stderr, so the two interleave
// exactly. Node cannot share a pipe between two child fds, so a first shell points fd 2 at fd 1 and
// then execs the real `sh -c cmd` (same argv and $0 as agnhost's child).
const COMBINE_THEN_EXEC = 'exec 2>&1; exec "$0" -c "$1"';

/** Run `command` through the shell; the output is stdout and stderr as one stream. */
export function runShell(command: string, shellPath = DEFAULT_SHELL_PATH): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn(shellPath, ['-c', COMBINE_THEN_EXEC, shellPath, command], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (err) => {
      resolve({ output: '', error: `fork/exec ${shellPath}: ${goErrnoText(err)}` });
    });
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      resolve(code === 0 ? { output } : { output, error: goProcessStateText(code, signal) });
    });
  });
}

/**
 * GET /shell?cmd= (or shellCommand=): {"error": "...", "output": "..."}, each key only when non-empty.
 * Always 200: agnhost's help text promises 417 on failure, its code only uses it when JSON fails.
 */
export const shellHandler: Handler = async (request, ctx) => {
  const command = formValue(request, 'shellCommand') || formValue(request, 'cmd');
  ctx.log(`GET /shell?cmd=${command}`);
  const result = await ctx.shell(command);
  const output: Record<string, string> = {};
  if (result.output.length > 0) output.output = result.output;
  if (result.error !== undefined) output.error = result.error;
  return reply(200, goJson(output));
};
