import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { request } from 'node:http';
import { realNetexecDeps } from './deps.js';
import { DEFAULT_NETEXEC_CONFIG } from './flags.js';
import type { NetexecConfig } from './flags.js';
import { startNetexec } from './netexec.js';
import type { Netexec, NetexecDeps } from './netexec.js';

const LOOPBACK = '127.0.0.1';

interface Started {
  netexec: Netexec;
  exits: number[];
}

async function start(hostname: string, config: Partial<NetexecConfig> = {}, deps: Partial<NetexecDeps> = {}) {
  const exits: number[] = [];
  const netexec = await startNetexec(
    { ...DEFAULT_NETEXEC_CONFIG, httpPort: 0, udpPort: 0, bind: LOOPBACK, ...config },
    realNetexecDeps({
      hostname: () => hostname,
      log: () => undefined,
      exit: (code) => void exits.push(code),
      ...deps,
    }),
  );
  return { netexec, exits } satisfies Started;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  localPort: number;
}

function http(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({
      host: LOOPBACK,
      port,
      path,
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          localPort: req.socket?.localPort ?? 0,
        }),
      );
    });
    req.end(options.body);
  });
}

/** Send one datagram; resolve with the answer and our port, or undefined after `waitMs` of silence. */
function udp(port: number, text: string, waitMs = 2000) {
  return new Promise<{ answer: string | undefined; localPort: number }>((resolve, reject) => {
    const socket = createSocket('udp4');
    const done = (answer: string | undefined): void => {
      clearTimeout(timer);
      const localPort = socket.address().port;
      socket.close();
      resolve({ answer, localPort });
    };
    const timer = setTimeout(() => done(undefined), waitMs);
    socket.on('error', reject);
    socket.on('message', (message) => done(message.toString()));
    socket.send(text, port, LOOPBACK);
  });
}

describe('netexec over loopback', () => {
  let a: Started;
  let b: Started;
  before(async () => {
    a = await start('netexec-a');
    b = await start('netexec-b');
  });
  after(async () => {
    await a.netexec.close();
    await b.netexec.close();
  });

  test('GET / answers NOW: with a Go timestamp', async () => {
    const reply = await http(a.netexec.httpPort, '/');
    assert.equal(reply.status, 200);
    assert.match(reply.body, /^NOW: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9}$/);
    assert.equal(reply.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(reply.headers['content-length'], String(Buffer.byteLength(reply.body)));
  });

  test('hostname, hostName, clientip, echo, header', async () => {
    const port = a.netexec.httpPort;
    assert.equal((await http(port, '/hostname')).body, 'netexec-a');
    assert.equal((await http(port, '/hostName')).body, 'netexec-a');
    const clientIp = await http(port, '/clientip');
    assert.equal(clientIp.body, `${LOOPBACK}:${clientIp.localPort}`);
    const echo = await http(port, '/echo?msg=hello%20there&code=418');
    assert.deepEqual([echo.status, echo.body], [418, 'hello there']);
    const form = await http(port, '/echo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'msg=from+the+body',
    });
    assert.equal(form.body, 'from the body');
    const header = await http(port, '/header?key=X-Test', { headers: { 'x-test': 'abc' } });
    assert.equal(header.body, 'abc');
    const all = JSON.parse((await http(port, '/header', { headers: { 'x-test': 'abc' } })).body) as object;
    assert.deepEqual(all, { Connection: ['close'], 'X-Test': ['abc'] });
  });

  test('healthz, readyz, redirect, shell', async () => {
    const port = a.netexec.httpPort;
    assert.equal((await http(port, '/healthz')).status, 200);
    const readyz = await http(port, '/readyz');
    assert.deepEqual([readyz.status, readyz.body], [200, 'ok']);
    const redirect = await http(port, '/redirect?location=/echo%3Fmsg%3Dfoobar&code=307');
    assert.deepEqual([redirect.status, redirect.headers.location], [307, '/echo?msg=foobar']);
    const shell = await http(port, `/shell?cmd=${encodeURIComponent('echo out; echo err >&2; exit 2')}`);
    assert.deepEqual([shell.status, shell.body], [200, '{"error":"exit status 2","output":"out\\nerr\\n"}']);
  });

  test('/dial over HTTP reaches the other instance `tries` times', async () => {
    const target = `host=${LOOPBACK}&port=${b.netexec.httpPort}`;
    const reply = await http(a.netexec.httpPort, `/dial?${target}&request=hostname&protocol=http&tries=3`);
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body), { responses: ['netexec-b', 'netexec-b', 'netexec-b'] });
    const redirected = await http(
      a.netexec.httpPort,
      `/dial?${target}&request=redirect%3Flocation%3D%2FhostName`,
    );
    assert.deepEqual(JSON.parse(redirected.body), { responses: ['netexec-b'] });
  });

  test('/dial over UDP reaches the other instance `tries` times', async () => {
    const target = `host=${LOOPBACK}&port=${b.netexec.udpPorts[0]}`;
    const reply = await http(a.netexec.httpPort, `/dial?${target}&request=hostname&protocol=udp&tries=3`);
    assert.deepEqual(JSON.parse(reply.body), { responses: ['netexec-b', 'netexec-b', 'netexec-b'] });
    const clientIps = await http(a.netexec.httpPort, `/dial?${target}&request=clientip&protocol=udp&tries=3`);
    const { responses } = JSON.parse(clientIps.body) as { responses: string[] };
    assert.equal(responses.length, 3);
    for (const answer of responses) assert.match(answer, /^127\.0\.0\.1:\d+$/);
  });

  test('/dial reports refused HTTP and UDP attempts as errors, with status 200', async () => {
    const closed = await start('closed');
    const { httpPort, udpPorts } = closed.netexec;
    await closed.netexec.close();
    const tcp = await http(
      a.netexec.httpPort,
      `/dial?host=${LOOPBACK}&port=${httpPort}&request=hostname&tries=2`,
    );
    assert.equal(tcp.status, 200);
    const refused = `Get "http://${LOOPBACK}:${httpPort}/hostname": dial tcp ${LOOPBACK}:${httpPort}: connect: connection refused`;
    assert.deepEqual(JSON.parse(tcp.body), { errors: [refused, refused] });
    const query = `/dial?host=${LOOPBACK}&port=${udpPorts[0]}&request=hostname&protocol=udp`;
    const { errors } = JSON.parse((await http(a.netexec.httpPort, query)).body) as { errors: string[] };
    assert.match(
      errors[0] ?? '',
      /^reading from udp connection failed\. err:'read udp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: read: connection refused'$/,
    );
  });

  test('/dial parameter errors are 400s', async () => {
    const reply = await http(a.netexec.httpPort, `/dial?host=${LOOPBACK}&port=80&request=x&tries=many`);
    assert.equal(reply.status, 400);
    assert.equal(reply.body, 'tries parameter is invalid. strconv.Atoi: parsing "many": invalid syntax\n');
    assert.equal((await http(a.netexec.httpPort, `/dial?host=${LOOPBACK}&port=80`)).status, 400);
    assert.equal((await http(a.netexec.httpPort, '/dial?host=x&port=1&request=y&protocol=tcp')).status, 400);
  });

  test('the UDP server answers hostname, echo and clientip, and ignores the rest', async () => {
    const port = a.netexec.udpPorts[0] ?? 0;
    assert.equal((await udp(port, 'hostname')).answer, 'netexec-a');
    assert.equal((await udp(port, '  HOSTNAME\n')).answer, 'netexec-a');
    assert.equal((await udp(port, 'echo Hello World')).answer, 'hello world');
    const clientIp = await udp(port, 'clientip');
    assert.equal(clientIp.answer, `${LOOPBACK}:${clientIp.localPort}`);
    assert.equal((await udp(port, 'what', 200)).answer, undefined);
  });
});

