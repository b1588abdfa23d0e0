import type { Json } from './spec/netconf.js';
import { invokePlugin, type Plugin } from './spec/plugin-main.js';

/** Builders shared by the plugin tests: configurations, environments, one-call invocations. */

export type Tweak = (conf: Json) => void;

/** A flatnet-bridge configuration as the kubelet writes it, then tweaked. */
export function makeBridgeConf(...tweaks: Tweak[]): Json {
  const conf: Json = {
    cniVersion: '1.1.0',
    name: 'podnet',
    type: 'flatnet-bridge',
    bridge: 'cni0',
    isGateway: true,
    isDefaultGateway: true,
    hairpinMode: true,
    mtu: 1450,
    ipam: { type: 'flatnet-ipam', subnet: '10.244.1.0/24', dataDir: '/tmp/flatnet-ipam-test' },
  };
  for (const tweak of tweaks) tweak(conf);
  return conf;
}

export const withIpam =
  (fields: Json): Tweak =>
  (conf) => {
    conf['ipam'] = { ...(conf['ipam'] as Json), ...fields };
  };

export const withField =
  (key: string, value: unknown): Tweak =>
  (conf) => {
    if (value === undefined) delete conf[key];
    else conf[key] = value;
  };

export const without =
  (key: string): Tweak =>
  (conf) => {
    delete conf[key];
  };

export function makeEnv(
  command: string,
  fields: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    CNI_COMMAND: command,
    CNI_CONTAINERID: 'c0ffee01',
    CNI_NETNS: '/run/netns/pod-a',
    CNI_IFNAME: 'eth0',
    CNI_PATH: '/opt/cni/bin',
    ...fields,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface Invocation {
  readonly exitCode: number;
  /** stdout parsed (undefined when empty). */
  readonly out: Json | undefined;
  readonly stderr: string;
}

/** One plugin invocation in-process, exactly as the executable runs it. */
export async function invoke<C>(
  plugin: Plugin<C>,
  env: Record<string, string | undefined>,
  stdin: string | Json,
): Promise<Invocation> {
  let stderr = '';
  const { exitCode, stdout } = await invokePlugin(plugin, {
    env,
    stdin: typeof stdin === 'string' ? stdin : JSON.stringify(stdin),
    stderr: (t) => (stderr += t),
  });
  return { exitCode, out: stdout.trim() === '' ? undefined : (JSON.parse(stdout) as Json), stderr };
}
