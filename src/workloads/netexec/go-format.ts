/**
 * agnhost is a Go program and clients (the e2e framework, people reading logs) see Go's formatting:
 * strconv and time error texts, time.Time's String(), encoding/json escaping, net.Addr strings.
 * These helpers reproduce those byte for byte where it is cheap to do so.
 */

export type GoParse<T> = { ok: true; value: T } | { ok: false; error: string };

/** strconv.Quote for the printable ASCII that our inputs carry; JSON string syntax is the same. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.Atoi: optional sign, decimal digits only, int64 range. */
export function goAtoi(text: string): GoParse<number> {
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return { ok: false, error: `strconv.Atoi: parsing ${goQuote(text)}: invalid syntax` };
  }
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) {
    return { ok: false, error: `strconv.Atoi: parsing ${goQuote(text)}: value out of range` };
  }
  return { ok: true, value: Number(value) };
}

const DURATION_UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  '\u00b5s': 1e3,
  '\u03bcs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration ("1.5s", "1m30s", "-2h", "0"), as milliseconds. */
export function parseGoDuration(text: string): GoParse<number> {
  const invalid = { ok: false, error: `time: invalid duration ${goQuote(text)}` } as const;
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, value: 0 };
  if (rest === '') return invalid;
  let totalNs = 0;
  while (rest !== '') {
    const [number = '', whole = '', fraction] = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest) ?? [];
    if (whole === '' && !fraction) return invalid;
    rest = rest.slice(number.length);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${goQuote(text)}` };
    const scale = DURATION_UNIT_NS[unit];
    if (scale === undefined) {
      return { ok: false, error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    }
    totalNs += Number(`${whole || '0'}.${fraction || '0'}`) * scale;
    rest = rest.slice(unit.length);
  }
  return { ok: true, value: (sign * totalNs) / 1e6 };
}

export interface GoTime {
  /** Wall clock, nanoseconds since the Unix epoch. */
  epochNs: bigint;
  /** Minutes east of UTC. */
  offsetMinutes: number;
  /** Zone abbreviation, e.g. "UTC". */
  zone: string;
  /** Monotonic reading, nanoseconds since process start (Go prints it as "m=+s.nnnnnnnnn"). */
  monotonicNs: bigint;
}

const pad = (n: number | bigint, width = 2): string => String(n).padStart(width, '0');

/** time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST m=+0.000000001", as in agnhost's `/`. */
export function formatGoTime(time: GoTime): string {
  const localNs = time.epochNs + BigInt(time.offsetMinutes) * 60_000_000_000n;
  const seconds = localNs / 1_000_000_000n - (localNs % 1_000_000_000n < 0n ? 1n : 0n);
  const nanos = localNs - seconds * 1_000_000_000n;
  const d = new Date(Number(seconds) * 1000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const fraction = nanos === 0n ? '' : '.' + pad(nanos, 9).replace(/0+$/, '');
  const offset = Math.abs(time.offsetMinutes);
  const zoneOffset = `${time.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(offset / 60))}${pad(offset % 60)}`;
  const mono = time.monotonicNs < 0n ? -time.monotonicNs : time.monotonicNs;
  const monotonic = `${time.monotonicNs < 0n ? '-' : '+'}${mono / 1_000_000_000n}.${pad(mono % 1_000_000_000n, 9)}`;
  return `${date} ${clock}${fraction} ${zoneOffset} ${time.zone} m=${monotonic}`;
}

/** log.Printf's default prefix: "2006/01/02 15:04:05 " in local time. */
export function goLogLine(at: Date, message: string): string {
  const date = `${at.getFullYear()}/${pad(at.getMonth() + 1)}/${pad(at.getDate())}`;
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${date} ${clock} ${message}`;
}

/**
 * json.Marshal of a map[string]string or map[string][]string: keys sorted, and <, >, &, U+2028, U+2029
 * escaped as \u00XX (Go's HTML-safe default).
 */
export function goJson(value: Readonly<Record<string, string | readonly string[]>>): string {
  const sorted = Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(sorted).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** textproto.CanonicalMIMEHeaderKey: "x-forwarded-for" -> "X-Forwarded-For"; non-tokens stay as they are. */
export function canonicalHeaderKey(key: string): string {
  if (!HEADER_TOKEN.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** net.JoinHostPort of a socket address; Go prints IPv4-mapped IPv6 peers of a dual-stack socket as IPv4. */
export function goHostPort(address: string, port: number | string): string {
  const ip = /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EAFNOSUPPORT: 'address family not supported by protocol',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EPIPE: 'broken pipe',
  EMSGSIZE: 'message too long',
  ENOENT: 'no such file or directory',
};

/** syscall.Errno's text for a Node error ("connection refused"), falling back to Node's message. */
export function goErrnoText(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ERRNO_TEXT[code]) return ERRNO_TEXT[code];
  return err instanceof Error ? err.message : String(err);
}

const SIGNAL_TEXT: Readonly<Record<string, string>> = {
  SIGABRT: 'aborted',
  SIGALRM: 'alarm clock',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGHUP: 'hangup',
  SIGILL: 'illegal instruction',
  SIGINT: 'interrupt',
  SIGKILL: 'killed',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGTRAP: 'trace/breakpoint trap',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};

/** os.ProcessState.String() of a finished child: "exit status 3", "signal: killed". */
export function goProcessStateText(exitCode: number | null, signal: string | null): string {
  if (signal) return `signal: ${SIGNAL_TEXT[signal] ?? signal}`;
  return `exit status ${exitCode ?? -1}`;
}
