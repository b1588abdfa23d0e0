import { InvalidInputError } from '../../lib/errors.js';
import { RealKernel } from '../../kernel/index.js';
import { makeLabConfig } from '../../lab/config.js';
import { labUp } from '../../lab/lifecycle.js';
import { BACKEND_TYPES, DEFAULT_BACKEND, isBackendType } from '../../node-agent/backends/registry.js';
import { noPositionals, parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { nameOption } from './lab-args.js';

export async function upCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('up', args, {
    ...nameOption,
    nodes: { type: 'string', short: 'n' },
    cni: { type: 'string' },
    backend: { type: 'string' },
  });
  noPositionals('up', positionals);
  const config = makeLabConfig({
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.nodes !== undefined ? { nodes: values.nodes } : {}),
  });
  const cni = values.cni ?? 'flatnet';
  if (cni !== 'flatnet' && cni !== 'reference') {
    throw new InvalidInputError(`up: unknown --cni "${cni}" (use flatnet or reference)`);
  }
  const backend = values.backend ?? DEFAULT_BACKEND;
  if (!isBackendType(backend)) {
    throw new InvalidInputError(`up: unknown --backend "${backend}" (use ${BACKEND_TYPES.join(' or ')})`);
  }
  preflight('up');
  const started = performance.now();
  const state = await labUp(config, { kernel: new RealKernel() }, { cniPlugins: cni, backend });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const lines = [
    `lab "${config.name}" is up: ${config.nodes} nodes on ${config.underlay}, ${backend} backend (${seconds} s)`,
  ];
  for (const host of state.hosts) {
    lines.push(`  ${host.name.padEnd(10)} ${(host.ip ?? '-').padEnd(15)} netns ${host.netns}`);
  }
  const flag = config.name === 'flatnet' ? '' : ` --name ${config.name}`;
  if (state.controlPlane) {
    lines.push(
      `API server: https://127.0.0.1:${state.controlPlane.hostPort} (in the lab: https://${state.hosts.find((h) => h.role === 'control')?.ip}:6443)`,
    );
    lines.push(`kubectl:    export KUBECONFIG=${state.controlPlane.kubeconfig}`);
  }
  lines.push(
    `next: flatnet status${flag} | flatnet check${flag} | flatnet exec${flag} --host node-1 -- ip addr | flatnet down${flag}`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
