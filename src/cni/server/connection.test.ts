import assert from 'node:assert/strict';
import { Duplex, PassThrough } from 'node:stream';
import { test } from 'node:test';
import { serveConnection, type ConnectionContext } from './connection.js';
import { newCredentials } from './credentials.js';
import { encodeCall, parseReply, type ForwardedCall } from './protocol.js';

/**
 * The server side of one connection, driven through an in-memory duplex: what a shim (or anyone
 * else on the loopback port) gets back for what it sends.
 */
function connect(overrides: Partial<ConnectionContext> = {}) {
  const credentials = newCredentials(4000);
  const calls: ForwardedCall[] = [];
  const refusals: string[] = [];
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const ctx: ConnectionContext = {
    credentials,
    run: async (call) => {
      calls.push(call);
      return { exitCode: 0, stdout: '{"cniVersion":"1.1.0"}\n', stderr: 'a log\n' };
    },
    refused: (reason) => refusals.push(reason),
    ...overrides,
  };
  const received: Buffer[] = [];
  fromServer.on('data', (chunk: Buffer) => received.push(chunk));
  const served = serveConnection(Duplex.from({ readable: toServer, writable: fromServer }), ctx);
  const output = () => Buffer.concat(received).toString('utf8');
  return { credentials, calls, refusals, toServer, served, output };
}

const CALL: ForwardedCall = { plugin: 'flatnet-ipam', env: { CNI_COMMAND: 'VERSION' }, stdin: '{}' };

test('the right token gets the server token, then the call runs and the reply ends the connection', async () => {
  const c = connect();
  c.toServer.write(`${c.credentials.clientToken}\n`);
  c.toServer.write(encodeCall(CALL));
  await c.served;
  const [answer, ...rest] = c.output().split(/(?<=\n)/);
  assert.equal(answer, `${c.credentials.serverToken}\n`);
  assert.deepEqual(parseReply(Buffer.from(rest.join(''))), {
    exitCode: 0,
    stdout: '{"cniVersion":"1.1.0"}\n',
    stderr: 'a log\n',
  });
  assert.deepEqual([c.calls, c.refusals], [[CALL], []]);
});

test('a wrong token gets not one byte back and runs nothing', async () => {
  const c = connect();
  c.toServer.write(`${c.credentials.serverToken}\n${encodeCall(CALL).toString()}`);
  await c.served;
  assert.deepEqual([c.output(), c.calls, c.refusals], ['', [], ['wrong client token']]);
});

test('garbage instead of a token line is refused', async () => {
  const c = connect();
  c.toServer.write(Buffer.alloc(1000, 'x'));
  await c.served;
  assert.deepEqual([c.output(), c.calls], ['', []]);
  assert.match(c.refusals[0]!, /token line too long/);
});

test('a malformed call after the handshake is answered as a CNI decode error (code 6)', async () => {
  const c = connect();
  c.toServer.write(`${c.credentials.clientToken}\nflatnet-ipam 0\nPATH=/bin\n\n\n`);
  await c.served;
  const reply = parseReply(Buffer.from(c.output().slice(c.credentials.serverToken.length + 1)));
  assert.equal(reply.exitCode, 1);
  assert.deepEqual(JSON.parse(reply.stdout), {
    cniVersion: '1.1.0',
    code: 6,
    msg: 'bad request to the flatnet CNI server',
    details: 'bad variable line "PATH=/bin"',
  });
  assert.deepEqual(c.calls, []);
});

test('a client that hangs up mid-request, or is too slow, runs nothing', async () => {
  const early = connect();
  early.toServer.end(`${early.credentials.clientToken}\nflatnet-ipam 10\n\n{}`);
  await early.served;
  assert.deepEqual(
    [early.calls, early.refusals],
    [[], ['connection closed before the request was complete']],
  );

  const slow = connect({ requestTimeoutMs: 20 });
  slow.toServer.write(`${slow.credentials.clientToken}\n`);
  await slow.served;
  assert.deepEqual(slow.calls, []);
  assert.equal(slow.refusals.length, 1);
});
