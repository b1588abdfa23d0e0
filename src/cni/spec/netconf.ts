import { CNI_CODE, CniError, invalidConfig } from './errors.js';
import { parseVersion, type CniVersion } from './version.js';

/**
 * The part of a plugin configuration every plugin reads (SPEC.md Section 1 and Section 3
 * "Deriving request configuration"), plus typed readers that turn a wrong type into code 7.
 * Keys a plugin does not know are ignored: "Plugins may define additional fields ... Runtimes must
 * preserve unknown fields".
 */

export type Json = Record<string, unknown>;

export interface NetConfBase {
  readonly cniVersion: CniVersion;
  readonly name: string;
  readonly type: string;
}

// SPEC.md Section 1: the network name starts alphanumeric, then alphanumerics, '_', '.', '-'.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
// `type` names an executable: no path separators (SPEC.md "Plugin configuration objects").
const PLUGIN_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

/** stdin -> a JSON object, or code 6 (SPEC.md: "failed to unmarshal network config"). */
export function decodeConfig(stdin: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(stdin);
  } catch (err) {
    throw new CniError(CNI_CODE.DECODE_FAILURE, 'error unmarshalling network config', String(err));
  }
  if (!isObject(value)) {
    throw new CniError(CNI_CODE.DECODE_FAILURE, 'error unmarshalling network config', 'not a JSON object');
  }
  return value;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name check comes before the version check, as in libcni's skel. */
export function parseBase(raw: Json): NetConfBase {
  const name = raw['name'];
  if (name === undefined || name === '') throw invalidConfig('missing network name');
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalidConfig('invalid characters found in network name', String(name));
  }
  const cniVersion = parseVersion(raw['cniVersion']);
  return { cniVersion, name, type: typeof raw['type'] === 'string' ? raw['type'] : '' };
}

export function pluginType(value: unknown, where: string): string {
  if (value === undefined || value === '') throw invalidConfig(`${where} is missing`);
  if (typeof value !== 'string' || !PLUGIN_TYPE.test(value)) {
    throw invalidConfig(`${where} must name a plugin executable`, JSON.stringify(value));
  }
  return value;
}

export function optionalBool(obj: Json, key: string, where = key): boolean {
  const value = obj[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalidConfig(`${where} must be a boolean`, JSON.stringify(value));
  return value;
}

export function optionalString(obj: Json, key: string, where = key): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidConfig(`${where} must be a string`, JSON.stringify(value));
  return value;
}

export function optionalInt(obj: Json, key: string, min: number, max: number): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidConfig(`${key} must be an integer from ${min} to ${max}`, JSON.stringify(value));
  }
  return value;
}

export function optionalArray(obj: Json, key: string, where = key): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidConfig(`${where} must be a list`, JSON.stringify(value));
  return value;
}

export function optionalObject(obj: Json, key: string, where = key): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidConfig(`${where} must be an object`, JSON.stringify(value));
  return value;
}
