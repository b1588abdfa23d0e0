import { opLines } from '../real/argv.js';
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
import { listAddresses } from './addresses.js';
import { applyOp } from './apply.js';
import { dumpNamespaces, toLinkInfo } from './dump.js';
import { destroyLink, vxlansOf } from './links.js';
import type { FakeLink, FakeNetns, FakeWorld } from './model.js';
import { MSG, fail, newNetns } from './model.js';
import { listFdb, listNeighbours } from './neigh-fdb.js';
import { nftApply, nftList } from './nft.js';
import { tableRoutes, toRouteInfo } from './route-table.js';
import { getSysctl, setSysctl } from './sysctl.js';

export interface ExecCall {
  readonly netns: string | null;
  readonly argv: readonly string[];
  readonly input?: string;
}

/** Scripts `exec` answers in tests: return a result, throw a KernelError, or undefined for empty output. */
export type ExecHandler = (call: ExecCall) => ExecResult | undefined | Promise<ExecResult | undefined>;

/**
 * The in-memory kernel: same contract, same validation (through argv.ts and validate.ts) and the
 * same KernelError codes as RealKernel, checked by the shared conformance suite.
 */
export class FakeKernel implements Kernel {
  /** Every `exec`, in order. */
  readonly execCalls: ExecCall[] = [];
  onExec: ExecHandler | undefined;
  private readonly named = new Map<string, FakeNetns>();
  private readonly initial = newNetns(null);
  private readonly pids = new Map<string, number[]>();
  readonly world: FakeWorld = {
    netns: (name) => this.named.get(name),
    all: () => [this.initial, ...this.named.values()],
  };

  async createNetns(name: string): Promise<void> {
    validateNetnsName(name);
    const exists = `Cannot create namespace file "/run/netns/${name}": File exists`;
    if (this.named.has(name)) fail(['ip', 'netns', 'add', name], exists, 1);
    this.named.set(name, newNetns(name));
  }

  /**
   * default_device_exit_batch(): the namespace's virtual devices are deleted, which takes their veth
   * peers elsewhere along, and so are VXLAN devices whose socket lived here, wherever they moved.
   */
  async deleteNetns(name: string): Promise<void> {
    validateNetnsName(name);
    const missing = `Cannot remove namespace file "/run/netns/${name}": No such file or directory`;
    const ns = this.named.get(name) ?? fail(['ip', 'netns', 'del', name], missing, 1);
    for (const link of [...ns.links.values(), ...vxlansOf(ns, this.world)]) {
      if (link.kind !== 'loopback') destroyLink(link, this.world);
    }
    this.named.delete(name);
    this.pids.delete(name);
  }

  async listNetns(): Promise<string[]> {
    return [...this.named.keys()].sort();
  }

  async netnsPids(name: string): Promise<number[]> {
    validateNetnsName(name);
    if (!this.named.has(name)) fail(['ip', 'netns', 'pids', name], MSG.noNetns(name), 1);
    return [...(this.pids.get(name) ?? [])];
  }

  /** Test hook: the processes `netnsPids` reports for a namespace. */
  setNetnsPids(name: string, pids: readonly number[]): void {
    this.pids.set(name, [...pids]);
  }

  host(netns: string | null): HostKernel {
    return new FakeHostKernel(this, netns === null ? null : validateNetnsName(netns));
  }

  /** As RealKernel.hostAtPath; a path that is no /run/netns/<name> names no fake namespace. */
  hostAtPath(path: string): HostKernel {
    const name = netnsNameFromPath(validateNetnsPath(path));
    return name === undefined ? new FakeHostKernel(this, path) : this.host(name);
  }

  /** The canonical text of all namespaces (see dump.ts). */
  dump(): string {
    return dumpNamespaces(this.initial, [...this.named.values()]);
  }

  /** @internal The state of a namespace, or undefined when it does not exist. */
  state(netns: string | null): FakeNetns | undefined {
    return netns === null ? this.initial : this.named.get(netns);
  }
}

class FakeHostKernel implements HostKernel {
  constructor(
    private readonly kernel: FakeKernel,
    readonly netns: string | null,
  ) {}

  /** The real command line of a step, for messages. */
  private argv(tool: string, args: readonly string[]): string[] {
    return this.netns === null ? [tool, ...args] : [tool, '-n', this.netns, ...args];
  }

  private ns(tool: string, ...args: string[]): FakeNetns {
    const state = this.kernel.state(this.netns);
    return state ?? fail(this.argv(tool, args), MSG.noNetns(this.netns ?? ''), 255);
  }

  /** All links in index order, or the one `dev` names; a missing `dev` fails as the tool does. */
  private linksOf(tool: string, dev: string | undefined, missing: string, exitCode: number): FakeLink[] {
    if (dev !== undefined) validateIfName(dev);
    const ns = this.ns(tool, 'show');
    if (dev === undefined) return [...ns.links.values()].sort((a, b) => a.index - b.index);
    return [ns.links.get(dev) ?? fail(this.argv(tool, ['show', 'dev', dev]), missing, exitCode)];
  }

  async apply(ops: readonly KernelOp[]): Promise<void> {
    // Validate everything before running anything, exactly as RealKernel does.
    const steps = ops.map((op) => ({ op, line: opLines(op)[0] }));
    for (const { op, line } of steps) {
      if (line) applyOp(this.ns(line.tool), op, this.argv(line.tool, line.args), this.kernel.world);
    }
  }

  async listLinks() {
    return this.linksOf('ip', undefined, '', 0).map(toLinkInfo);
  }

  async getLink(name: string) {
    validateIfName(name);
    const link = this.kernel.state(this.netns)?.links.get(name);
    return link ? toLinkInfo(link) : undefined;
  }

  async listAddresses(dev?: string) {
    return listAddresses(this.linksOf('ip', dev, `Device "${dev}" does not exist.`, 1));
  }

  async listRoutes(table = 254) {
    validateInteger(table, 'table', 1, 2 ** 31);
    return tableRoutes(this.ns('ip', 'route'), table).map(toRouteInfo);
  }

  async listNeighbours(dev?: string) {
    this.linksOf('ip', dev, MSG.noDevice(dev ?? ''), 1);
    return listNeighbours(this.ns('ip', 'neigh'), dev);
  }

  async listFdb(dev?: string) {
    return listFdb(this.linksOf('bridge', dev, MSG.noDevice(dev ?? ''), 255));
  }

  async getSysctl(key: string): Promise<string> {
    validateSysctlKey(key);
    return getSysctl(this.ns('sysctl'), ['sysctl', '-n', key], key);
  }

  async setSysctl(key: string, value: string): Promise<void> {
    const setting = `${validateSysctlKey(key)}=${validateSysctlValue(value)}`;
    setSysctl(this.ns('sysctl'), ['sysctl', '-q', '-w', setting], key, value);
  }

  async nftApply(script: string): Promise<void> {
    nftApply(this.ns('nft'), ['nft', '-f', '-'], script);
  }

  async nftList(): Promise<NftJson> {
    return nftList(this.ns('nft'));
  }

  async exec(argv: readonly string[], options?: { input?: string }): Promise<ExecResult> {
    this.ns(argv[0] ?? '');
    if (argv.length === 0) fail(['ip', 'netns', 'exec'], 'Error: argument "" is wrong: empty argv', 255);
    const call: ExecCall = {
      netns: this.netns,
      argv: [...argv],
      ...(options?.input !== undefined && { input: options.input }),
    };
    this.kernel.execCalls.push(call);
    return (await this.kernel.onExec?.(call)) ?? { stdout: '', stderr: '' };
  }
}
