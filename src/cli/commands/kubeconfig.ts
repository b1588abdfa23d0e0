import { FlatnetError } from '../../lib/errors.js';
import { noPositionals, parseCommandArgs } from '../args.js';
import { existingLab, labName, nameOption } from './lab-args.js';

/** `flatnet kubeconfig`: the path of the lab's kubeconfig for kubectl on this host. */
export async function kubeconfigCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('kubeconfig', args, nameOption);
  noPositionals('kubeconfig', positionals);
  const name = labName(values.name);
  const state = await existingLab(name);
  if (!state.controlPlane) throw new FlatnetError('ENOTFOUND', `lab "${name}" has no control plane`);
  process.stdout.write(`${state.controlPlane.kubeconfig}\n`);
  return 0;
}
