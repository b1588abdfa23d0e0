import { spawn, type ChildProcess } from 'node:child_process';
import { flockFile, type LockFile, type Unlock } from '../ipam/file-lock.js';
import { CNI_CODE, CniError } from '../spec/errors.js';

/**
 * The IPAM store lock for the resident server without starting processes per lock: flockFile runs
 * flock(1) and cat for every operation (two execs, ~5 ms from Node, more in a big process). Here
 * one perl per lock file keeps it open and takes or drops flock(2) on request: the same lock
 * host-local and our executables take, so they still exclude each other. One request at a time
 * per file (serializedLock queues the process's callers in front of it).
 */

// Reopens the file when the path no longer names the inode it holds (the directory was removed and
// made again), or it would lock an orphan that nobody else sees.
const HOLDER_SCRIPT = String.raw`
use strict; use warnings; use Fcntl qw(:flock O_RDONLY O_CREAT);
$| = 1;
my ($path, $fh) = ($ARGV[0]);
sub fresh { my @a = stat($path); my @b = $fh ? stat($fh) : (); return @a && @b && $a[0] == $b[0] && $a[1] == $b[1]; }
LINE: while (my $line = <STDIN>) {
  if ($line =~ /^lock (\d+)$/) {
    if (!fresh()) { sysopen($fh, $path, O_RDONLY | O_CREAT, 0644) or do { print "error open: $!\n"; next LINE; }; }
    my $deadline = time() + $1 / 1000;
    until (flock($fh, LOCK_EX | LOCK_NB)) {
      if (time() >= $deadline) { print "timeout\n"; next LINE; }
      select(undef, undef, undef, 0.005); # someone outside this process holds it
    }
    print "locked\n";
  } elsif ($line =~ /^unlock$/) {
    flock($fh, LOCK_UN) if $fh; print "unlocked\n";
  }
}
`;

export class FlockHolders {
  private readonly holders = new Map<string, Holder>();
  private perlMissing = false;

  readonly lock: LockFile = async (path, timeoutMs) => {
    if (this.perlMissing) return flockFile(path, timeoutMs);
    const holder = this.holders.get(path) ?? this.start(path);
    const answer = await holder.ask(`lock ${Math.max(1, Math.round(timeoutMs))}`);
    if (answer === 'missing') return flockFile(path, timeoutMs);
    if (answer === 'timeout') throw new CniError(CNI_CODE.TRY_AGAIN_LATER, `timed out locking ${path}`);
    if (answer !== 'locked') throw new CniError(CNI_CODE.IO_FAILURE, `cannot lock ${path}`, answer);
    const unlock: Unlock = async () => {
      await holder.ask('unlock');
    };
    return unlock;
  };

  close(): void {
    for (const holder of this.holders.values()) holder.close();
    this.holders.clear();
  }

  private start(path: string): Holder {
    const holder = new Holder(path, (missing) => {
      if (missing) this.perlMissing = true;
      if (this.holders.get(path) === holder) this.holders.delete(path);
    });
    this.holders.set(path, holder);
    return holder;
  }
}

/** One perl holding one lock file; answers one line per request, in order. */
class Holder {
  private readonly child: ChildProcess;
  private readonly waiting: ((answer: string) => void)[] = [];
  private received = '';

  constructor(path: string, gone: (perlMissing: boolean) => void) {
    this.child = spawn('perl', ['-e', HOLDER_SCRIPT, path], { stdio: ['pipe', 'pipe', 'inherit'] });
    let missing = false;
    this.child.on('error', (err: NodeJS.ErrnoException) => (missing ||= err.code === 'ENOENT'));
    this.child.stdin!.on('error', () => undefined);
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (text: string) => this.receive(text));
    // Its death drops the lock with the file descriptor; whoever waits hears about it.
    this.child.on('close', () => {
      gone(missing);
      for (const answer of this.waiting.splice(0)) answer(missing ? 'missing' : 'error: lock holder exited');
    });
  }

  ask(request: string): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin!.write(`${request}\n`);
    });
  }

  close(): void {
    this.child.stdin!.end();
  }

  private receive(text: string): void {
    this.received += text;
    for (let end = this.received.indexOf('\n'); end >= 0; end = this.received.indexOf('\n')) {
      const line = this.received.slice(0, end);
      this.received = this.received.slice(end + 1);
      this.waiting.shift()?.(line);
    }
  }
}
