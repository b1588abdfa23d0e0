import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchClient } from '../../bench/api-client.js';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../src/apiserver/storage/embedded/embedded-store.js';
import { startTestApiServer, type TestApiServer } from './support/apiserver.js';

const tmpDirOf = (api: TestApiServer): string => api.dir;

describe('API server robustness', () => {
  let api: TestApiServer;
  let client: BenchClient;
  before(async () => {
    api = await startTestApiServer();
    client = new BenchClient(api.port, api.token, api.ca);
  });
  after(async () => {
    client.close();
    await api.close();
  });

  test('200 concurrent watchers each receive every event, in order', async () => {
    const start = JSON.parse((await client.call('GET', '/api/v1/namespaces/default/configmaps')).body) as {
      metadata: { resourceVersion: string };
    };
    const seen: string[][] = Array.from({ length: 200 }, () => []);
    const closers = seen.map((names) =>
      client.watch(
        `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${start.metadata.resourceVersion}`,
        (e) => {
          names.push(`${e.type} ${e.object.metadata.name}`);
        },
      ),
    );
    try {
      const expected: string[] = [];
      for (let i = 0; i < 50; i++) {
        const r = await client.call('POST', '/api/v1/namespaces/default/configmaps', {
          metadata: { name: `w-${i}` },
          data: { i: String(i) },
        });
        assert.equal(r.status, 201);
        expected.push(`ADDED w-${i}`);
      }
      for (let i = 0; i < 100 && seen.some((s) => s.length < 50); i++)
        await new Promise((r) => setTimeout(r, 100));
      for (const names of seen) assert.deepEqual(names, expected);
    } finally {
      closers.forEach((c) => c());
    }
  });

  test('a batch of bad requests gets proper Statuses and leaves the store intact', async () => {
    const good = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } };
    assert.equal((await client.call('POST', '/api/v1/namespaces/default/configmaps', good)).status, 201);
    const before = (await client.call('GET', '/api/v1/namespaces/default/configmaps/keep')).body;
    const raw = (method: string, path: string, body: string, type = 'application/json') =>
      fetchStatus(method, path, body, type);
    const cases: [Promise<{ status: number; body: string }>, number, RegExp][] = [
      [raw('POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {"name": '), 400, /not valid JSON/],
      [
        raw('POST', '/api/v1/namespaces/default/configmaps', 'kind: [', 'application/yaml'),
        400,
        /not valid YAML/,
      ],
      [raw('POST', '/api/v1/namespaces/default/configmaps', '[1,2]'), 400, /JSON object/],
      [raw('POST', '/api/v1/namespaces/default/widgets', '{}'), 404, /could not find the requested resource/],
      [
        raw(
          'POST',
          '/api/v1/namespaces/default/configmaps',
          JSON.stringify({ metadata: { name: 'Bad_Name' } }),
        ),
        422,
        /metadata.name: Invalid value: "Bad_Name"/,
      ],
      [
        raw('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify(good)),
        409,
        /configmaps "keep" already exists/,
      ],
      [
        raw(
          'PUT',
          '/api/v1/namespaces/default/configmaps/keep',
          JSON.stringify({ ...good, metadata: { name: 'keep', resourceVersion: '1' }, data: { a: 'x' } }),
        ),
        409,
        /the object has been modified/,
      ],
      [
        raw(
          'PUT',
          '/api/v1/namespaces/default/configmaps/keep',
          JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'keep' } }),
        ),
        400,
        /cannot be handled as a ConfigMap/,
      ],
      [
        raw('PATCH', '/api/v1/namespaces/default/configmaps/keep', '{"data": 5}', 'text/plain'),
        415,
        /unknown format/,
      ],
      [
        raw(
          'PATCH',
          '/api/v1/namespaces/default/configmaps/keep',
          '[{"op":"remove","path":"/nope"}]',
          'application/json-patch+json',
        ),
        422,
        /rejected our request/,
      ],
      [
        raw('GET', '/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(', ''),
        400,
        /unable to parse requirement|found/,
      ],
      [
        raw('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx', ''),
        400,
        /field label not supported/,
      ],
      [
        raw(
          'POST',
          '/api/v1/namespaces/default/configmaps',
          JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(4 * 1024 * 1024) } }),
        ),
        413,
        /too large/,
      ],
      [
        raw('GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc', ''),
        400,
        /resourceVersion/,
      ],
    ];
    for (const [promise, status, message] of cases) {
      const r = await promise;
      assert.equal(r.status, status, r.body);
      const body = JSON.parse(r.body) as { kind: string; code: number; message: string };
      assert.equal(body.kind, 'Status');
      assert.equal(body.code, status);
      assert.match(body.message, message);
    }
    assert.equal(
      (await client.call('GET', '/api/v1/namespaces/default/configmaps/keep')).body,
      before,
      'the stored object is unchanged',
    );
    const list = JSON.parse((await client.call('GET', '/api/v1/namespaces/default/configmaps')).body) as {
      items: { metadata: { name: string } }[];
    };
    assert.ok(!list.items.some((i) => ['Bad_Name', 'big'].includes(i.metadata.name)));
  });

  test('a watch from a compacted resourceVersion ends with an ERROR event carrying 410 Expired', async () => {
    const small = await startTestApiServer({
      store: () => openEmbeddedStore({ dir: join(tmpDirOf(api), 'small'), historyLimit: 5 }),
    });
    const smallClient = new BenchClient(small.port, small.token, small.ca);
    try {
      for (let i = 0; i < 20; i++) {
        await smallClient.call('POST', '/api/v1/namespaces/default/configmaps', {
          metadata: { name: `h-${i}` },
        });
      }
      const events: { type: string; object: { code?: number; reason?: string } }[] = [];
      const close = smallClient.watch(
        '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2',
        (e) => {
          events.push(e as unknown as { type: string; object: { code?: number; reason?: string } });
        },
      );
      for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      close();
      assert.equal(events[0]?.type, 'ERROR');
      assert.equal(events[0]?.object.code, 410);
      assert.equal(events[0]?.object.reason, 'Expired');
    } finally {
      smallClient.close();
      await small.close();
    }
  });

  test('requests without a valid bearer token get 401', async () => {
    const anonymous = new BenchClient(api.port, 'wrong-token', api.ca);
    try {
      const r = await anonymous.call('GET', '/api/v1/namespaces');
      assert.equal(r.status, 401);
      assert.equal((JSON.parse(r.body) as { reason: string }).reason, 'Unauthorized');
      assert.equal((await anonymous.call('GET', '/version')).status, 200, '/version is public');
    } finally {
      anonymous.close();
    }
  });

  async function fetchStatus(
    method: string,
    path: string,
    body: string,
    type: string,
  ): Promise<{ status: number; body: string }> {
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: api.port,
          method,
          path,
          ca: api.ca,
          servername: 'localhost',
          headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': type },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body || undefined);
    });
  }
});
