import { FlatnetError } from '../../lib/errors.js';
import { RealKernel } from '../../kernel/index.js';
import { connect } from '../../client/http-client.js';
import { netexecPods, podMatrix } from '../../lab/pod-matrix.js';
import type { LabState } from '../../lab/state.js';
import { formatMatrix, underlayMatrix } from '../../lab/connectivity.js';
import { noPositionals, parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { existingLab, labName, nameOption } from './lab-args.js';

/** Pings every node from every node and from the external host; exits 1 if any probe fails. */
export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, {
    ...nameOption,
    pods: { type: 'string' },
  });
  noPositionals('check', positionals);
  const name = labName(values.name);
  preflight('check');
  const state = await existingLab(name);
  const nodes = state.hosts.filter((h) => h.role === 'node');
  const sources = state.hosts.filter((h) => h.role !== 'switch');
  const probes = await underlayMatrix(new RealKernel(), sources, nodes);
  const failed = probes.filter((p) => !p.ok).length;
  process.stdout.write(`underlay connectivity (ping) in lab "${name}":\n`);
  process.stdout.write(
    formatMatrix(
      probes,
      sources.map((h) => h.name),
      nodes.map((h) => h.name),
    ) + '\n',
  );
  process.stdout.write(`${probes.length - failed}/${probes.length} probes ok\n`);
  if (values.pods === undefined) return failed === 0 ? 0 : 1;
  const podsFailed = await checkPods(state, values.pods);
  return failed === 0 && podsFailed === 0 ? 0 : 1;
}

/** The pod x pod matrix for netexec pods matching `selector`; returns the number of failed probes. */
async function checkPods(state: LabState, selector: string): Promise<number> {
  if (!state.controlPlane) throw new FlatnetError('ENOTFOUND', `lab "${state.config.name}" has no cluster`);
  const pods = await netexecPods(await connect(state.controlPlane.kubeconfig), selector);
  if (pods.length < 2)
    throw new FlatnetError(
      'ENOTREADY',
      `need at least 2 running pods matching ${selector}, found ${pods.length}`,
    );
  const probes = await podMatrix(new RealKernel(), state.hosts, pods);
  const failed = probes.filter((p) => !p.ok).length;
  const labels = pods.map((p) => p.label);
  process.stdout.write(`\npod-to-pod connectivity (netexec /dial, by pod IP) for ${selector}:\n`);
  process.stdout.write(formatMatrix(probes, labels, labels) + '\n');
  process.stdout.write(`${probes.length - failed}/${probes.length} probes ok\n`);
  return failed;
}
