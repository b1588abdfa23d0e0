import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalHeaderKey,
  formatGoTime,
  goAtoi,
  goHostPort,
  goJson,
  goLogLine,
  goProcessStateText,
  parseGoDuration,
} from './go-format.js';

test('goAtoi accepts what strconv.Atoi accepts and words errors like it', () => {
  assert.deepEqual(goAtoi('3'), { ok: true, value: 3 });
  assert.deepEqual(goAtoi('+7'), { ok: true, value: 7 });
  assert.deepEqual(goAtoi('-1'), { ok: true, value: -1 });
  assert.deepEqual(goAtoi('x'), { ok: false, error: 'strconv.Atoi: parsing "x": invalid syntax' });
  assert.deepEqual(goAtoi(''), { ok: false, error: 'strconv.Atoi: parsing "": invalid syntax' });
  assert.deepEqual(goAtoi('1.5'), { ok: false, error: 'strconv.Atoi: parsing "1.5": invalid syntax' });
  assert.deepEqual(goAtoi('99999999999999999999'), {
    ok: false,
    error: 'strconv.Atoi: parsing "99999999999999999999": value out of range',
  });
});

test('parseGoDuration follows time.ParseDuration', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['1s', 1000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1m30s', 90_000],
    ['-2ms', -2],
    ['+1h', 3_600_000],
    ['250us', 0.25],
    ['3\u00b5s', 0.003],
    ['10ns', 0.00001],
  ];
  for (const [text, ms] of cases) {
    const parsed = parseGoDuration(text);
    assert.ok(parsed.ok, text);
    assert.ok(Math.abs(parsed.value - ms) < 1e-9, `${text}: ${parsed.value}`);
  }
  assert.deepEqual(parseGoDuration(''), { ok: false, error: 'time: invalid duration ""' });
  assert.deepEqual(parseGoDuration('abc'), { ok: false, error: 'time: invalid duration "abc"' });
  assert.deepEqual(parseGoDuration('1'), { ok: false, error: 'time: missing unit in duration "1"' });
  assert.deepEqual(parseGoDuration('1x'), { ok: false, error: 'time: unknown unit "x" in duration "1x"' });
});

test('formatGoTime prints time.Time.String() with the monotonic reading', () => {
  const epochNs = BigInt(Date.UTC(2024, 0, 2, 15, 4, 5)) * 1_000_000n + 120_000_000n;
  assert.equal(
    formatGoTime({ epochNs, offsetMinutes: 0, zone: 'UTC', monotonicNs: 12_345_678_901n }),
    '2024-01-02 15:04:05.12 +0000 UTC m=+12.345678901',
  );
  assert.equal(
    formatGoTime({ epochNs: epochNs - 120_000_000n, offsetMinutes: -420, zone: 'MST', monotonicNs: 1n }),
    '2024-01-02 08:04:05 -0700 MST m=+0.000000001',
  );
  assert.equal(
    formatGoTime({ epochNs: epochNs + 5n, offsetMinutes: 330, zone: 'IST', monotonicNs: 0n }),
    '2024-01-02 20:34:05.120000005 +0530 IST m=+0.000000000',
  );
});

test('goLogLine uses log.Printf’s default prefix', () => {
  assert.match(goLogLine(new Date(2024, 0, 2, 3, 4, 5), 'GET /'), /^2024\/01\/02 03:04:05 GET \/$/);
});

test('goJson sorts keys and escapes HTML characters like encoding/json', () => {
  assert.equal(goJson({ responses: ['a'], errors: ['b'] }), '{"errors":["b"],"responses":["a"]}');
  assert.equal(goJson({ output: '<a&b>\u2028\n' }), '{"output":"\\u003ca\\u0026b\\u003e\\u2028\\n"}');
  assert.equal(goJson({}), '{}');
});

test('canonicalHeaderKey matches textproto.CanonicalMIMEHeaderKey', () => {
  assert.equal(canonicalHeaderKey('x-forwarded-for'), 'X-Forwarded-For');
  assert.equal(canonicalHeaderKey('USER-AGENT'), 'User-Agent');
  assert.equal(canonicalHeaderKey('accept'), 'Accept');
  assert.equal(canonicalHeaderKey('bad key'), 'bad key');
});

test('goHostPort prints peers as Go’s net.Addr does', () => {
  assert.equal(goHostPort('10.244.1.5', 43210), '10.244.1.5:43210');
  assert.equal(goHostPort('::ffff:10.244.1.5', 80), '10.244.1.5:80');
  assert.equal(goHostPort('fd00::5', 80), '[fd00::5]:80');
});

test('goProcessStateText matches os.ProcessState.String()', () => {
  assert.equal(goProcessStateText(3, null), 'exit status 3');
  assert.equal(goProcessStateText(null, 'SIGKILL'), 'signal: killed');
  assert.equal(goProcessStateText(null, 'SIGTERM'), 'signal: terminated');
});
