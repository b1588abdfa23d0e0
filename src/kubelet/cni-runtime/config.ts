import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { configError } from './errors.js';
import type { NetworkConfigList, PluginConf } from './types.js';
import { compareVersions, isSupported } from './version.js';

/** The extensions the kubelet (and containerd, CRI-O) consider, and libcni's name rule. */
const CONFIG_EXTENSIONS = ['.conf', '.conflist', '.json'];
export const CNI_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Loads the network: the lowest-sorted (byte order, like Go's sort.Strings) config file in
 * `confDir`. A `.conflist` is a list; `.conf`/`.json` hold one plugin and become a one-plugin
 * list (libcni ConfListFromConf). A broken winner is an error, not skipped: a later file would
 * silently take over a node whose intended network is merely half-written.
 */
export async function loadNetworkConfig(confDir: string): Promise<NetworkConfigList> {
  const file = (await configFiles(confDir))[0];
  if (file === undefined) throw configError('no network configuration found', `in ${confDir}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw configError(`cannot read network configuration ${file}`, String(err), err);
  }
  return parseNetworkConfig(text, file, extname(file) === '.conflist' ? 'list' : 'single');
}

async function configFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw configError(`cannot read configuration directory ${dir}`, String(err), err);
  }
  const files: string[] = [];
  for (const name of names.filter((n) => CONFIG_EXTENSIONS.includes(extname(n))).sort()) {
    const path = join(dir, name);
    if ((await stat(path).catch(() => undefined))?.isFile()) files.push(path);
  }
  return files;
}

/** Parses and validates a conflist (`list`) or a one-plugin config (`single`); `source` names it in errors. */
export function parseNetworkConfig(text: string, source: string, kind: 'list' | 'single'): NetworkConfigList {
  const invalid = (details: string) => configError(`invalid network configuration ${source}`, details);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw invalid(`not JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw invalid('not a JSON object');
  const isList = kind === 'list';
  const list = isList ? raw : { name: raw['name'], cniVersion: raw['cniVersion'], plugins: [raw] };
  const name = list['name'];
  if (typeof name !== 'string' || !CNI_NAME.test(name)) {
    throw invalid(`"name" must match ${CNI_NAME.source}, got ${JSON.stringify(name)}`);
  }
  const plugins = list['plugins'];
  if (!Array.isArray(plugins) || plugins.length === 0) throw invalid('"plugins" must be a non-empty list');
  return {
    name,
    cniVersion: pickVersion(list, invalid),
    disableCheck: readBool(list, 'disableCheck', invalid),
    disableGC: readBool(list, 'disableGC', invalid),
    plugins: plugins.map((p: unknown, i) => checkPlugin(p, i, invalid)),
    source,
    bytes: isList ? text : JSON.stringify(list),
  };
}

type Invalid = (details: string) => Error;

/** `cniVersion`, or with libcni's `cniVersions` list the highest entry this runtime supports. */
function pickVersion(list: Record<string, unknown>, invalid: Invalid): string {
  const single = list['cniVersion'];
  if (single !== undefined && typeof single !== 'string') throw invalid('"cniVersion" must be a string');
  const many = list['cniVersions'];
  if (many !== undefined && (!Array.isArray(many) || many.some((v) => typeof v !== 'string'))) {
    throw invalid('"cniVersions" must be a list of strings');
  }
  const candidates = [...((many as string[] | undefined) ?? []), ...(single ? [single] : [])];
  const usable = candidates.filter(isSupported).sort(compareVersions);
  const version = usable.at(-1);
  if (version === undefined) {
    throw invalid(`CNI version ${JSON.stringify(candidates)} not supported (0.4.0, 1.0.0 and 1.1.0 are)`);
  }
  return version;
}

function checkPlugin(p: unknown, index: number, invalid: Invalid): PluginConf {
  if (!isObject(p)) throw invalid(`plugin ${index} is not a JSON object`);
  const type = p['type'];
  if (typeof type !== 'string' || !CNI_NAME.test(type)) {
    throw invalid(`plugin ${index}: "type" must be a plugin name, got ${JSON.stringify(type)}`);
  }
  const caps = p['capabilities'];
  if (caps !== undefined && (!isObject(caps) || Object.values(caps).some((v) => typeof v !== 'boolean'))) {
    throw invalid(`plugin ${index} (${type}): "capabilities" must map names to booleans`);
  }
  return p as PluginConf;
}

// libcni accepts booleans and the strings "true"/"false" (any case).
function readBool(list: Record<string, unknown>, key: string, invalid: Invalid): boolean {
  const value = list[key];
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(`"${key}" must be a boolean, got ${JSON.stringify(value)}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
