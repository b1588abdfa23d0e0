import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialHandler, parseDialPort } from './dial.js';
import { makeContext, makeRequest } from './testing.js';
import type { DialTarget, Dialer } from './types.js';

async function dial(query: string, dialers: Partial<Record<'http' | 'udp' | 'sctp', Dialer>> = {}) {
  const base = makeContext();
  const ctx = makeContext({ dialers: { ...base.dialers, ...dialers } });
  return dialHandler(makeRequest(`/dial?${query}`), ctx);
}

test('dials `tries` times and lists every answer', async () => {
  const seen: DialTarget[] = [];
  const http: Dialer = async (request, target) => {
    seen.push(target);
    return `pod-${seen.length}:${request}`;
  };
  const response = await dial('host=10.244.2.5&port=8080&request=hostname&tries=3', { http });
  assert.equal(response.status, 200);
  assert.deepEqual(JSON.parse(response.body), {
    responses: ['pod-1:hostname', 'pod-2:hostname', 'pod-3:hostname'],
  });
  assert.deepEqual(seen[0], { ip: '10.244.2.5', port: 8080 });
});

test('protocol defaults to http, is case-insensitive, and udp uses the UDP dialer', async () => {
  assert.equal(
    (await dial('host=10.0.0.1&port=80&request=hostname')).body,
    '{"responses":["http:hostname"]}',
  );
  assert.equal(
    (await dial('host=10.0.0.1&port=81&request=echo%20hi&protocol=UDP')).body,
    '{"responses":["udp:echo hi"]}',
  );
});

test('host names are resolved once, before dialing', async () => {
  let target: DialTarget | undefined;
  const http: Dialer = async (_request, t) => {
    target = t;
    return 'ok';
  };
  await dial('host=svc&port=80&request=hostname', { http });
  assert.deepEqual(target, { ip: '10.96.0.10', port: 80 });
});

test('errors are collected per attempt, with status 200', async () => {
  let attempt = 0;
  const flaky: Dialer = async () => {
    attempt += 1;
    if (attempt === 2) throw new Error('udp dial failed. err:boom');
    return 'pong';
  };
  const response = await dial('host=10.0.0.1&port=81&request=x&protocol=udp&tries=3', { udp: flaky });
  assert.equal(response.status, 200);
  assert.equal(response.body, '{"errors":["udp dial failed. err:boom"],"responses":["pong","pong"]}');
});

test('quirk: a failing last attempt hides the earlier responses, as in agnhost', async () => {
  let attempt = 0;
  const lastFails: Dialer = async () => {
    attempt += 1;
    if (attempt === 2) throw new Error('refused');
    return 'pong';
  };
  assert.equal(
    (await dial('host=10.0.0.1&port=1&request=x&tries=2', { http: lastFails })).body,
    '{"errors":["refused"]}',
  );
});

test('tries=0 or negative dials nothing and answers {}', async () => {
  assert.equal((await dial('host=10.0.0.1&port=80&request=x&tries=0')).body, '{}');
  assert.equal((await dial('host=10.0.0.1&port=80&request=x&tries=-2')).body, '{}');
});

test('sctp is accepted as a protocol and fails per attempt', async () => {
  const response = await dial('host=10.0.0.1&port=80&request=x&protocol=sctp&tries=2');
  assert.equal(response.status, 200);
  assert.deepEqual(JSON.parse(response.body), { errors: ['sctp', 'sctp'] });
});

test('bad parameters are 400s with agnhost’s messages', async () => {
  const cases: [string, string][] = [
    [
      'host=h&port=80&request=x&tries=two',
      'tries parameter is invalid. strconv.Atoi: parsing "two": invalid syntax\n',
    ],
    ['host=10.0.0.1&port=80', 'request parameter not specified. <nil>\n'],
    ['host=10.0.0.1&port=80&request=x&protocol=icmp', 'unsupported protocol. icmp\n'],
    [
      'host=10.0.0.1&port=http&request=x',
      'host and/or port param are invalid. lookup tcp/http: unknown port\n',
    ],
    [
      'host=10.0.0.1&port=70000&request=x&protocol=udp',
      'host and/or port param are invalid. address 70000: invalid port\n',
    ],
    ['host=nowhere&port=80&request=x', 'host and/or port param are invalid. lookup nowhere: no such host\n'],
  ];
  for (const [query, body] of cases) {
    const response = await dial(query);
    assert.equal(response.status, 400, query);
    assert.equal(response.body, body, query);
    assert.equal(response.headers['X-Content-Type-Options'], 'nosniff');
  }
});

test('parseDialPort: empty is port 0, numbers are range-checked', () => {
  assert.deepEqual(parseDialPort('', 'http'), { ok: true, value: 0 });
  assert.deepEqual(parseDialPort('65535', 'udp'), { ok: true, value: 65535 });
  assert.deepEqual(parseDialPort('-1', 'http'), { ok: false, error: 'address -1: invalid port' });
  assert.deepEqual(parseDialPort('dns', 'udp'), { ok: false, error: 'lookup udp/dns: unknown port' });
});
