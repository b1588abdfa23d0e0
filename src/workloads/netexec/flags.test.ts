import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError } from '../../lib/errors.js';
import { DEFAULT_NETEXEC_CONFIG, parseNetexecArgs } from './flags.js';
import type { NetexecConfig } from './flags.js';

function config(argv: string[]): NetexecConfig {
  const parsed = parseNetexecArgs(argv);
  assert.equal(parsed.help, false);
  return (parsed as { config: NetexecConfig }).config;
}

test('defaults are agnhost’s: HTTP 8080, UDP 8081, no SCTP', () => {
  assert.deepEqual(config([]), { ...DEFAULT_NETEXEC_CONFIG, udpListenAddresses: [] });
  assert.deepEqual(config(['netexec']), config([]));
});

test('accepts agnhost’s argv: subcommand first, --flag=value and --flag value', () => {
  const parsed = config(['netexec', '--http-port=9090', '--udp-port', '-1', '--sctp-port', '9000']);
  assert.equal(parsed.httpPort, 9090);
  assert.equal(parsed.udpPort, -1);
  assert.equal(parsed.sctpPort, 9000);
  assert.equal(config(['--http-override=/hostname']).httpOverride, '/hostname');
  assert.equal(config(['--delay-shutdown', '5']).delayShutdownSeconds, 5);
  assert.equal(config(['--bind=127.0.0.1']).bind, '127.0.0.1');
});

test('int flags parse like strconv.ParseInt(s, 0, 64)', () => {
  assert.equal(config(['--http-port=0x1F90']).httpPort, 8080);
  assert.equal(config(['--http-port=017']).httpPort, 15);
  assert.equal(config(['--http-port=0']).httpPort, 0);
});

test('--udp-listen-addresses is validated, deduplicated and sorted', () => {
  assert.deepEqual(config(['--udp-listen-addresses=127.0.0.2,127.0.0.1,127.0.0.2']).udpListenAddresses, [
    '127.0.0.1',
    '127.0.0.2',
  ]);
  assert.throws(
    () => parseNetexecArgs(['--udp-listen-addresses=1.2.3']),
    /parseAddress: invalid address 1\.2\.3/,
  );
});

test('rejects what cobra rejects, with cobra’s words', () => {
  const cases: [string[], RegExp][] = [
    [['--nope=1'], /^unknown flag: --nope$/],
    [['-p', '1'], /^unknown shorthand flag: 'p' in -p$/],
    [['--http-port'], /^flag needs an argument: --http-port$/],
    [['--http-port=abc'], /^invalid argument "abc" for "--http-port" flag: strconv\.ParseInt: parsing "abc"/],
    [['netexec', 'extra'], /^accepts at most 0 arg\(s\), received 1$/],
    [['--bind=localhost'], /--bind/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseNetexecArgs(argv),
      (err: unknown) => err instanceof InvalidInputError && message.test(err.message),
      argv.join(' '),
    );
  }
});

test('--help asks for the usage', () => {
  assert.deepEqual(parseNetexecArgs(['netexec', '--help']), { help: true });
  assert.deepEqual(parseNetexecArgs(['-h']), { help: true });
});
