import { cidrContains, cidrSize, formatCidr, nthSubnet, parseCidr, type Cidr } from '../../lib/ipv4.js';
import { InvalidInputError } from '../../lib/errors.js';

/**
 * The node subnets of the cluster CIDR (kubernetes pkg/controller/nodeipam/ipam/cidrset), each
 * owned by one node name. Unlike Kubernetes' cidrset, which rotates its next candidate to delay
 * reuse, this hands out the lowest free subnet: a node that replaces a deleted one gets the freed
 * subnet back, as host-local IPAM does with addresses. Pure: no I/O.
 */
export class CidrSet {
  private readonly cluster: Cidr;
  private readonly owners = new Map<number, string>();

  constructor(
    clusterCidr: string,
    private readonly maskSize: number,
  ) {
    this.cluster = parseCidr(clusterCidr, { strict: true });
    if (maskSize < this.cluster.prefix || maskSize > 32) {
      throw new InvalidInputError(
        `node CIDR mask size /${maskSize} does not fit in cluster CIDR ${clusterCidr}`,
      );
    }
  }

  /** How many node subnets the cluster CIDR holds. */
  get capacity(): number {
    return 2 ** (this.maskSize - this.cluster.prefix);
  }

  get used(): number {
    return this.owners.size;
  }

  /**
   * Marks a subnet a node already has (read back after a restart). Returns the other node that owns
   * it, if any, or 'outside' when the subnet is not one of ours (then nothing is recorded).
   */
  occupy(cidr: string, owner: string): string | undefined {
    const index = this.indexOf(cidr);
    if (index === undefined) return 'outside';
    const current = this.owners.get(index);
    if (current !== undefined && current !== owner) return current;
    this.owners.set(index, owner);
    return undefined;
  }

  /** The subnet held by `owner`, or the lowest free one now assigned to it; undefined when full. */
  allocate(owner: string): string | undefined {
    const held = this.cidrOf(owner);
    if (held) return held;
    for (let i = 0; i < this.capacity; i++) {
      if (!this.owners.has(i)) {
        this.owners.set(i, owner);
        return formatCidr(nthSubnet(this.cluster, this.maskSize, i));
      }
    }
    return undefined;
  }

  cidrOf(owner: string): string | undefined {
    for (const [i, o] of this.owners)
      if (o === owner) return formatCidr(nthSubnet(this.cluster, this.maskSize, i));
    return undefined;
  }

  /** Frees every subnet held by `owner`; returns them. */
  releaseOwner(owner: string): string[] {
    const freed: string[] = [];
    for (const [i, o] of this.owners) {
      if (o !== owner) continue;
      this.owners.delete(i);
      freed.push(formatCidr(nthSubnet(this.cluster, this.maskSize, i)));
    }
    return freed;
  }

  private indexOf(text: string): number | undefined {
    let cidr: Cidr;
    try {
      cidr = parseCidr(text, { strict: true });
    } catch {
      return undefined;
    }
    if (cidr.prefix !== this.maskSize || !cidrContains(this.cluster, cidr.network)) return undefined;
    return (cidr.network - this.cluster.network) / cidrSize({ network: 0, prefix: this.maskSize });
  }
}
