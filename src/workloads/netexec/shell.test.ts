import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runShell } from './shell.js';

test('runs through /bin/sh -c and interleaves stdout and stderr in one stream', async () => {
  const result = await runShell('echo one; echo two >&2; echo three');
  assert.deepEqual(result, { output: 'one\ntwo\nthree\n' });
});

test('$0 is the shell path and stdin is empty, as with exec.Command', async () => {
  assert.deepEqual(await runShell('echo "$0"; cat'), { output: '/bin/sh\n' });
});

test('a non-zero exit is reported as Go’s "exit status N"', async () => {
  assert.deepEqual(await runShell('echo partial; exit 3'), { output: 'partial\n', error: 'exit status 3' });
});

test('death by signal is reported as Go’s "signal: <name>"', async () => {
  assert.deepEqual(await runShell('kill -KILL $$'), { output: '', error: 'signal: killed' });
});

test('a missing shell is a fork/exec error', async () => {
  assert.deepEqual(await runShell('true', '/nonexistent/sh'), {
    output: '',
    error: 'fork/exec /nonexistent/sh: no such file or directory',
  });
});
