import { RealKernel } from '../../kernel/index.js';
import { labStatus, type LabStatus } from '../../lab/status.js';
import { noPositionals, parseCommandArgs } from '../args.js';
import { preflight } from '../preflight.js';
import { existingLab, labName, nameOption } from './lab-args.js';

export async function statusCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, {
    ...nameOption,
    json: { type: 'boolean' },
  });
  noPositionals('status', positionals);
  const name = labName(values.name);
  preflight('status');
  await existingLab(name);
  const status = (await labStatus(name, new RealKernel()))!;
  process.stdout.write(values.json ? JSON.stringify(status, null, 2) + '\n' : formatStatus(status));
  return status.healthy ? 0 : 1;
}

export function formatStatus(status: LabStatus): string {
  const nodes = status.hosts.filter((h) => h.role === 'node').length;
  const head = `lab "${status.name}": ${status.phase}, ${status.healthy ? 'healthy' : 'UNHEALTHY'}, ${nodes} nodes on ${status.underlay}, created ${status.createdAt}`;
  const rows = [['HOST', 'ROLE', 'NETNS', 'IP', 'HEALTH', 'DETAIL']];
  for (const h of status.hosts) rows.push([h.name, h.role, h.netns, h.ip ?? '-', h.health, h.detail ?? '']);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)) + 2);
  const table = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('')
      .trimEnd(),
  );
  return [head, ...table].join('\n') + '\n';
}
