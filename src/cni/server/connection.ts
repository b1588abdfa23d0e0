import type { Duplex } from 'node:stream';
import { CNI_CODE, CniError, asCniError, errorJson } from '../spec/errors.js';
import type { PluginOutput } from '../spec/plugin-main.js';
import { LATEST_VERSION } from '../spec/version.js';
import { sameToken, type Credentials } from './credentials.js';
import {
  ProtocolError,
  encodeReply,
  parseCall,
  parseTokenLine,
  type ForwardedCall,
  type Frame,
} from './protocol.js';

/**
 * One shim's connection: handshake, call, reply (protocol.ts). Works on any Duplex, so tests drive
 * it without a socket. Nobody without the client token gets a byte back, and a client that is slow
 * to send its request is cut off (the loopback port is open to every local user).
 */

const REQUEST_TIMEOUT_MS = 10_000;

export interface ConnectionContext {
  readonly credentials: Credentials;
  /** Runs a call that passed the handshake; never rejects (failures are CNI error replies). */
  run(call: ForwardedCall): Promise<PluginOutput>;
  /** A connection hung up on before any call: a wrong token, garbage, a timeout. */
  refused(reason: string): void;
  readonly requestTimeoutMs?: number;
}

export async function serveConnection(conn: Duplex, ctx: ConnectionContext): Promise<void> {
  conn.on('error', () => undefined); // a shim killed by its runtime; nothing to tell anyone
  const reader = new FrameReader(conn);
  const timer = setTimeout(() => conn.destroy(), ctx.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
  let call: ForwardedCall | ProtocolError;
  try {
    const token = await reader.next(parseTokenLine);
    if (!sameToken(token, ctx.credentials.clientToken)) throw new ProtocolError('wrong client token');
    conn.write(`${ctx.credentials.serverToken}\n`);
    call = await reader.next(parseCall).catch((err: unknown) => {
      if (err instanceof ProtocolError && !reader.ended) return err; // answered below, as a CNI error
      throw err;
    });
  } catch (err) {
    ctx.refused(err instanceof Error ? err.message : String(err));
    conn.destroy();
    return;
  } finally {
    clearTimeout(timer);
  }
  const out = call instanceof ProtocolError ? badRequest(call) : await ctx.run(call);
  conn.end(encodeReply(out));
}

/** SPEC.md code 6, "failed to decode content": a shim that does not speak our protocol. */
function badRequest(err: ProtocolError): PluginOutput {
  const cniErr = new CniError(CNI_CODE.DECODE_FAILURE, 'bad request to the flatnet CNI server', err.message);
  return { exitCode: 1, stdout: JSON.stringify(errorJson(cniErr, LATEST_VERSION)) + '\n', stderr: '' };
}

/** A failure of the server itself while running a call (the plugin code turns its own into replies). */
export function internalFailure(err: unknown): PluginOutput {
  const cniErr = asCniError(err);
  return {
    exitCode: 1,
    stdout: JSON.stringify(errorJson(cniErr, LATEST_VERSION)) + '\n',
    stderr: `${String(err)}\n`,
  };
}

/** Frames off the front of what has arrived so far; waits for more bytes when a frame is incomplete. */
class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  ended = false;
  private wake: (() => void) | undefined;

  constructor(stream: Duplex) {
    stream.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.notify();
    });
    for (const event of ['end', 'close', 'error']) {
      stream.on(event, () => {
        this.ended = true;
        this.notify();
      });
    }
  }

  async next<T>(parse: (buf: Buffer) => Frame<T>): Promise<T> {
    for (;;) {
      const frame = parse(this.buf);
      if (frame) {
        this.buf = this.buf.subarray(frame.used);
        return frame.value;
      }
      if (this.ended) throw new ProtocolError('connection closed before the request was complete');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
