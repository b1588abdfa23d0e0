import type { HandlerContext, NetexecRequest } from './types.js';

// Test fixtures: a socket-free request builder and a fake HandlerContext that records exits,
// shutdowns and sleeps. Part of the module's API so every test (and later suites) shares them.

/** A GET of `target` ("/path?query") from 10.244.1.7:43210, with optional tweaks. */
export function makeRequest(target: string, tweaks: Partial<NetexecRequest> = {}): NetexecRequest {
  const at = target.indexOf('?');
  const rawQuery = at === -1 ? '' : target.slice(at + 1);
  return {
    method: 'GET',
    path: at === -1 ? target : target.slice(0, at),
    rawQuery,
    query: new URLSearchParams(rawQuery),
    postForm: new URLSearchParams(),
    remoteAddr: '10.244.1.7:43210',
    headers: {},
    ...tweaks,
  };
}

/** A HandlerContext whose side effects are recorded instead of performed. */
export interface FakeContext extends HandlerContext {
  exits: number[];
  shutdowns: [number, number][];
  slept: number[];
}

/** Ready, not terminating; hostname "netexec-pod"; dialers echo "<protocol>:<request>". */
export function makeContext(tweaks: Partial<HandlerContext> = {}): FakeContext {
  const ctx: FakeContext = {
    exits: [],
    shutdowns: [],
    slept: [],
    state: { udpReady: true, sigtermReceived: false },
    hostname: () => 'netexec-pod',
    now: () => '2024-01-02 15:04:05.1 +0000 UTC m=+1.000000000',
    log: () => undefined,
    shell: async (command) => ({ output: `ran ${command}\n` }),
    lookup: async (host) =>
      host === 'svc' ? '10.96.0.10' : Promise.reject(new Error(`lookup ${host}: no such host`)),
    dialers: {
      http: async (request) => `http:${request}`,
      udp: async (request) => `udp:${request}`,
      sctp: async () => Promise.reject(new Error('sctp')),
    },
    sleep: async (ms) => void ctx.slept.push(ms),
    exit: (code) => void ctx.exits.push(code),
    shutdown: (code, timeoutMs) => void ctx.shutdowns.push([code, timeoutMs]),
    ...tweaks,
  };
  return ctx;
}
