import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_STDIN_BYTES,
  ProtocolError,
  encodeCall,
  encodeReply,
  parseCall,
  parseReply,
  parseTokenLine,
  type ForwardedCall,
} from './protocol.js';

const CALL: ForwardedCall = {
  plugin: 'flatnet-bridge',
  env: { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c1', CNI_ARGS: 'K8S_POD_NAME=a=b;X=', CNI_PATH: '' },
  stdin: '{"name":"pödnet"}\n\n', // multi-byte, trailing empty lines: lengths count bytes
};

/** What bash's printf sends for CALL (shim.ts), byte for byte. */
const WIRE =
  'flatnet-bridge 20\nCNI_COMMAND=ADD\nCNI_CONTAINERID=c1\nCNI_ARGS=K8S_POD_NAME=a=b;X=\nCNI_PATH=\n\n' +
  '{"name":"pödnet"}\n\n\n';

const isProtocolError = (pattern: RegExp) => (err: unknown) =>
  err instanceof ProtocolError && pattern.test(err.message);

test('a call encodes to the line format the shim writes, and parses back', () => {
  assert.equal(encodeCall(CALL).toString('utf8'), WIRE);
  assert.deepEqual(parseCall(Buffer.from(WIRE)), { value: CALL, used: Buffer.byteLength(WIRE) });
});

test('every proper prefix of a call is incomplete, whatever the chunking', () => {
  const wire = Buffer.from(WIRE);
  for (let cut = 0; cut < wire.length; cut++)
    assert.equal(parseCall(wire.subarray(0, cut)), undefined, `cut ${cut}`);
  const extra = Buffer.concat([wire, Buffer.from('more')]);
  assert.equal(parseCall(extra)?.used, wire.length);
});

test('a call without variables and with empty stdin', () => {
  const call = { plugin: 'flatnet-ipam', env: {}, stdin: '' };
  assert.equal(encodeCall(call).toString(), 'flatnet-ipam 0\n\n\n');
  assert.deepEqual(parseCall(Buffer.from('flatnet-ipam 0\n\n\n'))?.value, call);
});

test('the token line is the first line, bounded', () => {
  assert.deepEqual(parseTokenLine(Buffer.from('abc\nflatnet')), { value: 'abc', used: 4 });
  assert.equal(parseTokenLine(Buffer.from('abc')), undefined);
  assert.throws(() => parseTokenLine(Buffer.alloc(300, 'a')), isProtocolError(/too long/));
});

const BAD_CALLS: [what: string, wire: string, error: RegExp][] = [
  ['no length', 'flatnet-bridge\n\n', /bad call line/],
  ['a plugin name with a slash', '../bin/sh 0\n\n', /bad call line/],
  ['a variable that is not CNI_*', 'flatnet-bridge 0\nLD_PRELOAD=/x.so\n\n', /bad variable line/],
  ['a line without =', 'flatnet-bridge 0\nCNI_COMMAND\n\n', /bad variable line/],
  ['a variable twice', 'flatnet-bridge 0\nCNI_COMMAND=ADD\nCNI_COMMAND=DEL\n\n', /given twice/],
  ['stdin over the limit', `flatnet-bridge ${MAX_STDIN_BYTES + 1}\n\n`, /too long/],
  ['more stdin than announced', 'flatnet-bridge 1\n\n{}\n', /does not end/],
];

for (const [what, wire, error] of BAD_CALLS) {
  test(`a call with ${what} is refused`, () => {
    assert.throws(() => parseCall(Buffer.from(wire)), isProtocolError(error));
  });
}

test('a head that never ends is refused once over the limit', () => {
  assert.throws(
    () => parseCall(Buffer.from('flatnet-bridge 0\n' + 'CNI_X=y\n'.repeat(10_000))),
    isProtocolError(/head too long/),
  );
});

test('encodeCall refuses what the line format cannot carry', () => {
  assert.throws(() => encodeCall({ ...CALL, env: { CNI_ARGS: 'a\nb' } }), isProtocolError(/newline/));
  assert.throws(() => encodeCall({ ...CALL, env: { PATH: '/bin' } }), isProtocolError(/no CNI_/));
});

test('a reply is the exit code and stdout length, stdout, then stderr to the end', () => {
  const out = { exitCode: 1, stdout: '{"code":7,"msg":"é"}\n', stderr: 'log line\n' };
  const wire = encodeReply(out);
  assert.equal(wire.toString(), `1 22\n{"code":7,"msg":"é"}\nlog line\n`);
  assert.deepEqual(parseReply(wire), out);
  assert.deepEqual(parseReply(encodeReply({ exitCode: 0, stdout: '', stderr: '' })), {
    exitCode: 0,
    stdout: '',
    stderr: '',
  });
  assert.throws(() => parseReply(Buffer.from('')), isProtocolError(/no reply line/));
  assert.throws(() => parseReply(Buffer.from('0 10\nshort')), isProtocolError(/shorter/));
});