test('without a UDP server /healthz stays 412, as in agnhost', async () => {
  const { netexec } = await start('no-udp', { udpPort: -1 });
  try {
    assert.deepEqual(netexec.udpPorts, []);
    assert.equal((await http(netexec.httpPort, '/healthz')).status, 412);
  } finally {
    await netexec.close();
  }
});

test('--http-override serves every request as the override (no headers, no client address)', async () => {
  const echo = await start('override', { httpOverride: '/echo?msg=fixed' });
  const clientIp = await start('override', { httpOverride: '/clientip' });
  try {
    assert.equal((await http(echo.netexec.httpPort, '/hostname')).body, 'fixed');
    assert.equal((await http(clientIp.netexec.httpPort, '/anything')).body, '');
  } finally {
    await echo.netexec.close();
    await clientIp.netexec.close();
  }
});

test('/exit with a timeout answers, shuts down gracefully, then exits with the code', async () => {
  const { netexec, exits } = await start('exiting');
  const reply = await http(netexec.httpPort, '/exit?code=5&timeout=2s');
  assert.deepEqual([reply.status, reply.body, reply.headers.connection], [200, '', 'close']);
  for (let i = 0; i < 50 && exits.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(exits, [5]);
  await assert.rejects(http(netexec.httpPort, '/hostname'), /ECONNREFUSED/);
});

test('SIGTERM: /readyz turns 503 (healthz stays 200) for --delay-shutdown, then exit 0', async () => {
  let release = (): void => undefined;
  const sleep = (): Promise<void> => new Promise<void>((resolve) => (release = resolve));
  const { netexec, exits } = await start('terminating', { delayShutdownSeconds: 30 }, { sleep });
  const terminated = netexec.terminate();
  const readyz = await http(netexec.httpPort, '/readyz');
  assert.deepEqual([readyz.status, readyz.body], [503, 'shutting down']);
  assert.equal((await http(netexec.httpPort, '/healthz')).status, 200);
  assert.deepEqual(exits, []);
  release();
  await terminated;
  assert.deepEqual(exits, [0]);
  await assert.rejects(http(netexec.httpPort, '/healthz'), /ECONNREFUSED/);
});
