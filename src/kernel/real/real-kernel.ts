import { KernelError, classifyStderr, isKernelError } from '../errors.js';
import { runCommand, type CommandRunner, type RunOptions } from '../exec.js';
import type { ExecResult, HostKernel, Kernel, KernelOp, NftJson } from '../types.js';
import {
  validateIfName,
  validateInteger,
  netnsNameFromPath,
  validateNetnsName,
  validateNetnsPath,
  validateSysctlKey,
  validateSysctlValue,
} from '../validate.js';
import { groupByTool, opLines } from './argv.js';
import {
  parseAddresses,
  parseFdb,
  parseJsonArray,
  parseLinks,
  parseNeighbours,
  parseRoutes,
} from './parse.js';

/**
 * The real kernel through iproute2, nft and sysctl. Reads use JSON output; writes of several
 * steps go through one `ip -batch -` (and `bridge -batch -` for FDB runs) to save process spawns.
 */
export class RealKernel implements Kernel {
  constructor(private readonly run: CommandRunner = runCommand) {}

  async createNetns(name: string): Promise<void> {
    await this.run(['ip', 'netns', 'add', validateNetnsName(name)]);
  }

  async deleteNetns(name: string): Promise<void> {
    await this.run(['ip', 'netns', 'del', validateNetnsName(name)]);
  }

  async listNetns(): Promise<string[]> {
    const { stdout } = await this.run(['ip', '-j', 'netns', 'list']);
    return parseJsonArray(stdout)
      .map((n) => n['name'])
      .filter((n): n is string => typeof n === 'string')
      .sort();
  }

  async netnsPids(name: string): Promise<number[]> {
    const { stdout } = await this.run(['ip', 'netns', 'pids', validateNetnsName(name)]);
    return stdout
      .split(/\s+/)
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
  }

  host(netns: string | null): HostKernel {
    return new RealHostKernel(netns === null ? null : validateNetnsName(netns), this.run);
  }

  /**
   * A namespace given by path, as CNI_NETNS gives it. /run/netns/<name> maps to `host(name)`; any
   * other path (/proc/<pid>/ns/net, a bind mount elsewhere) is entered with `nsenter --net=<path>`,
   * and the returned host's `netns` is that path, usable as a link's target namespace.
   */
  hostAtPath(path: string): HostKernel {
    const name = netnsNameFromPath(validateNetnsPath(path));
    return name === undefined ? new RealHostKernel(path, this.run, true) : this.host(name);
  }
}

class RealHostKernel implements HostKernel {
  constructor(
    readonly netns: string | null,
    private readonly run: CommandRunner,
    /** `netns` is a path (entered with nsenter), not a name under /run/netns. */
    private readonly byPath = false,
  ) {}

  /** `ip`/`bridge` scoped to this namespace (`ip -n` only takes names). */
  private tool(tool: 'ip' | 'bridge', ...args: string[]): string[] {
    if (this.netns === null) return [tool, ...args];
    return this.byPath ? this.inNetns([tool, ...args]) : [tool, '-n', this.netns, ...args];
  }

  /** Any other program, run inside this namespace. */
  private inNetns(argv: readonly string[]): string[] {
    if (this.netns === null) return [...argv];
    if (this.byPath) return ['nsenter', `--net=${this.netns}`, ...argv];
    return ['ip', 'netns', 'exec', this.netns, ...argv];
  }

  async apply(ops: readonly KernelOp[]): Promise<void> {
    // Validate everything before running anything: a bad value never leaves a half-applied batch.
    const groups = groupByTool(ops.flatMap(opLines));
    for (const group of groups) {
      if (group.lines.length === 1) {
        await this.run(this.tool(group.tool, ...group.lines[0]!));
      } else {
        const input = group.lines.map((l) => l.join(' ')).join('\n') + '\n';
        await this.run(this.tool(group.tool, '-batch', '-'), { input });
      }
    }
  }

  async listLinks() {
    return parseLinks((await this.run(this.tool('ip', '-j', '-d', 'link', 'show'))).stdout);
  }

  async getLink(name: string) {
    try {
      const { stdout } = await this.run(
        this.tool('ip', '-j', '-d', 'link', 'show', 'dev', validateIfName(name)),
      );
      return parseLinks(stdout)[0];
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOTFOUND') return undefined;
      throw err;
    }
  }

  async listAddresses(dev?: string) {
    const args = dev === undefined ? [] : ['dev', validateIfName(dev)];
    return parseAddresses((await this.run(this.tool('ip', '-j', '-4', 'addr', 'show', ...args))).stdout);
  }

  async listRoutes(table = 254) {
    validateInteger(table, 'table', 1, 2 ** 31);
    try {
      const { stdout } = await this.run(this.tool('ip', '-j', '-4', 'route', 'show', 'table', String(table)));
      return parseRoutes(stdout, table);
    } catch (err) {
      // The kernel creates a table with its first route; a table never used is simply empty.
      if (isKernelError(err) && /FIB table does not exist/.test(err.stderr)) return [];
      throw err;
    }
  }

  async listNeighbours(dev?: string) {
    const args = dev === undefined ? [] : ['dev', validateIfName(dev)];
    return parseNeighbours(
      (await this.run(this.tool('ip', '-j', '-4', 'neigh', 'show', ...args))).stdout,
      dev,
    );
  }

  async listFdb(dev?: string) {
    const args = dev === undefined ? [] : ['dev', validateIfName(dev)];
    return parseFdb((await this.run(this.tool('bridge', '-j', 'fdb', 'show', ...args))).stdout, dev);
  }

  async getSysctl(key: string): Promise<string> {
    const { stdout } = await this.run(this.inNetns(['sysctl', '-n', validateSysctlKey(key)]));
    return stdout.trim();
  }

  async setSysctl(key: string, value: string): Promise<void> {
    const setting = `${validateSysctlKey(key)}=${validateSysctlValue(value)}`;
    const argv = this.inNetns(['sysctl', '-q', '-w', setting]);
    const { stderr } = await this.run(argv);
    // procps 4 exits 0 when the kernel refuses a write to a read-only key (e.g. nf_conntrack_max
    // in a child namespace) and only prints "setting key ...: Invalid argument".
    if (stderr.trim() !== '') throw new KernelError(classifyStderr(stderr), { argv, exitCode: 0, stderr });
  }

  async nftApply(script: string): Promise<void> {
    await this.run(this.inNetns(['nft', '-f', '-']), { input: script });
  }

  async nftList(): Promise<NftJson> {
    const { stdout } = await this.run(this.inNetns(['nft', '-j', 'list', 'ruleset']));
    return JSON.parse(stdout) as NftJson;
  }

  async exec(argv: readonly string[], options?: RunOptions): Promise<ExecResult> {
    return this.run(this.inNetns(argv), options);
  }
}
