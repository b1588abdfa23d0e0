import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runCommand, type CommandRunner } from '../../kernel/exec.js';
import { isKernelError } from '../../kernel/errors.js';
import { Spawner } from './spawner.js';

/** The spawner keeps runCommand's contract: the same results and the same errors, command for command. */
const spawner = new Spawner(3);
after(() => spawner.close());

const outcome = (run: CommandRunner, argv: string[], input?: string, timeoutMs?: number) =>
  run(argv, { ...(input !== undefined && { input }), ...(timeoutMs !== undefined && { timeoutMs }) }).then(
    (r) => ({ ok: r }),
    (err: unknown) => {
      assert.ok(isKernelError(err), String(err));
      return { failed: { code: err.code, exitCode: err.exitCode, stderr: err.stderr } };
    },
  );

const CASES: [what: string, argv: string[], input?: string][] = [
  ['stdout and stderr apart', ['sh', '-c', 'echo out; echo err >&2']],
  ['stdin in, several lines', ['cat'], 'line 1\nline 2 é\n'],
  ['arguments as they are', ['printf', '%s|', 'a b', "it's", '$HOME', '']],
  ['a failure classified from stderr', ['sh', '-c', 'echo "Cannot find device x" >&2; exit 1']],
  ['a failure with stdout only', ['sh', '-c', 'echo "File exists"; exit 2']],
  ['a program that ignores its stdin', ['true'], 'x'.repeat(200_000)],
  ['a large output', ['head', '-c', '300000', '/dev/zero']],
];

for (const [what, argv, input] of CASES) {
  test(`as runCommand: ${what}`, async () => {
    assert.deepEqual(await outcome(spawner.run, argv, input), await outcome(runCommand, argv, input));
  });
}

test('a missing program is ETOOL', async () => {
  const result = await outcome(spawner.run, ['/nonexistent/flatnet-tool']);
  assert.equal((result as { failed: { code: string } }).failed.code, 'ETOOL');
});

test('a command over its timeout is killed', async () => {
  const started = Date.now();
  const result = await outcome(spawner.run, ['sleep', '10'], undefined, 500);
  assert.deepEqual(result, { failed: { code: 'EKERNEL', exitCode: null, stderr: '' } });
  assert.ok(Date.now() - started < 5000);
});

test('many commands at once on a few helpers, each with its own answer', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => i);
  const outs = await Promise.all(ids.map((i) => spawner.run(['sh', '-c', `echo ${i}`])));
  assert.deepEqual(
    outs.map((o) => o.stdout),
    ids.map((i) => `${i}\n`),
  );
});

test('after close, commands still run (spawned directly)', async () => {
  const closed = new Spawner(1);
  assert.equal((await closed.run(['echo', 'a'])).stdout, 'a\n');
  closed.close();
  assert.equal((await closed.run(['echo', 'b'])).stdout, 'b\n');
});
