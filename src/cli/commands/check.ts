import { RealKernel } from '../../kernel/index.js';
import { formatMatrix, underlayMatrix } from '../../lab/connectivity.js';
import { noPositionals, parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { existingLab, labName, nameOption } from './lab-args.js';

/** Pings every node from every node and from the external host; exits 1 if any probe fails. */
export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, nameOption);
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
  return failed === 0 ? 0 : 1;
}
