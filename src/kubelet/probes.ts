import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * Readiness probes, run from the node (the kubelet's namespace) to the pod IP as the kubelet does:
 * httpGet succeeds on 200-399, tcpSocket on an accepted connection. Timing follows the probe's
 * initialDelaySeconds / periodSeconds / failureThreshold / successThreshold (Kubernetes defaults).
 */

export interface Probe {
  readonly httpGet?: { path?: string; port: number | string; scheme?: string };
  readonly tcpSocket?: { port: number | string };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
}

export interface NamedPort {
  readonly name?: string;
  readonly containerPort: number;
}

interface ProbeState {
  lastRun: number;
  successes: number;
  failures: number;
  ready: boolean;
}

export function resolvePort(port: number | string, ports: readonly NamedPort[]): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return ports.find((p) => p.name === port)?.containerPort;
}

export function runProbe(probe: Probe, ip: string, ports: readonly NamedPort[]): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, ports);
    if (port === undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const req = request(
        {
          host: ip,
          port,
          path: probe.httpGet!.path ?? '/',
          timeout: timeoutMs,
          headers: { 'User-Agent': 'kube-probe/1.32' },
        },
        (res) => {
          res.resume();
          resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, ports);
    if (port === undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const socket = connect({ host: ip, port, timeout: timeoutMs }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(false));
    });
  }
  return Promise.resolve(true); // exec probes are not supported: treated as passing (documented)
}

/** Per-container probe bookkeeping; `ready()` runs a probe only when its period has elapsed. */
export class ReadinessProber {
  private readonly states = new Map<string, ProbeState>();

  async ready(
    key: string,
    probe: Probe | undefined,
    startedAt: number,
    ip: string,
    ports: readonly NamedPort[],
    now: number,
  ): Promise<boolean> {
    if (!probe) return true;
    const state = this.states.get(key) ?? { lastRun: 0, successes: 0, failures: 0, ready: false };
    this.states.set(key, state);
    if (now < startedAt + (probe.initialDelaySeconds ?? 0) * 1000) return false;
    if (now - state.lastRun < (probe.periodSeconds ?? 10) * 1000) return state.ready;
    state.lastRun = now;
    if (await runProbe(probe, ip, ports)) {
      state.successes++;
      state.failures = 0;
      if (state.successes >= (probe.successThreshold ?? 1)) state.ready = true;
    } else {
      state.failures++;
      state.successes = 0;
      if (state.failures >= (probe.failureThreshold ?? 3)) state.ready = false;
    }
    return state.ready;
  }

  forget(prefix: string): void {
    for (const key of this.states.keys()) if (key.startsWith(prefix)) this.states.delete(key);
  }
}
