import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFloat, goQuote, goTypeName, goValue } from './go-format.js';

test('goQuote escapes like strconv.Quote', () => {
  const cases: [string, string][] = [
    ['x', '"x"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['ünïcode', '"ünïcode"'],
  ];
  for (const [input, want] of cases) assert.equal(goQuote(input), want, input);
});

test('goFloat prints %v of float64 (exponent from 1e+06 and below 1e-04)', () => {
  const cases: [number, string][] = [
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [1e21, '1e+21'],
    [-2.5e-7, '-2.5e-07'],
    [0, '0'],
  ];
  for (const [input, want] of cases) assert.equal(goFloat(input), want, String(input));
});

test('goValue prints decoded JSON as %v does', () => {
  const cases: [unknown, string][] = [
    [null, '<nil>'],
    ['x', 'x'],
    [80, '80'],
    [1.5, '1.5'],
    [true, 'true'],
    [['a', 1], '[a 1]'],
    [{ name: 'x', image: 'y', a: null }, 'map[a:<nil> image:y name:x]'],
    [{ $patch: 'merge', x: { b: [1] } }, 'map[$patch:merge x:map[b:[1]]]'],
  ];
  for (const [input, want] of cases) assert.equal(goValue(input), want, JSON.stringify(input));
});

test('goTypeName names reflect types of decoded JSON (ints as int64)', () => {
  const cases: [unknown, string][] = [
    [null, '<nil>'],
    ['s', 'string'],
    [1, 'int64'],
    [1.5, 'float64'],
    [false, 'bool'],
    [[], '[]interface {}'],
    [{}, 'map[string]interface {}'],
  ];
  for (const [input, want] of cases) assert.equal(goTypeName(input), want, JSON.stringify(input));
});
