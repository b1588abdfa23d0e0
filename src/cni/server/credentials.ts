import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What a shim must know to use the server, in one root-only file (0600) written after the server
 * has bound its port: `<port> <client token> <server token>\n`.
 *
 * - The client token keeps local users off the server: anyone in the node's namespace can connect
 *   to its loopback port, only root can read the file.
 * - The server token is the server's answer to a right client token, so a shim talks only to the
 *   server that wrote the file: if the node process is gone and someone else binds the port, the
 *   shim gets no valid answer, sends no call, and runs the plugin itself.
 * - The port is in the file as well as in the shim: a shim installed for an earlier server finds
 *   another port and does not send this server's token to whoever holds the old one.
 * - New tokens every start: a token sent to an impostor is useless afterwards.
 */

export interface Credentials {
  readonly port: number;
  readonly clientToken: string;
  readonly serverToken: string;
}

const TOKEN_BYTES = 32;

export function newCredentials(port: number): Credentials {
  const token = (): string => randomBytes(TOKEN_BYTES).toString('hex');
  return { port, clientToken: token(), serverToken: token() };
}

export const encodeCredentials = (c: Credentials): string => `${c.port} ${c.clientToken} ${c.serverToken}\n`;

export function decodeCredentials(text: string): Credentials | undefined {
  const match = /^(\d{1,5}) ([0-9a-f]{16,}) ([0-9a-f]{16,})\n?$/.exec(text);
  if (!match) return undefined;
  return { port: Number(match[1]), clientToken: match[2]!, serverToken: match[3]! };
}

/** Written beside its final name and renamed into place: a shim never reads half a file. */
export async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, encodeCredentials(credentials), { mode: 0o600 });
  await chmod(temp, 0o600); // whatever the umask or an earlier file's mode
  await rename(temp, file);
}

/** Removes the file if it still holds these credentials (a newer server may have replaced it). */
export async function removeCredentials(file: string, credentials: Credentials): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text === encodeCredentials(credentials)) await rm(file, { force: true });
}

/** Constant-time comparison: the time to refuse a guess says nothing about the token. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
