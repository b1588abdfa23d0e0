import { isIP } from 'node:net';
import { errorMessage } from '../../lib/errors.js';
import { goAtoi, goHostPort, goJson } from './go-format.js';
import type { GoParse } from './go-format.js';
import { goHttpError, reply } from './reply.js';
import type { DialProtocol, DialTarget, Dialer, Handler, HandlerContext } from './types.js';

const PROTOCOLS: Readonly<Record<string, DialProtocol>> = {
  '': 'http',
  http: 'http',
  udp: 'udp',
  sctp: 'sctp',
};
const NETWORK: Readonly<Record<DialProtocol, string>> = { http: 'tcp', udp: 'udp', sctp: 'sctp' };

/** flatnet has no SCTP: each attempt fails the way agnhost's dialSCTP does on a kernel without it. */
export const dialSctpUnsupported: Dialer = (_request, target) =>
  Promise.reject(
    new Error(
      `sctp dial failed. err:dial sctp ${goHostPort(target.ip, target.port)}: socket: protocol not supported`,
    ),
  );

/**
 * net.LookupPort for numeric ports: "" means port 0, like Go. Go would also look service names up in
 * /etc/services; we treat every name as unknown.
 */
export function parseDialPort(port: string, protocol: DialProtocol): GoParse<number> {
  if (port === '') return { ok: true, value: 0 };
  if (!/^[+-]?[0-9]+$/.test(port)) {
    return { ok: false, error: `lookup ${NETWORK[protocol]}/${port}: unknown port` };
  }
  const value = Number(port);
  if (value < 0 || value > 0xffff) return { ok: false, error: `address ${port}: invalid port` };
  return { ok: true, value };
}

/** net.ResolveTCPAddr / ResolveUDPAddr: port first, then the host; an empty host stays empty. */
export async function resolveDialTarget(
  host: string,
  port: string,
  protocol: DialProtocol,
  ctx: Pick<HandlerContext, 'lookup'>,
): Promise<GoParse<DialTarget>> {
  const parsedPort = parseDialPort(port, protocol);
  if (!parsedPort.ok) return parsedPort;
  if (host === '' || isIP(host) !== 0) return { ok: true, value: { ip: host, port: parsedPort.value } };
  try {
    return { ok: true, value: { ip: await ctx.lookup(host), port: parsedPort.value } };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/**
 * GET /dial?host=&port=&request=&protocol=&tries=: dial another endpoint `tries` times, one after the
 * other, and report {"errors":[...],"responses":[...]}. Status is 200 whatever the attempts did
 * (agnhost's help text promises 417 on failure, its code never sends it); 400 on bad parameters.
 */
export const dialHandler: Handler = async (request, ctx) => {
  const param = (key: string): string => request.query.get(key) ?? '';
  const [host, port, payload, protocol, triesText] = ['host', 'port', 'request', 'protocol', 'tries'].map(
    param,
  );
  ctx.log(`GET /dial?host=${host}&protocol=${protocol}&port=${port}&request=${payload}&tries=${triesText}`);
  let tries = 1;
  if (triesText.length > 0) {
    const parsed = goAtoi(triesText);
    if (!parsed.ok) return goHttpError(`tries parameter is invalid. ${parsed.error}`, 400);
    tries = parsed.value;
  }
  // agnhost formats a nil error here, hence the literal "<nil>".
  if (payload.length === 0) return goHttpError('request parameter not specified. <nil>', 400);
  const kind = Object.hasOwn(PROTOCOLS, protocol.toLowerCase())
    ? PROTOCOLS[protocol.toLowerCase()]
    : undefined;
  if (kind === undefined) return goHttpError(`unsupported protocol. ${protocol}`, 400);
  const target = await resolveDialTarget(host, port, kind, ctx);
  if (!target.ok) return goHttpError(`host and/or port param are invalid. ${target.error}`, 400);

  const responses: string[] = [];
  const errors: string[] = [];
  let last = '';
  for (let attempt = 0; attempt < tries; attempt++) {
    try {
      last = await ctx.dialers[kind](payload, target.value);
      responses.push(last);
    } catch (err) {
      last = '';
      errors.push(errorMessage(err));
    }
  }
  const output: Record<string, string[]> = {};
  // Quirk kept from agnhost: "responses" appears only when the *last* attempt returned a non-empty
  // answer, so a failing last attempt hides the earlier successes.
  if (last.length > 0) output.responses = responses;
  if (errors.length > 0) output.errors = errors;
  return reply(200, goJson(output));
};
