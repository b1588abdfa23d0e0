import { InvalidInputError } from '../../lib/errors.js';
import { RealKernel } from '../../kernel/index.js';
import { labDown, labDownAll } from '../../lab/lifecycle.js';
import { noPositionals, parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { labName, nameOption } from './lab-args.js';

export async function downCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('down', args, { ...nameOption, all: { type: 'boolean' } });
  noPositionals('down', positionals);
  if (values.all && values.name !== undefined)
    throw new InvalidInputError('down: use either --name or --all');
  const name = values.all ? undefined : labName(values.name);
  preflight('down');
  const kernel = new RealKernel();
  if (name === undefined) {
    const removed = await labDownAll({ kernel });
    process.stdout.write(removed.length ? `removed labs: ${removed.join(', ')}\n` : 'no labs to remove\n');
    return 0;
  }
  const result = await labDown(name, { kernel });
  if (result.existed) process.stdout.write(`lab "${name}" removed (${result.namespaces} namespaces)\n`);
  return 0;
}
