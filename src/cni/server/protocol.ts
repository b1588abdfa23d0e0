import { FlatnetError } from '../../lib/errors.js';
import type { PluginOutput } from '../spec/plugin-main.js';

/**
 * The wire format between a thin shim (bash through /dev/tcp, see shim.ts) and the CNI server.
 * bash can read a line, or a number of bytes, and little else; so every frame is one of those.
 * Lengths count bytes (the shim runs with LC_ALL=C, where `${#var}` and `read -N` count bytes).
 * The request ends with a newline because bash's stdout is line-buffered: glibc writes up to the
 * last newline, then the rest in a second write(2), which Nagle's algorithm holds until the
 * server's delayed ACK (40 ms); ending in a newline, the request leaves in one write.
 *
 *   shim → server   <client token>\n
 *   server → shim   <server token>\n          only when the client token is right; else it hangs up
 *   shim → server   <plugin> <stdin bytes>\n
 *                   <CNI_NAME>=<value>\n ...  every CNI_* variable the shim was given
 *                   \n
 *                   <stdin>\n                 the newline ends the request, it is no part of stdin
 *   server → shim   <exit code> <stdout bytes>\n<stdout><stderr>   and the server closes
 */

export const MAX_TOKEN_LINE = 256;
export const MAX_HEAD_BYTES = 64 * 1024;
// GC carries every valid attachment of the node: ~100 bytes each.
export const MAX_STDIN_BYTES = 4 * 1024 * 1024;
// What bash's `${!CNI_@}` lists: shell identifiers starting with CNI_.
const ENV_NAME = /^CNI_[A-Za-z0-9_]*$/;
const CALL_LINE = /^([a-z0-9][a-z0-9-]*) (\d{1,9})$/;
const REPLY_LINE = /^(\d{1,3}) (\d{1,9})$/;
const NEWLINE = 0x0a;

export class ProtocolError extends FlatnetError {
  constructor(message: string) {
    super('ECNIPROTOCOL', message);
  }
}

/** A plugin call as the shim forwards it. */
export interface ForwardedCall {
  readonly plugin: string;
  /** The CNI_* variables only: everything else comes from the server's own environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string;
}

/** A frame read from the front of a buffer, or undefined when more bytes are needed. */
export type Frame<T> = { readonly value: T; readonly used: number } | undefined;

/** The first line a shim sends. */
export function parseTokenLine(buf: Buffer): Frame<string> {
  const end = buf.indexOf(NEWLINE);
  if (end < 0) {
    if (buf.length > MAX_TOKEN_LINE) throw new ProtocolError('token line too long');
    return undefined;
  }
  return { value: buf.subarray(0, end).toString('utf8'), used: end + 1 };
}

/** The call that follows the handshake: head lines, an empty line, then exactly the stdin bytes. */
export function parseCall(buf: Buffer): Frame<ForwardedCall> {
  const headEnd = buf.indexOf('\n\n');
  if (headEnd < 0) {
    if (buf.length > MAX_HEAD_BYTES) throw new ProtocolError('request head too long');
    return undefined;
  }
  const [first = '', ...lines] = buf.subarray(0, headEnd).toString('utf8').split('\n');
  const call = CALL_LINE.exec(first);
  if (!call) throw new ProtocolError(`bad call line ${JSON.stringify(first.slice(0, 80))}`);
  const length = Number(call[2]);
  if (length > MAX_STDIN_BYTES) throw new ProtocolError(`stdin of ${length} bytes is too long`);
  const env = parseEnvLines(lines); // a bad head is refused before its body arrives
  const start = headEnd + 2;
  const end = start + length;
  if (buf.length <= end) return undefined;
  if (buf[end] !== NEWLINE) throw new ProtocolError('request does not end after the announced stdin');
  return {
    value: { plugin: call[1]!, env, stdin: buf.subarray(start, end).toString('utf8') },
    used: end + 1,
  };
}

function parseEnvLines(lines: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const eq = line.indexOf('=');
    const name = line.slice(0, eq);
    if (eq < 0 || !ENV_NAME.test(name))
      throw new ProtocolError(`bad variable line ${JSON.stringify(line.slice(0, 80))}`);
    if (name in env) throw new ProtocolError(`${name} given twice`);
    env[name] = line.slice(eq + 1);
  }
  return env;
}

/** What a shim writes after the handshake (the shim does it in bash; this is for tests and clients). */
export function encodeCall(call: ForwardedCall): Buffer {
  const stdin = Buffer.from(call.stdin, 'utf8');
  const lines = [`${call.plugin} ${stdin.length}`];
  for (const [name, value] of Object.entries(call.env)) {
    if (!ENV_NAME.test(name)) throw new ProtocolError(`${name} is no CNI_* variable`);
    if (value.includes('\n')) throw new ProtocolError(`${name} holds a newline`);
    lines.push(`${name}=${value}`);
  }
  return Buffer.concat([Buffer.from(lines.join('\n') + '\n\n', 'utf8'), stdin, Buffer.from('\n')]);
}

export function encodeReply(out: PluginOutput): Buffer {
  const stdout = Buffer.from(out.stdout, 'utf8');
  const head = Buffer.from(`${out.exitCode} ${stdout.length}\n`, 'utf8');
  return Buffer.concat([head, stdout, Buffer.from(out.stderr, 'utf8')]);
}

/** A whole reply, as the shim reads it. */
export function parseReply(buf: Buffer): PluginOutput {
  const end = buf.indexOf(NEWLINE);
  const head = REPLY_LINE.exec(end < 0 ? '' : buf.subarray(0, end).toString('utf8'));
  if (!head) throw new ProtocolError('no reply line');
  const stdoutEnd = end + 1 + Number(head[2]);
  if (buf.length < stdoutEnd) throw new ProtocolError('reply shorter than announced');
  return {
    exitCode: Number(head[1]),
    stdout: buf.subarray(end + 1, stdoutEnd).toString('utf8'),
    stderr: buf.subarray(stdoutEnd).toString('utf8'),
  };
}
