import { spawn } from 'node:child_process';
import { KernelError, classifyStderr } from './errors.js';

export interface RunOptions {
  /** Written to the command's stdin (batch files, nft scripts). */
  readonly input?: string;
  /** Kills the command after this long; default 30 s. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one program with an argv array. Never a shell: arguments are passed to the program as they are. */
export type CommandRunner = (argv: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** Counts spawns so benchmarks can report processes per operation. */
export const spawnCounter = { count: 0 };

export const runCommand: CommandRunner = (argv, options = {}) =>
  new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    if (file === undefined) {
      reject(new KernelError('EINVAL', { argv, exitCode: null, stderr: '', message: 'empty argv' }));
      return;
    }
    spawnCounter.count++;
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === 'ENOENT' ? 'ETOOL' : 'EKERNEL';
      reject(
        new KernelError(code, { argv, exitCode: null, stderr: '', message: error.message }, { cause: error }),
      );
    });
    child.on('close', (exitCode, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (exitCode === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const message = signal ? `killed by ${signal}` : undefined;
      // nft and `ip -batch` report some failures on stdout; keep both for the message.
      const text = stderr || stdout;
      reject(
        new KernelError(signal ? 'EKERNEL' : classifyStderr(text), {
          argv,
          exitCode,
          stderr: text,
          ...(message ? { message } : {}),
        }),
      );
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
