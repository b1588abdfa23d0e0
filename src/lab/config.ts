import { InvalidInputError } from '../lib/errors.js';
import { formatIPv4, nthAddress, parseCidr } from '../lib/ipv4.js';

/** A lab's shape: its name, node count and underlay addressing. Validated once, at the edge. */
export interface LabConfig {
  readonly name: string;
  readonly nodes: number;
  /** The "physical" network: 172.30.0.0/24 by default. */
  readonly underlay: string;
}

export const DEFAULT_NAME = 'flatnet';
export const DEFAULT_NODES = 3;
export const DEFAULT_UNDERLAY = '172.30.0.0/24';
/** Node i (1-based) gets host address FIRST_NODE_HOST + i - 1 (.11, .12, ...). */
export const FIRST_NODE_HOST = 11;
/** The control-plane host (API server). */
export const CONTROL_HOST = 2;
/** The external "internet" client. */
export const EXTERNAL_HOST = 254;
/** Nodes stay below the LoadBalancer pool (.200-.250) and keep bench runs on 2 cores sane. */
export const MAX_NODES = 100;
export const MAX_NAME_LENGTH = 20;

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function validateLabName(name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new InvalidInputError(
      `invalid lab name ${JSON.stringify(name)}: use 1-${MAX_NAME_LENGTH} characters of [a-z0-9-], starting and ending with a letter or digit`,
    );
  }
  return name;
}

export function parseNodeCount(text: string | number): number {
  const value = typeof text === 'number' ? text : /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_NODES) {
    throw new InvalidInputError(
      `invalid node count ${JSON.stringify(text)}: expected a whole number from 1 to ${MAX_NODES}`,
    );
  }
  return value;
}

export function makeLabConfig(input: {
  name?: string;
  nodes?: string | number;
  underlay?: string;
}): LabConfig {
  const underlay = input.underlay ?? DEFAULT_UNDERLAY;
  const cidr = parseCidr(underlay, { strict: true });
  if (cidr.prefix > 24) throw new InvalidInputError(`underlay ${underlay} is too small: use a /24 or larger`);
  return {
    name: validateLabName(input.name ?? DEFAULT_NAME),
    nodes: parseNodeCount(input.nodes ?? DEFAULT_NODES),
    underlay,
  };
}

export function nodeIp(config: LabConfig, index: number): string {
  return formatIPv4(nthAddress(parseCidr(config.underlay), FIRST_NODE_HOST + index - 1));
}

export function controlIp(config: LabConfig): string {
  return formatIPv4(nthAddress(parseCidr(config.underlay), CONTROL_HOST));
}

export function externalIp(config: LabConfig): string {
  return formatIPv4(nthAddress(parseCidr(config.underlay), EXTERNAL_HOST));
}

export function underlayPrefix(config: LabConfig): number {
  return parseCidr(config.underlay).prefix;
}
