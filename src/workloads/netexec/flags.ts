import { isIP } from 'node:net';
import { InvalidInputError } from '../../lib/errors.js';
import { goQuote } from './go-format.js';

export interface NetexecConfig {
  httpPort: number;
  /** -1 disables the UDP server. */
  udpPort: number;
  /** Accepted for agnhost compatibility; flatnet has no SCTP server. */
  sctpPort: number;
  /** Serve every request as if it were "GET <httpOverride>". */
  httpOverride: string;
  /** IPs for the UDP servers, sorted and deduplicated as agnhost does; empty means every address. */
  udpListenAddresses: string[];
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  /** Seconds to keep serving (with /readyz at 503) after SIGTERM. */
  delayShutdownSeconds: number;
  /** flatnet addition: bind HTTP (and UDP, without --udp-listen-addresses) to one IP; "" = every address. */
  bind: string;
}

export const DEFAULT_NETEXEC_CONFIG: Readonly<NetexecConfig> = Object.freeze({
  httpPort: 8080,
  udpPort: 8081,
  sctpPort: -1,
  httpOverride: '',
  udpListenAddresses: [],
  tlsCertFile: '',
  tlsPrivateKeyFile: '',
  delayShutdownSeconds: 0,
  bind: '',
});

type IntKey = 'httpPort' | 'udpPort' | 'sctpPort' | 'delayShutdownSeconds';
type StringKey = 'httpOverride' | 'tlsCertFile' | 'tlsPrivateKeyFile' | 'bind';
type FlagSpec =
  | { kind: 'int'; key: IntKey; usage: string }
  | { kind: 'string'; key: StringKey; usage: string }
  | { kind: 'addresses'; usage: string };

/** agnhost netexec's flags (pflag names), plus flatnet's --bind. */
const FLAGS: Readonly<Record<string, FlagSpec>> = {
  'http-port': { kind: 'int', key: 'httpPort', usage: 'HTTP Listen Port (default 8080)' },
  'udp-port': { kind: 'int', key: 'udpPort', usage: 'UDP Listen Port, -1 to disable (default 8081)' },
  'sctp-port': { kind: 'int', key: 'sctpPort', usage: 'SCTP Listen Port (ignored: no SCTP in flatnet)' },
  'http-override': {
    kind: 'string',
    key: 'httpOverride',
    usage: 'Serve every request as a GET of this path',
  },
  'udp-listen-addresses': { kind: 'addresses', usage: 'Comma separated IPs the UDP servers listen on' },
  'tls-cert-file': { kind: 'string', key: 'tlsCertFile', usage: 'x509 certificate: serve HTTPS' },
  'tls-private-key-file': {
    kind: 'string',
    key: 'tlsPrivateKeyFile',
    usage: 'Private key for --tls-cert-file',
  },
  'delay-shutdown': {
    kind: 'int',
    key: 'delayShutdownSeconds',
    usage: 'Seconds to delay shutdown on SIGTERM',
  },
  bind: { kind: 'string', key: 'bind', usage: 'flatnet: bind HTTP (and UDP) to this IP only' },
};

export const NETEXEC_USAGE = [
  'Usage: netexec [flags]   (also: netexec netexec [flags], as agnhost is called)',
  '',
  'Flags:',
  ...Object.entries(FLAGS).map(([name, spec]) => `  --${name.padEnd(22)} ${spec.usage}`),
  '',
].join('\n');

/** strconv.ParseInt(s, 0, 64), which pflag uses for int flags: 0x, 0o, 0b and leading-0 octal. */
function parseIntBase0(text: string): number | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits = ''] = match;
  const octal = digits.length > 1 && digits.startsWith('0') && /^0[0-7]+$/.test(digits);
  const prefixed = /^0[xXoObB]/.test(digits) ? digits.toLowerCase() : octal ? `0o${digits.slice(1)}` : digits;
  const value = BigInt(prefixed) * (sign === '-' ? -1n : 1n);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) return undefined;
  return Number(value);
}

function parseAddresses(text: string): string[] {
  if (text === '') return [];
  for (const address of text.split(',')) {
    if (isIP(address) === 0) throw new InvalidInputError(`parseAddress: invalid address ${address}`);
  }
  return [...new Set(text.split(','))].sort();
}

function applyFlag(config: NetexecConfig, name: string, spec: FlagSpec, value: string): void {
  if (spec.kind === 'addresses') {
    config.udpListenAddresses = parseAddresses(value);
  } else if (spec.kind === 'string') {
    config[spec.key] = value;
  } else {
    const parsed = parseIntBase0(value);
    if (parsed === undefined) {
      throw new InvalidInputError(
        `invalid argument ${goQuote(value)} for "--${name}" flag: strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`,
      );
    }
    config[spec.key] = parsed;
  }
}

export type ParsedNetexecArgs = { help: true } | { help: false; config: NetexecConfig };

/**
 * Parse agnhost's argv form: an optional leading "netexec" subcommand, then pflag-style flags
 * (`--http-port=8080` or `--http-port 8080`). Throws InvalidInputError with cobra's wording.
 */
export function parseNetexecArgs(argv: readonly string[]): ParsedNetexecArgs {
  const args = argv[0] === 'netexec' ? argv.slice(1) : argv;
  const config: NetexecConfig = { ...DEFAULT_NETEXEC_CONFIG, udpListenAddresses: [] };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { help: true };
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new InvalidInputError(`unknown shorthand flag: '${arg[1]}' in ${arg}`);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const spec = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (spec === undefined) throw new InvalidInputError(`unknown flag: --${name}`);
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < args.length) value = args[++i] ?? '';
    else throw new InvalidInputError(`flag needs an argument: --${name}`);
    applyFlag(config, name, spec, value);
  }
  if (positional.length > 0) {
    throw new InvalidInputError(`accepts at most 0 arg(s), received ${positional.length}`);
  }
  if (config.bind !== '' && isIP(config.bind) === 0) {
    throw new InvalidInputError(
      `invalid argument ${goQuote(config.bind)} for "--bind" flag: not an IP address`,
    );
  }
  return { help: false, config };
}
