import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { goErrnoText, goHostPort } from './go-format.js';
import type { Dialer } from './types.js';

/** agnhost's dialUDP: Conn.SetReadDeadline(now + 5s). */
export const UDP_DIAL_TIMEOUT_MS = 5000;
/** agnhost reads the answer into a 2048-byte buffer; longer datagrams are cut. */
const UDP_READ_BUFFER_BYTES = 2048;

/**
 * agnhost's dialUDP: a connected UDP socket sends `request` once and returns the first datagram back.
 * An ICMP port-unreachable surfaces as the read error "connection refused", as in Go.
 */
export const dialUdp: Dialer = (request, target) =>
  new Promise<string>((resolve, reject) => {
    // Go dials the local system when the host is empty.
    const ip = target.ip === '' ? '127.0.0.1' : target.ip;
    const remote = goHostPort(ip, target.port);
    const socket = createSocket(isIPv6(ip) ? 'udp6' : 'udp4');
    let phase: 'dial' | 'read' = 'dial';
    let local = '';
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error: string | undefined, answer = ''): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      if (error === undefined) resolve(answer);
      else reject(new Error(error));
    };
    const readFailed = (cause: string): void => finish(`reading from udp connection failed. err:'${cause}'`);

    socket.on('error', (err) => {
      if (phase === 'dial') finish(`udp dial failed. err:dial udp ${remote}: ${goErrnoText(err)}`);
      else readFailed(`read udp ${local}->${remote}: read: ${goErrnoText(err)}`);
    });
    socket.on('message', (message: Buffer) => {
      if (message.length === 0) readFailed('<nil>');
      else finish(undefined, message.subarray(0, UDP_READ_BUFFER_BYTES).toString('utf8'));
    });
    const onConnected = (): void => {
      const address = socket.address();
      local = goHostPort(address.address, address.port);
      phase = 'read';
      socket.send(request, (err) => {
        if (err) {
          finish(
            `udp connection write failed. err:write udp ${local}->${remote}: write: ${goErrnoText(err)}`,
          );
          return;
        }
        timer = setTimeout(
          () => readFailed(`read udp ${local}->${remote}: i/o timeout`),
          UDP_DIAL_TIMEOUT_MS,
        );
      });
    };
    try {
      socket.connect(target.port, ip, onConnected);
    } catch (err) {
      finish(`udp dial failed. err:dial udp ${remote}: ${goErrnoText(err)}`);
    }
  });
