import { lookup as dnsLookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { dialHttp } from './dial-http.js';
import { dialSctpUnsupported } from './dial.js';
import { dialUdp } from './dial-udp.js';
import { formatGoTime, goLogLine } from './go-format.js';
import type { NetexecDeps } from './netexec.js';
import { runShell } from './shell.js';

/**
 * The pod's hostname: in a pod sandbox the kubelet sets the UTS hostname to the pod name, so
 * os.hostname() is right; FLATNET_HOSTNAME overrides it where no UTS namespace is used.
 */
export function podHostname(env: NodeJS.ProcessEnv = process.env): string {
  return env.FLATNET_HOSTNAME || osHostname();
}

/** time.Now().String(): wall clock plus Go's monotonic reading (time since process start). */
export function goNow(): string {
  const at = new Date();
  // Date has milliseconds only; the finer digits come from the monotonic clock.
  const subMillisecondNs = process.hrtime.bigint() % 1_000_000n;
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'UTC';
  return formatGoTime({
    epochNs: BigInt(at.getTime()) * 1_000_000n + subMillisecondNs,
    offsetMinutes: -at.getTimezoneOffset(),
    zone,
    monotonicNs: BigInt(Math.round(process.uptime() * 1e9)),
  });
}

/** net.ResolveTCPAddr's choice: the first IPv4 address, else the first address. */
export async function lookupFirstAddress(host: string): Promise<string> {
  try {
    const addresses = await dnsLookup(host, { all: true });
    const chosen = addresses.find((a) => a.family === 4) ?? addresses[0];
    if (!chosen) throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
    return chosen.address;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOTFOUND' || code === 'ENODATA' ? 'no such host' : (err as Error).message;
    throw new Error(`lookup ${host}: ${reason}`, { cause: err });
  }
}

/** The real dependencies; override parts (tests replace `exit`). */
export function realNetexecDeps(overrides: Partial<NetexecDeps> = {}): NetexecDeps {
  return {
    hostname: () => podHostname(),
    now: goNow,
    log: (message) => process.stderr.write(`${goLogLine(new Date(), message)}\n`),
    exit: (code) => process.exit(code),
    shell: (command) => runShell(command),
    lookup: lookupFirstAddress,
    dialers: { http: dialHttp, udp: dialUdp, sctp: dialSctpUnsupported },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    readFile: (path) => readFile(path),
    ...overrides,
  };
}
