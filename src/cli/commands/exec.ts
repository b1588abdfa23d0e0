import { InvalidInputError } from '../../lib/errors.js';
import { spawnInNetns } from '../../kernel/index.js';
import { parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { existingLab, labName, nameOption } from './lab-args.js';
import { execInPod } from './exec-pod.js';

/**
 * `flatnet exec --host HOST -- CMD...`: runs CMD inside a lab host's namespace with this terminal.
 * `flatnet exec POD [-n NS] [-c CONTAINER] -- CMD...`: runs CMD inside a pod's sandbox.
 */
export async function execCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('exec', args, {
    ...nameOption,
    host: { type: 'string' },
    namespace: { type: 'string', short: 'n' },
    container: { type: 'string', short: 'c' },
  });
  const dashdash = args.indexOf('--');
  const before =
    dashdash < 0 ? positionals : positionals.slice(0, positionals.length - (args.length - dashdash - 1));
  const command = dashdash < 0 ? [] : args.slice(dashdash + 1);
  if (command.length === 0) throw new InvalidInputError('exec: give a command after "--"');
  if (values.host === undefined && before.length !== 1) {
    throw new InvalidInputError('exec: name a pod (flatnet exec POD -- CMD) or a host (--host node-1)');
  }
  const name = labName(values.name);
  preflight('exec');
  const state = await existingLab(name);
  if (values.host === undefined) {
    const target = {
      pod: before[0]!,
      namespace: values.namespace ?? 'default',
      ...(values.container ? { container: values.container } : {}),
    };
    return execInPod(state, target, command);
  }
  const host = state.hosts.find((h) => h.name === values.host);
  if (!host) {
    const known = state.hosts.map((h) => h.name).join(', ');
    throw new InvalidInputError(`exec: lab "${name}" has no host "${values.host}" (hosts: ${known})`);
  }
  const child = spawnInNetns(host.netns, command, { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}
