import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dialHttp } from './dial-http.js';

async function withServer(
  handler: Parameters<typeof createServer>[1],
  body: (port: number) => Promise<void>,
): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

test('GETs http://ip:port/<request> and returns the body whatever the status', async () => {
  await withServer(
    (req, res) => {
      res.statusCode = 404;
      res.end(`${req.url} ${req.headers['user-agent']} ${req.headers.host}`);
    },
    async (port) => {
      assert.equal(
        await dialHttp('echo?msg=a b', { ip: '127.0.0.1', port }),
        `/echo?msg=a%20b Go-http-client/1.1 127.0.0.1:${port}`,
      );
    },
  );
});

test('follows redirects, at most 10, with Go’s error after that', async () => {
  await withServer(
    (req, res) => {
      const hop = Number(req.url?.slice(1) || 0);
      res.writeHead(302, { Location: `/${hop + 1}` });
      res.end();
    },
    async (port) => {
      await assert.rejects(dialHttp('0', { ip: '127.0.0.1', port }), {
        message: `Get "http://127.0.0.1:${port}/11": stopped after 10 redirects`,
      });
    },
  );
});

test('a connection closed without an answer is Go’s EOF', async () => {
  await withServer(
    (req) => req.socket.destroy(),
    async (port) => {
      await assert.rejects(dialHttp('x', { ip: '127.0.0.1', port }), {
        message: `Get "http://127.0.0.1:${port}/x": EOF`,
      });
    },
  );
});

test('an empty host is "no Host in request URL"', async () => {
  await assert.rejects(dialHttp('hostname', { ip: '', port: 8080 }), {
    message: 'Get "http://:8080/hostname": http: no Host in request URL',
  });
});
