import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

async function pauseThenSignal(args: string[], signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  // Signal once it is up: agnhost's flavour says so on stdout; give the sandbox flavour a moment.
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Paused')) resolve();
    });
    if (!args.includes('pause')) setTimeout(resolve, 300);
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  child.kill(signal);
  return { exit: await exited, stdout, stderr };
}

test('agnhost pause prints Paused and exits 2 on SIGTERM, 1 on SIGINT', async () => {
  const term = await pauseThenSignal(['pause'], 'SIGTERM');
  assert.deepEqual(term.exit, [2, null]);
  assert.equal(term.stdout, 'Paused\n');
  assert.deepEqual((await pauseThenSignal(['pause'], 'SIGINT')).exit, [1, null]);
});

test('the sandbox pause exits 0 on SIGTERM', async () => {
  const term = await pauseThenSignal([], 'SIGTERM');
  assert.deepEqual(term.exit, [0, null]);
  assert.equal(term.stderr, 'Shutting down, got signal: Terminated\n');
});

test('extra arguments are refused', async () => {
  const child = spawn(process.execPath, [MAIN, 'pause', 'extra'], { stdio: 'ignore' });
  assert.deepEqual(await once(child, 'exit'), [1, null]);
});
