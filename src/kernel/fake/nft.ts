import type { NftJson } from '../types.js';
import type { FakeNetns, NftTable } from './model.js';
import { fail } from './model.js';

/**
 * A deliberately small nftables model: it tracks tables only. A script is split into top-level
 * statements (brace blocks are skipped whole); `table`, `add|create|delete|destroy|flush table`,
 * `flush ruleset` change the table list, and any other object (chain, rule, set, ...) must name a
 * table that exists at that point of the transaction. Chains, rules and sets are not modelled, so
 * syntax errors inside blocks go unnoticed. The whole script commits or nothing does, as `nft -f`.
 */

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const VERBS = new Set(['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush', 'list', 'reset']);
const OBJECTS = new Set([
  'table',
  'chain',
  'rule',
  'set',
  'map',
  'element',
  'flowtable',
  'counter',
  'quota',
  'limit',
  'ct',
]);
const NOT_FOUND = 'Error: Could not process rule: No such file or directory';

interface State {
  tables: NftTable[];
  nextHandle: number;
}

export function nftApply(ns: FakeNetns, argv: readonly string[], script: string): void {
  const state: State = { tables: [...ns.nft.tables], nextHandle: ns.nft.nextHandle };
  for (const words of statements(argv, script)) runStatement(state, argv, words);
  ns.nft = state;
}

export function nftList(ns: FakeNetns): NftJson {
  const metainfo = { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 };
  return {
    nftables: [
      { metainfo },
      ...ns.nft.tables.map((t) => ({ table: { family: t.family, name: t.name, handle: t.handle } })),
    ],
  };
}

/** The words of each top-level statement before its first `{` (blocks and comments skipped). */
function statements(argv: readonly string[], script: string): string[][] {
  const heads: string[] = [];
  let head = '';
  let depth = 0;
  let afterBlock = false;
  let quoted = false;
  let comment = false;
  for (const ch of `${script}\n`) {
    if (comment && ch !== '\n') continue;
    comment = false;
    if (quoted || ch === '"') {
      quoted = quoted ? ch !== '"' : true;
      continue;
    }
    if (ch === '#') comment = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) fail(argv, "Error: syntax error, unexpected '}'", 1);
    else if (depth === 0 && (ch === '\n' || ch === ';')) {
      heads.push(head);
      head = '';
      afterBlock = false;
    } else if (depth === 0 && !afterBlock) head += ch;
    if (ch === '{' || ch === '}') afterBlock = true;
  }
  if (depth > 0) fail(argv, 'Error: syntax error, unexpected end of file', 1);
  return heads.map((h) => h.trim().split(/\s+/).filter(Boolean)).filter((words) => words.length > 0);
}

function runStatement(state: State, argv: readonly string[], words: string[]): void {
  const [first, second] = words;
  if (first === 'flush' && second === 'ruleset') {
    state.tables = [];
    return;
  }
  const verb = VERBS.has(first!) ? first! : 'add';
  const rest = VERBS.has(first!) ? words.slice(1) : words;
  const [object, ...ref] = rest;
  if (object === undefined || !OBJECTS.has(object)) fail(argv, 'Error: syntax error, unexpected string', 1);
  const family = FAMILIES.has(ref[0]!) ? ref[0]! : 'ip';
  const name = FAMILIES.has(ref[0]!) ? ref[1] : ref[0];
  if (name === undefined) fail(argv, 'Error: syntax error, unexpected newline', 1);
  const index = state.tables.findIndex((t) => t.family === family && t.name === name);
  if (object !== 'table') {
    if (index < 0) fail(argv, NOT_FOUND, 1);
    return;
  }
  if (verb === 'add' || verb === 'create') {
    if (index >= 0 && verb === 'create') fail(argv, 'Error: Could not process rule: File exists', 1);
    if (index < 0) state.tables.push({ family, name, handle: state.nextHandle++ });
  } else if (verb === 'delete' || verb === 'destroy') {
    if (index < 0 && verb === 'delete') fail(argv, NOT_FOUND, 1);
    if (index >= 0) state.tables = state.tables.filter((_, i) => i !== index);
  } else if (index < 0) {
    fail(argv, NOT_FOUND, 1);
  }
}
