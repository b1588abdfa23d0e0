import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVERYTHING,
  NOTHING,
  formatLabelSelector,
  fromLabelSelector,
  matches,
  parseLabelSelector,
  selectorString,
} from './label-selector.js';
import type { LabelSelectorObject, Labels } from './label-selector.js';

const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('parses every operator, normalising to Kubernetes String() form', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['app=web', 'app=web'],
    ['app==web', 'app==web'],
    ['app!=web', 'app!=web'],
    ['  tier in (fe, be) ,app', 'app,tier in (be,fe)'],
    ['tier notin (x)', 'tier notin (x)'],
    ['!canary', '!canary'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
    ['a=', 'a='],
    ['a in ()', 'a in ()'],
    ['x notin (a,,b)', 'x notin (,a,b)'],
    ['in in (in)', 'in in (in)'],
    ['gen>5,gen<10', 'gen>5,gen<10'],
    ['z,y,x', 'x,y,z'],
  ];
  for (const [input, want] of cases) assert.equal(selectorString(parseLabelSelector(input)), want, input);
});

// Messages as `kubectl set selector --local` prints them from the same parser (kubectl 1.32).
test('rejects malformed selectors with Kubernetes parse errors (400)', () => {
  const cases: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a=(b)', "unable to parse requirement: found '(', expected: identifier"],
    ['a,', "found '', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a=b)', "found ')', expected: ',' or 'end of string'"],
    ['env=-bad', `unable to parse requirement: values[0][env]: Invalid value: "-bad": ${VALUE_MSG}`],
    [
      'a in (-x,-y)',
      `unable to parse requirement: [values[0][a]: Invalid value: "-x": ${VALUE_MSG}, values[1][a]: Invalid value: "-y": ${VALUE_MSG}]`,
    ],
    [
      'a>x',
      `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['/x=y', 'unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty'],
    [
      'A/b/c=d',
      "unable to parse requirement: <nil>: Invalid value: \"A/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseLabelSelector(input),
      (err: unknown) => {
        const e = err as { statusCode: number; reason: string; message: string };
        assert.equal(e.message, message, input);
        return e.statusCode === 400 && e.reason === 'BadRequest';
      },
      input,
    );
  }
});

test('matches labels as Requirement.Matches does', () => {
  const web: Labels = { app: 'web', tier: 'fe', gen: '7' };
  const cases: [string, Labels | undefined, boolean][] = [
    ['', web, true],
    ['', undefined, true],
    ['app=web', web, true],
    ['app==db', web, false],
    ['app!=db', web, true],
    ['missing!=x', web, true],
    ['missing=x', web, false],
    ['tier in (fe,be)', web, true],
    ['tier notin (fe)', web, false],
    ['missing notin (fe)', web, true],
    ['app', web, true],
    ['!app', web, false],
    ['!missing', web, true],
    ['app,!canary,tier in (fe)', web, true],
    ['gen>5', web, true],
    ['gen<5', web, false],
    ['app>5', web, false],
    ['app=', { app: '' }, true],
    ['app in ()', { app: '' }, true],
    ['app', undefined, false],
  ];
  for (const [selector, labels, want] of cases) {
    assert.equal(
      matches(parseLabelSelector(selector), labels),
      want,
      `${selector} on ${JSON.stringify(labels)}`,
    );
  }
});

test('fromLabelSelector converts metav1.LabelSelector (Deployments, NetworkPolicies)', () => {
  const selector: LabelSelectorObject = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['fe', 'be'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'zone', operator: 'Exists' },
    ],
  };
  const parsed = fromLabelSelector(selector);
  assert.equal(selectorString(parsed), 'app=web,!canary,env notin (dev),tier in (be,fe),zone');
  assert.equal(matches(parsed, { app: 'web', tier: 'fe', zone: 'a' }), true);
  assert.equal(matches(parsed, { app: 'web', tier: 'fe', zone: 'a', canary: 'y' }), false);
  assert.equal(matches(parsed, { app: 'web', tier: 'fe', zone: 'a', env: 'dev' }), false);
  assert.equal(matches(parsed, { app: 'web', tier: 'fe' }), false);
});

test('nil selects nothing, {} selects everything', () => {
  assert.deepEqual(fromLabelSelector(null), NOTHING);
  assert.deepEqual(fromLabelSelector(undefined), NOTHING);
  assert.deepEqual(fromLabelSelector({}), EVERYTHING);
  assert.deepEqual(fromLabelSelector({ matchLabels: {}, matchExpressions: [] }), EVERYTHING);
  assert.equal(matches(NOTHING, {}), false);
  assert.equal(matches(EVERYTHING, undefined), true);
});

test('fromLabelSelector rejects bad operators and values as Kubernetes does', () => {
  const cases: [LabelSelectorObject, string][] = [
    [
      { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      '"Gt" is not a valid label selector operator',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { app: '-x' } }, `values[0][app]: Invalid value: "-x": ${VALUE_MSG}`],
  ];
  for (const [object, message] of cases) {
    assert.throws(() => fromLabelSelector(object), { message, statusCode: 400 }, message);
  }
});

test('formatLabelSelector renders table cells like metav1.FormatLabelSelector', () => {
  assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(null), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] }), '<error>');
});
