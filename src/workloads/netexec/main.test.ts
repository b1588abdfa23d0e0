import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

interface Child {
  child: ChildProcess;
  httpPort: number;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  stderr: () => string;
}

/** Run netexec as agnhost is run (`netexec` then flags) on loopback, with free ports. */
async function runNetexec(...flags: string[]): Promise<Child> {
  const child = spawn(
    process.execPath,
    [MAIN, 'netexec', '--http-port', '0', '--udp-port=0', '--bind=127.0.0.1', ...flags],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  const httpPort = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Started HTTP server on port (\d+)/.exec(stderr);
      if (match) resolve(Number(match[1]));
    });
    exited.then(() => reject(new Error(`netexec exited early: ${stderr}`)), reject);
  });
  return { child, httpPort, exited, stderr: () => stderr };
}

test('/exit?code=7 exits at once with code 7 and no answer', async () => {
  const { httpPort, exited } = await runNetexec();
  await assert.rejects(fetch(`http://127.0.0.1:${httpPort}/exit?code=7`));
  assert.deepEqual(await exited, [7, null]);
});

test('/exit?code=3&timeout=1s answers 200 first, then exits 3', async () => {
  const { httpPort, exited } = await runNetexec();
  const reply = await fetch(`http://127.0.0.1:${httpPort}/exit?code=3&timeout=1s`);
  assert.equal(reply.status, 200);
  assert.deepEqual(await exited, [3, null]);
});

test('/shutdown exits 0', async () => {
  const { httpPort, exited } = await runNetexec();
  await assert.rejects(fetch(`http://127.0.0.1:${httpPort}/shutdown`));
  assert.deepEqual(await exited, [0, null]);
});

test('SIGTERM closes the servers and exits 0', async () => {
  const { child, httpPort, exited, stderr } = await runNetexec();
  assert.equal((await fetch(`http://127.0.0.1:${httpPort}/hostname`)).status, 200);
  child.kill('SIGTERM');
  assert.deepEqual(await exited, [0, null]);
  assert.match(stderr(), /UDP server exited/);
});

test('a bad flag prints cobra’s error and exits 1; --help exits 0', async () => {
  const bad = spawn(process.execPath, [MAIN, 'netexec', '--nope=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  bad.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  assert.deepEqual(await once(bad, 'exit'), [1, null]);
  assert.match(stderr, /^Error: unknown flag: --nope\n/);
  const help = spawn(process.execPath, [MAIN, 'netexec', '--help'], { stdio: 'ignore' });
  assert.deepEqual(await once(help, 'exit'), [0, null]);
});

test('a port already in use is fatal (exit 1), like log.Fatal', async () => {
  const first = await runNetexec();
  const second = spawn(
    process.execPath,
    [MAIN, 'netexec', `--http-port=${first.httpPort}`, '--udp-port=-1', '--bind=127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  assert.deepEqual(await once(second, 'exit'), [1, null]);
  first.child.kill('SIGTERM');
  await first.exited;
});
