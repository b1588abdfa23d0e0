import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import { goHostPort } from './go-format.js';

/** agnhost reads requests into a 2048-byte buffer; the rest of a longer datagram is lost. */
const UDP_READ_BUFFER_BYTES = 2048;

/**
 * agnhost's UDP protocol. The whole datagram is trimmed and lower-cased first, so "ECHO Hi" answers
 * "hi". Unknown commands get no answer at all.
 */
export function udpReply(
  datagram: Buffer,
  clientAddress: string,
  hostname: () => string,
): string | undefined {
  const text = datagram.subarray(0, UDP_READ_BUFFER_BYTES).toString('utf8').trim().toLowerCase();
  if (text === 'hostname') return hostname();
  if (text.startsWith('echo ')) return text.slice('echo '.length);
  if (text === 'clientip') return clientAddress;
  return undefined;
}

export interface UdpServerOptions {
  /** An IP to bind, or "" for every address (dual-stack "::", or 0.0.0.0 where IPv6 is off). */
  address: string;
  port: number;
  hostname: () => string;
  log: (message: string) => void;
}

function bind(type: 'udp4' | 'udp6', address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type, reuseAddr: false });
    const onError = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** Listen and answer agnhost's UDP commands; resolves once bound (agnhost's readiness signal). */
export async function startUdpServer(options: UdpServerOptions): Promise<Socket> {
  const { address, port, log } = options;
  let socket: Socket;
  if (address !== '') {
    socket = await bind(isIPv6(address) ? 'udp6' : 'udp4', address, port);
  } else {
    // Go's ":port" is dual-stack; a pod netns may have IPv6 disabled, then IPv4 alone will do.
    socket = await bind('udp6', '::', port).catch(() => bind('udp4', '0.0.0.0', port));
  }
  socket.on('message', (datagram, remote) => {
    const client = goHostPort(remote.address, remote.port);
    const answer = udpReply(datagram, client, options.hostname);
    if (answer === undefined) {
      const text = datagram.toString('utf8').trim().toLowerCase();
      if (text !== '') log(`Unknown UDP command received from ${client}: ${text}`);
      return;
    }
    socket.send(answer, remote.port, remote.address, (err) => {
      if (err) log(`failed to answer UDP client ${client}: ${err.message}`);
    });
  });
  socket.on('error', (err) => log(`UDP server error: ${err.message}`));
  const bound: AddressInfo = socket.address();
  log(`Started UDP server on port ${address} ${bound.port}`);
  return socket;
}
