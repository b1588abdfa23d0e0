#!/usr/bin/env node
import { InvalidInputError } from '../lib/errors.js';
import { checkCommand } from './commands/check.js';
import { downCommand } from './commands/down.js';
import { execCommand } from './commands/exec.js';
import { kubeconfigCommand } from './commands/kubeconfig.js';
import { statusCommand } from './commands/status.js';
import { upCommand } from './commands/up.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  up: upCommand,
  down: downCommand,
  status: statusCommand,
  exec: execCommand,
  check: checkCommand,
  kubeconfig: kubeconfigCommand,
};

const USAGE = `usage: flatnet <command> [options]

  up     [--name NAME] [--nodes N] [--backend vxlan|host-gw] [--cni flatnet|reference]
                                          build a lab datacenter and its cluster (default: flatnet, 3 nodes)
  status [--name NAME] [--json]           show the lab's hosts, addresses and health
  check  [--name NAME] [--pods SELECTOR]  underlay ping matrix; with --pods, the pod-to-pod matrix of netexec pods
  exec   --host HOST [--name NAME] -- CMD run a command inside a lab host (node-1, control, external, switch)
  exec   POD [-n NS] [-c C] [--name NAME] -- CMD   run a command inside a pod's network and UTS namespaces
  kubeconfig [--name NAME]                print the path of the lab's kubeconfig (for kubectl)
  down   [--name NAME] | --all            remove a lab (or every lab) and everything it created
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new InvalidInputError(`unknown command "${name}" (try "flatnet help")`);
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`flatnet: ${message.split('\n')[0]}\n`);
    if (process.env['FLATNET_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof InvalidInputError ? 2 : 1;
  },
);
