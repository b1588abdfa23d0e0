import type { Json } from '../json.js';
import { rec, str } from '../json.js';
import { regexError } from '../../machinery/validation.js';
import { goQuote } from '../../machinery/go-format.js';
import { childPath, GoText } from './causes.js';
import type { Causes } from './causes.js';
import { intOrStringText } from './go-text.js';

/**
 * Rolling update parameters of pkg/apis/apps/validation (Kubernetes 1.32):
 * ValidateDeploymentStrategy, ValidateRollingUpdateDeployment, ValidateDaemonSetUpdateStrategy,
 * ValidateRollingUpdateDaemonSet, ValidatePositiveIntOrPercent and IsNotMoreThan100Percent.
 * Bad IntOrString values print through IntOrString.String(): `25%`, `3` (unquoted).
 */

const PERCENT = /^[0-9]+%$/;
const PERCENT_MESSAGE = regexError(
  "a valid percent string must be a numeric string followed by an ending '%'",
  '[0-9]+%',
  '1%',
  '93%',
);

/** getPercentValue: the number of a valid percent string. */
const percentOf = (v: unknown): number | undefined =>
  typeof v === 'string' && PERCENT.test(v) ? Number(v.slice(0, -1)) : undefined;

/** getIntOrPercentValue: the percent, the int, or (IntValue of a bad string) 0. */
function intOrPercentValue(v: unknown): number {
  const percent = percentOf(v);
  if (percent !== undefined) return percent;
  if (typeof v === 'number') return v;
  const parsed = Number.parseInt(str(v), 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

function validatePositiveIntOrPercent(c: Causes, field: string, v: unknown): void {
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) c.invalid(field, intOrStringText(v), PERCENT_MESSAGE);
  } else if (typeof v === 'number') {
    c.nonNegative(field, v);
  } else if (v !== undefined && v !== null) {
    c.invalid(field, intOrStringText(v), "must be an integer or percentage (e.g '5%')");
  }
}

function notMoreThan100Percent(c: Causes, field: string, v: unknown): void {
  const percent = percentOf(v);
  if (percent !== undefined && percent > 100)
    c.invalid(field, intOrStringText(v), 'must not be greater than 100%');
}

function validateRollingUpdateDeployment(c: Causes, rolling: Json, path: string): void {
  const unavailable = rolling['maxUnavailable'];
  const surge = rolling['maxSurge'];
  validatePositiveIntOrPercent(c, childPath(path, 'maxUnavailable'), unavailable);
  validatePositiveIntOrPercent(c, childPath(path, 'maxSurge'), surge);
  if (intOrPercentValue(unavailable) === 0 && intOrPercentValue(surge) === 0) {
    c.invalid(
      childPath(path, 'maxUnavailable'),
      intOrStringText(unavailable ?? 0),
      'may not be 0 when `maxSurge` is 0',
    );
  }
  notMoreThan100Percent(c, childPath(path, 'maxUnavailable'), unavailable);
}

/** %#v of the strategy Kubernetes reports an unknown type with (its rolling update shown as nil). */
const strategyText = (struct: string, type: string, rolling: string): GoText =>
  new GoText(`apps.${struct}{Type:${goQuote(type)}, RollingUpdate:(*apps.${rolling})(nil)}`);

export function validateDeploymentStrategy(c: Causes, strategy: Json, path: string): void {
  const type = str(strategy['type']);
  const rolling = rec(strategy['rollingUpdate']);
  if (type === 'Recreate') {
    if (rolling)
      c.forbidden(
        childPath(path, 'rollingUpdate'),
        "may not be specified when strategy `type` is 'Recreate'",
      );
  } else if (type === 'RollingUpdate') {
    if (!rolling) c.required(childPath(path, 'rollingUpdate'), 'this should be defaulted and never be nil');
    else validateRollingUpdateDeployment(c, rolling, childPath(path, 'rollingUpdate'));
  } else {
    c.notSupported(path, strategyText('DeploymentStrategy', type, 'RollingUpdateDeployment'), [
      'Recreate',
      'RollingUpdate',
    ]);
  }
}

function validateRollingUpdateDaemonSet(c: Causes, rolling: Json, path: string): void {
  const unavailable = rolling['maxUnavailable'];
  const surge = rolling['maxSurge'];
  validatePositiveIntOrPercent(c, childPath(path, 'maxUnavailable'), unavailable);
  validatePositiveIntOrPercent(c, childPath(path, 'maxSurge'), surge);
  notMoreThan100Percent(c, childPath(path, 'maxUnavailable'), unavailable);
  notMoreThan100Percent(c, childPath(path, 'maxSurge'), surge);
  const hasUnavailable = intOrPercentValue(unavailable) !== 0;
  const hasSurge = intOrPercentValue(surge) !== 0;
  if (hasUnavailable && hasSurge)
    c.invalid(
      childPath(path, 'maxSurge'),
      intOrStringText(surge),
      'may not be set when maxUnavailable is non-zero',
    );
  if (!hasUnavailable && !hasSurge)
    c.required(childPath(path, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0');
}

export function validateDaemonSetStrategy(c: Causes, strategy: Json, path: string): void {
  const type = str(strategy['type']);
  const rolling = rec(strategy['rollingUpdate']);
  if (type === 'OnDelete') return;
  if (type === 'RollingUpdate') {
    if (!rolling) c.required(childPath(path, 'rollingUpdate'));
    else validateRollingUpdateDaemonSet(c, rolling, childPath(path, 'rollingUpdate'));
    return;
  }
  c.notSupported(path, strategyText('DaemonSetUpdateStrategy', type, 'RollingUpdateDaemonSet'), [
    'RollingUpdate',
    'OnDelete',
  ]);
}
