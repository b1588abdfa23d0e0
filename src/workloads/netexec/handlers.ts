import { dialHandler } from './dial.js';
import { canonicalHeaderKey, goAtoi, goJson, goQuote, parseGoDuration } from './go-format.js';
import { ABORT, formValue, goCleanPath, goRedirect, reply } from './reply.js';
import { shellHandler } from './shell.js';
import type { Handler, NetexecRequest, NetexecResponse } from './types.js';

// Handlers follow agnhost's netexec.go (kubernetes test/images/agnhost/netexec): same paths,
// parameters, bodies and status codes, including its quirks (noted where they are surprising).

const rootHandler: Handler = (_request, ctx) => {
  ctx.log('GET /');
  return reply(200, `NOW: ${ctx.now()}`);
};

const hostnameHandler: Handler = (request, ctx) => {
  ctx.log(`GET ${request.path}`);
  return reply(200, ctx.hostname());
};

const clientIpHandler: Handler = (request, ctx) => {
  ctx.log('GET /clientip');
  return reply(200, request.remoteAddr);
};

const echoHandler: Handler = (request, ctx) => {
  const msg = formValue(request, 'msg');
  const codeText = formValue(request, 'code');
  ctx.log(`GET /echo?msg=${msg}&code=${codeText}`);
  if (codeText === '') return reply(200, msg);
  const code = goAtoi(codeText);
  // agnhost reports a bad code with 200 and no echo.
  if (!code.ok) return reply(200, `argument 'code' must be an integer or empty, got ${goQuote(codeText)}\n`);
  return reply(code.value, msg);
};

const headerHandler: Handler = (request, ctx) => {
  const key = formValue(request, 'key');
  if (key !== '') {
    ctx.log(`GET /header?key=${key}`);
    return reply(200, request.headers[key.toLowerCase()]?.[0] ?? '');
  }
  ctx.log('GET /header');
  const canonical: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    (canonical[canonicalHeaderKey(name)] ??= []).push(...values);
  }
  return reply(200, goJson(canonical));
};

const healthzHandler: Handler = (_request, ctx) => {
  ctx.log('GET /healthz');
  // Quirk: readiness is "a UDP server is listening", so --udp-port=-1 keeps /healthz at 412 forever.
  return reply(ctx.state.udpReady ? 200 : 412);
};

const readyzHandler: Handler = (_request, ctx) => {
  ctx.log('GET /readyz');
  if (ctx.state.sigtermReceived) return reply(503, 'shutting down');
  return ctx.state.udpReady ? reply(200, 'ok') : reply(412);
};

const redirectHandler: Handler = (request, ctx) => {
  const location = formValue(request, 'location');
  const codeText = formValue(request, 'code');
  ctx.log(`${request.method} /redirect?msg=${location}&code=${codeText}`);
  let code = 302;
  if (codeText !== '') {
    const parsed = goAtoi(codeText);
    if (!parsed.ok)
      return reply(200, `argument 'code' must be an integer or empty, got ${goQuote(codeText)}\n`);
    code = parsed.value;
  }
  return goRedirect(request, location, code);
};

const exitHandler: Handler = async (request, ctx) => {
  const waitText = formValue(request, 'wait');
  const timeoutText = formValue(request, 'timeout');
  const codeText = formValue(request, 'code');
  ctx.log(`GET /exit?code=${codeText}&timeout=${timeoutText}&wait=${waitText}`);
  const timeout = parseGoDuration(timeoutText);
  if (!timeout.ok && timeoutText !== '') {
    return reply(
      200,
      `argument 'timeout' must be a valid golang duration or empty, got ${goQuote(timeoutText)}\n`,
    );
  }
  const wait = parseGoDuration(waitText);
  if (!wait.ok && waitText !== '') {
    return reply(200, `argument 'wait' must be a valid golang duration or empty, got ${goQuote(waitText)}\n`);
  }
  const code = goAtoi(codeText);
  if (!code.ok && codeText !== '') {
    return reply(200, `argument 'code' must be an integer [0-127] or empty, got ${goQuote(codeText)}\n`);
  }
  const exitCode = code.ok ? code.value : 0;
  const timeoutMs = timeout.ok ? timeout.value : 0;
  if (wait.ok && wait.value > 0) await ctx.sleep(wait.value);
  // A zero timeout is os.Exit: the caller gets no response at all.
  if (timeoutMs === 0) {
    ctx.exit(exitCode);
    return ABORT;
  }
  ctx.shutdown(exitCode, timeoutMs);
  return reply(200);
};

const shutdownHandler: Handler = (_request, ctx) => {
  ctx.log('GET /shutdown');
  ctx.exit(0);
  return ABORT;
};

const uploadHandler: Handler = (request, ctx) => {
  ctx.log('GET /upload');
  // flatnet never stores uploads; answer with agnhost's own failure shapes (200, JSON error).
  const multipart = (request.headers['content-type']?.[0] ?? '').startsWith('multipart/form-data');
  return reply(
    200,
    goJson({ error: multipart ? 'Unable to open file for write' : 'Unable to upload file.' }),
  );
};

/** Go ServeMux patterns: exact paths; "/" catches everything else. */
const ROUTES: Readonly<Record<string, Handler>> = {
  '/clientip': clientIpHandler,
  '/header': headerHandler,
  '/dial': dialHandler,
  '/echo': echoHandler,
  '/exit': exitHandler,
  '/healthz': healthzHandler,
  '/readyz': readyzHandler,
  '/hostname': hostnameHandler,
  '/redirect': redirectHandler,
  '/shell': shellHandler,
  '/upload': uploadHandler,
  // agnhost's "older handlers"
  '/hostName': hostnameHandler,
  '/shutdown': shutdownHandler,
};

/** The whole netexec HTTP API as one function, including ServeMux's 301 to the cleaned path. */
export const serveNetexec: Handler = (
  request: NetexecRequest,
  ctx,
): Promise<NetexecResponse> | NetexecResponse => {
  const cleaned = goCleanPath(request.path);
  if (cleaned !== request.path && request.method !== 'CONNECT') {
    return goRedirect(request, cleaned + (request.rawQuery ? `?${request.rawQuery}` : ''), 301);
  }
  const handler = Object.hasOwn(ROUTES, cleaned) ? ROUTES[cleaned] : undefined;
  return (handler ?? rootHandler)(request, ctx);
};
