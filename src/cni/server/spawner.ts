import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { KernelError, classifyStderr } from '../../kernel/errors.js';
import {
  runCommand,
  spawnCounter,
  type CommandRunner,
  type RunOptions,
  type RunResult,
} from '../../kernel/exec.js';
import { EXEC_FAILED, HEADER_BYTES, SPAWNER_SCRIPT } from './spawner-script.js';

/**
 * Runs the plugins' commands (ip, nft, sysctl...) for the CNI server through a few small helper
 * processes instead of child_process.spawn. To spawn, Node forks itself, which copies its page
 * tables in the event loop's thread: ~2 ms in a bare Node.js, growing with the resident set (17 ms
 * at 250 MB, measured), and concurrent calls' commands queue behind each other. A helper is a
 * ~5 MB perl (spawner-script.ts) that forks in its own process, so a command costs the same
 * whatever the node process's size and several run at once. Same contract as runCommand (the
 * RealKernel's default), to which it falls back when perl cannot start.
 */

interface Job {
  readonly argv: readonly string[];
  readonly options: RunOptions;
  resolve(result: RunResult): void;
  reject(err: unknown): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const pad = (n: number): string => String(n).padStart(10, '0');

export class Spawner {
  private readonly idle: Helper[] = [];
  private readonly queue: Job[] = [];
  private helpers = 0;
  private perlMissing = false;
  private closed = false;

  constructor(private readonly size = 4) {}

  readonly run: CommandRunner = (argv, options = {}) =>
    new Promise((resolve, reject) => {
      if (argv.length === 0 || argv.some((arg) => arg.includes('\0'))) {
        reject(new KernelError('EINVAL', { argv, exitCode: null, stderr: '', message: 'bad argv' }));
        return;
      }
      spawnCounter.count++;
      this.queue.push({ argv, options, resolve, reject });
      this.dispatch();
    });

  /** Helpers exit once idle; commands from now on are spawned directly. */
  close(): void {
    this.closed = true;
    for (const helper of this.idle.splice(0)) helper.close();
  }

  private dispatch(): void {
    for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
      if (this.perlMissing || this.closed) {
        runCommand(job.argv, job.options).then(job.resolve, job.reject);
        continue;
      }
      const helper = this.idle.pop() ?? (this.helpers < this.size ? this.startHelper() : undefined);
      if (helper === undefined) {
        this.queue.unshift(job); // every helper is busy: the next one done takes it
        return;
      }
      helper.start(job);
    }
  }

  private startHelper(): Helper {
    this.helpers++;
    return new Helper(
      (helper) => {
        if (this.closed) helper.close();
        else this.idle.push(helper);
        this.dispatch();
      },
      (helper, job, err) => {
        this.helpers--;
        if (this.idle.includes(helper)) this.idle.splice(this.idle.indexOf(helper), 1);
        if ((err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') this.perlMissing = true;
        if (job && this.perlMissing) this.queue.unshift(job);
        else
          job?.reject(
            new KernelError('EKERNEL', {
              argv: job.argv,
              exitCode: null,
              stderr: '',
              message: 'spawner helper died',
            }),
          );
        this.dispatch();
      },
    );
  }
}

/** One perl helper: one command at a time. */
class Helper {
  private readonly child: ChildProcess;
  private job: Job | undefined;
  private received: Buffer = Buffer.alloc(0);
  private gone = false;

  constructor(
    private readonly done: (helper: Helper) => void,
    exited: (helper: Helper, job: Job | undefined, err: unknown) => void,
  ) {
    this.child = spawn('perl', ['-e', SPAWNER_SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exit = (err?: unknown): void => {
      if (this.gone) return;
      this.gone = true;
      exited(this, this.take(), err);
    };
    this.child.on('error', exit);
    this.child.on('close', () => exit());
    this.child.stdin!.on('error', () => undefined); // the helper died: 'close' reports it
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  start(job: Job): void {
    this.job = job;
    const args = Buffer.from(job.argv.map((arg) => `${arg}\0`).join(''), 'utf8');
    const input = Buffer.from(job.options.input ?? '', 'utf8');
    const timeoutMs = job.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const header = `${pad(args.length)} ${pad(input.length)} ${pad(timeoutMs)}\n`;
    if (header.length !== HEADER_BYTES) throw new Error('spawner: request too large');
    this.child.stdin!.write(Buffer.concat([Buffer.from(header), args, input]));
  }

  close(): void {
    this.child.stdin!.end();
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const answer = parseAnswer(this.received);
    if (answer === undefined) return;
    this.received = Buffer.alloc(0); // one answer per command, nothing after it
    const job = this.take();
    if (job) settle(job, answer);
    this.done(this);
  }

  private take(): Job | undefined {
    const job = this.job;
    this.job = undefined;
    return job;
  }
}

interface Answer {
  readonly exitCode: number;
  readonly signal: number;
  readonly stdout: string;
  readonly stderr: string;
}

function parseAnswer(buf: Buffer): Answer | undefined {
  const end = buf.indexOf(0x0a);
  if (end < 0) return undefined;
  const [exitCode = 0, signal = 0, outLength = 0, errLength = 0] = buf
    .subarray(0, end)
    .toString()
    .split(' ')
    .map(Number);
  const outEnd = end + 1 + outLength;
  if (buf.length < outEnd + errLength) return undefined;
  const stdout = buf.subarray(end + 1, outEnd).toString('utf8');
  return { exitCode, signal, stdout, stderr: buf.subarray(outEnd, outEnd + errLength).toString('utf8') };
}

/** As runCommand reports the same outcomes (src/kernel/exec.ts). */
function settle(job: Job, { exitCode, signal, stdout, stderr }: Answer): void {
  const { argv } = job;
  if (exitCode === 127 && stderr.startsWith(EXEC_FAILED)) {
    const [errno, ...text] = stderr.slice(EXEC_FAILED.length).trim().split(' ');
    const code = errno === String(constants.errno.ENOENT) ? 'ETOOL' : 'EKERNEL';
    job.reject(new KernelError(code, { argv, exitCode: null, stderr: '', message: text.join(' ') }));
  } else if (exitCode === 0 && signal === 0) {
    job.resolve({ stdout, stderr });
  } else {
    const name = Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
    const text = stderr || stdout;
    const details = { argv, exitCode: signal ? null : exitCode, stderr: text };
    const code = signal ? 'EKERNEL' : classifyStderr(text);
    job.reject(new KernelError(code, { ...details, ...(signal ? { message: `killed by ${name}` } : {}) }));
  }
}
