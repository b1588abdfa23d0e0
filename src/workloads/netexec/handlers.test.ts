import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveNetexec } from './handlers.js';
import { makeContext, makeRequest } from './testing.js';
import type { NetexecRequest, NetexecResponse } from './types.js';

async function serve(
  target: string,
  ctx = makeContext(),
  tweaks: Partial<NetexecRequest> = {},
): Promise<NetexecResponse> {
  return serveNetexec(makeRequest(target, tweaks), ctx);
}

test('/ (and every unknown path) answers NOW: <Go time>', async () => {
  for (const path of ['/', '/nope', '/hostname/']) {
    const response = await serve(path);
    assert.equal(response.status, 200);
    assert.equal(response.body, 'NOW: 2024-01-02 15:04:05.1 +0000 UTC m=+1.000000000');
  }
});

test('/hostname, /hostName and /clientip', async () => {
  assert.equal((await serve('/hostname')).body, 'netexec-pod');
  assert.equal((await serve('/hostName')).body, 'netexec-pod');
  assert.equal((await serve('/clientip')).body, '10.244.1.7:43210');
});

test('/echo returns msg with the optional status code; a bad code is a 200 complaint', async () => {
  assert.deepEqual(await serve('/echo?msg=hello+world'), { status: 200, headers: {}, body: 'hello world' });
  assert.deepEqual(await serve('/echo?msg=gone&code=410'), { status: 410, headers: {}, body: 'gone' });
  const bad = await serve('/echo?msg=x&code=abc');
  assert.equal(bad.status, 200);
  assert.equal(bad.body, `argument 'code' must be an integer or empty, got "abc"\n`);
});

test('form values in a url-encoded body win over the query, as with Go’s FormValue', async () => {
  const response = await serve('/echo?msg=query', makeContext(), {
    method: 'POST',
    postForm: new URLSearchParams('msg=body'),
  });
  assert.equal(response.body, 'body');
});

test('/header returns one header, or all of them as Go’s canonical JSON', async () => {
  const headers = { 'x-forwarded-for': ['1.2.3.4'], accept: ['*/*'], 'x-multi': ['a', 'b'] };
  assert.equal((await serve('/header?key=X-Forwarded-For', makeContext(), { headers })).body, '1.2.3.4');
  assert.equal((await serve('/header?key=missing', makeContext(), { headers })).body, '');
  assert.equal(
    (await serve('/header', makeContext(), { headers })).body,
    '{"Accept":["*/*"],"X-Forwarded-For":["1.2.3.4"],"X-Multi":["a","b"]}',
  );
});

test('/healthz and /readyz follow UDP readiness and SIGTERM', async () => {
  const notReady = makeContext({ state: { udpReady: false, sigtermReceived: false } });
  assert.equal((await serve('/healthz', notReady)).status, 412);
  assert.deepEqual(await serve('/readyz', notReady), { status: 412, headers: {}, body: '' });
  assert.deepEqual(await serve('/healthz'), { status: 200, headers: {}, body: '' });
  assert.deepEqual(await serve('/readyz'), { status: 200, headers: {}, body: 'ok' });
  const terminating = makeContext({ state: { udpReady: true, sigtermReceived: true } });
  assert.equal((await serve('/healthz', terminating)).status, 200);
  assert.deepEqual(await serve('/readyz', terminating), { status: 503, headers: {}, body: 'shutting down' });
});

test('/redirect answers like net/http.Redirect', async () => {
  const found = await serve('/redirect?location=/echo%3Fmsg%3Dfoobar');
  assert.equal(found.status, 302);
  assert.equal(found.headers.Location, '/echo?msg=foobar');
  assert.equal(found.body, '<a href="/echo?msg=foobar">Found</a>.\n\n');
  const relative = await serve('/redirect?location=hostname&code=307');
  assert.equal(relative.status, 307);
  assert.equal(relative.headers.Location, '/hostname');
  assert.equal(
    (await serve('/redirect?location=http://example.test/x')).headers.Location,
    'http://example.test/x',
  );
});

test('unclean paths get Go ServeMux’s 301 to the cleaned path', async () => {
  const response = await serve('//hostname/../clientip?x=1');
  assert.equal(response.status, 301);
  assert.equal(response.headers.Location, '/clientip?x=1');
});

test('/exit: immediate os.Exit without an answer, or graceful shutdown after wait', async () => {
  const immediate = makeContext();
  const aborted = await serve('/exit?code=3', immediate);
  assert.equal(aborted.abort, true);
  assert.deepEqual(immediate.exits, [3]);

  const graceful = makeContext();
  const answered = await serve('/exit?code=4&timeout=2s&wait=150ms', graceful);
  assert.deepEqual(answered, { status: 200, headers: {}, body: '' });
  assert.deepEqual(graceful.slept, [150]);
  assert.deepEqual(graceful.shutdowns, [[4, 2000]]);
  assert.deepEqual(graceful.exits, []);

  const defaults = makeContext();
  await serve('/exit', defaults);
  assert.deepEqual(defaults.exits, [0]);
});

test('/exit rejects bad parameters with a 200 complaint and keeps running', async () => {
  const cases: [string, string][] = [
    ['/exit?timeout=soon', `argument 'timeout' must be a valid golang duration or empty, got "soon"\n`],
    ['/exit?wait=1', `argument 'wait' must be a valid golang duration or empty, got "1"\n`],
    ['/exit?code=x', `argument 'code' must be an integer [0-127] or empty, got "x"\n`],
  ];
  for (const [target, body] of cases) {
    const ctx = makeContext();
    assert.deepEqual(await serve(target, ctx), { status: 200, headers: {}, body }, target);
    assert.deepEqual(ctx.exits, []);
  }
});

test('/shutdown exits 0 at once', async () => {
  const ctx = makeContext();
  assert.equal((await serve('/shutdown', ctx)).abort, true);
  assert.deepEqual(ctx.exits, [0]);
});

test('/shell reports output and error as sorted JSON, keys only when set', async () => {
  assert.equal((await serve('/shell?cmd=ls')).body, '{"output":"ran ls\\n"}');
  assert.equal((await serve('/shell?shellCommand=pwd&cmd=ls')).body, '{"output":"ran pwd\\n"}');
  const failing = makeContext({ shell: async () => ({ output: 'boom\n', error: 'exit status 2' }) });
  assert.deepEqual(await serve('/shell?cmd=false', failing), {
    status: 200,
    headers: {},
    body: '{"error":"exit status 2","output":"boom\\n"}',
  });
  const silent = makeContext({ shell: async () => ({ output: '' }) });
  assert.equal((await serve('/shell?cmd=true', silent)).body, '{}');
});

test('/upload never stores files and answers with agnhost’s error shapes', async () => {
  assert.equal((await serve('/upload')).body, '{"error":"Unable to upload file."}');
  const multipart = { 'content-type': ['multipart/form-data; boundary=x'] };
  assert.equal(
    (await serve('/upload', makeContext(), { method: 'POST', headers: multipart })).body,
    '{"error":"Unable to open file for write"}',
  );
});
