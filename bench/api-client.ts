import { Agent, request } from 'node:https';

/** A minimal keep-alive HTTPS JSON client for benchmarks (no client library in the measured path). */
export class BenchClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    private readonly token: string,
    ca: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, ca });
  }

  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          servername: 'localhost',
          headers: {
            Authorization: `Bearer ${this.token}`,
            'Content-Type': 'application/json',
            ...(data ? { 'Content-Length': Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  /** Opens a watch and calls `onLine` with each JSON event as it arrives; returns a closer. */
  watch(
    path: string,
    onEvent: (event: { type: string; object: { metadata: { name: string } } }) => void,
  ): () => void {
    const req = request({
      host: '127.0.0.1',
      port: this.port,
      path,
      servername: 'localhost',
      agent: false,
      ca: (this.agent.options as { ca?: string }).ca,
      headers: { Authorization: `Bearer ${this.token}` },
    });
    req.on('response', (res) => {
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) onEvent(JSON.parse(line));
        }
      });
    });
    req.on('error', () => undefined);
    req.end();
    return () => req.destroy();
  }

  close(): void {
    this.agent.destroy();
  }
}
