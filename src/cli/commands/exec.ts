import { InvalidInputError } from '../../lib/errors.js';
import { spawnInNetns } from '../../kernel/index.js';
import { parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { existingLab, labName, nameOption } from './lab-args.js';

/** `flatnet exec --host HOST -- CMD...`: runs CMD inside the host's namespace with this terminal. */
export async function execCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('exec', args, { ...nameOption, host: { type: 'string' } });
  if (values.host === undefined)
    throw new InvalidInputError('exec: --host HOST is required (node-1, external, switch)');
  if (positionals.length === 0) throw new InvalidInputError('exec: give a command after "--"');
  const name = labName(values.name);
  preflight('exec');
  const state = await existingLab(name);
  const host = state.hosts.find((h) => h.name === values.host);
  if (!host) {
    const known = state.hosts.map((h) => h.name).join(', ');
    throw new InvalidInputError(`exec: lab "${name}" has no host "${values.host}" (hosts: ${known})`);
  }
  const child = spawnInNetns(host.netns, positionals, { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}
