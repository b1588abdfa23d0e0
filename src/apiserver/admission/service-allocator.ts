import { randomInt } from 'node:crypto';
import {
  cidrContains,
  cidrSize,
  formatIPv4,
  isIPv4,
  parseCidr,
  parseIPv4,
  type Cidr,
} from '../../lib/ipv4.js';
import type { FieldError } from '../machinery/field-error.js';

/**
 * ClusterIP and NodePort allocation, as kube-apiserver's service registry does it at create time.
 * Each allocated value remembers its owner (`ns/name`), so re-admitting the same Service (an update,
 * a retried write) never double-books, and a delete releases exactly what the Service held.
 */

export interface ServicePort {
  name?: string;
  protocol?: string;
  port?: number;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
}

export interface AllocatorConfig {
  readonly serviceCidr: string;
  readonly nodePortRange: readonly [number, number];
}

export const usesNodePorts = (spec: ServiceSpec): boolean =>
  spec.type === 'NodePort' || spec.type === 'LoadBalancer';

export class ServiceAllocator {
  private readonly cidr: Cidr;
  private readonly ips = new Map<number, string>();
  private readonly ports = new Map<number, string>();

  constructor(private readonly config: AllocatorConfig) {
    this.cidr = parseCidr(config.serviceCidr);
  }

  /** Records what an existing Service holds (at start-up, from storage). */
  restore(owner: string, spec: ServiceSpec): void {
    if (spec.clusterIP && isIPv4(spec.clusterIP)) this.ips.set(parseIPv4(spec.clusterIP), owner);
    for (const p of spec.ports ?? []) if (p.nodePort) this.ports.set(p.nodePort, owner);
    if (spec.healthCheckNodePort) this.ports.set(spec.healthCheckNodePort, owner);
  }

  /** Fills spec.clusterIP(s) and nodePorts in place; returns problems in the caller's fields. */
  admit(owner: string, spec: ServiceSpec): FieldError[] {
    const errors = [...this.admitClusterIP(owner, spec), ...this.admitNodePorts(owner, spec)];
    if (errors.length === 0) this.releaseUnused(owner, spec);
    return errors;
  }

  release(owner: string): void {
    for (const map of [this.ips, this.ports])
      for (const [value, who] of map) if (who === owner) map.delete(value);
  }

  private admitClusterIP(owner: string, spec: ServiceSpec): FieldError[] {
    if (spec.type === 'ExternalName') return [];
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
      return [];
    }
    if (!spec.clusterIP) {
      spec.clusterIP = formatIPv4(this.pickIp(owner));
    } else {
      const field = 'spec.clusterIPs';
      const badValue = [spec.clusterIP];
      if (!isIPv4(spec.clusterIP)) {
        return [
          {
            type: 'FieldValueInvalid',
            field,
            badValue,
            detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
          },
        ];
      }
      const ip = parseIPv4(spec.clusterIP);
      if (!cidrContains(this.cidr, ip)) {
        return [
          {
            type: 'FieldValueInvalid',
            field,
            badValue,
            detail: `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${this.config.serviceCidr}`,
          },
        ];
      }
      const holder = this.ips.get(ip);
      if (holder !== undefined && holder !== owner) {
        return [
          {
            type: 'FieldValueInvalid',
            field,
            badValue,
            detail: `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
          },
        ];
      }
      this.ips.set(ip, owner);
    }
    spec.clusterIPs = [spec.clusterIP];
    return [];
  }

  private admitNodePorts(owner: string, spec: ServiceSpec): FieldError[] {
    const errors: FieldError[] = [];
    const [low, high] = this.config.nodePortRange;
    (spec.ports ?? []).forEach((port, i) => {
      if (!usesNodePorts(spec)) {
        delete port.nodePort;
        return;
      }
      if (port.nodePort === undefined || port.nodePort === 0) {
        port.nodePort = this.pickPort(owner);
        return;
      }
      const field = `spec.ports[${i}].nodePort`;
      if (port.nodePort < low || port.nodePort > high) {
        errors.push({
          type: 'FieldValueInvalid',
          field,
          badValue: port.nodePort,
          detail: `provided port is not in the valid range. The range of valid ports is ${low}-${high}`,
        });
      } else if ((this.ports.get(port.nodePort) ?? owner) !== owner) {
        errors.push({
          type: 'FieldValueInvalid',
          field,
          badValue: port.nodePort,
          detail: 'provided port is already allocated',
        });
      } else {
        this.ports.set(port.nodePort, owner);
      }
    });
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')
      spec.healthCheckNodePort ||= this.pickPort(owner);
    else delete spec.healthCheckNodePort;
    return errors;
  }

  /** After a type change or a port removal, values the Service no longer uses go back to the pool. */
  private releaseUnused(owner: string, spec: ServiceSpec): void {
    const keepPorts = new Set([...(spec.ports ?? []).map((p) => p.nodePort), spec.healthCheckNodePort]);
    for (const [port, who] of this.ports) if (who === owner && !keepPorts.has(port)) this.ports.delete(port);
    for (const [ip, who] of this.ips)
      if (who === owner && formatIPv4(ip) !== spec.clusterIP) this.ips.delete(ip);
  }

  private pickIp(owner: string): number {
    // Skip the network address and the first address (.1: the `kubernetes` Service, allocated explicitly).
    const size = cidrSize(this.cidr);
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const ip = this.cidr.network + 2 + randomInt(size - 3);
      if (!this.ips.has(ip)) {
        this.ips.set(ip, owner);
        return ip;
      }
    }
    throw new Error(`no free ClusterIP left in ${this.config.serviceCidr}`);
  }

  private pickPort(owner: string): number {
    const [low, high] = this.config.nodePortRange;
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const port = low + randomInt(high - low + 1);
      if (!this.ports.has(port)) {
        this.ports.set(port, owner);
        return port;
      }
    }
    throw new Error(`no free NodePort left in ${low}-${high}`);
  }
}
