import type { Json } from '../json.js';
import { int, num, recs, str } from '../json.js';
import {
  isDNS1123Label,
  isValidPortName,
  isValidPortNum,
  PORT_PROTOCOLS,
} from '../../machinery/validation.js';
import { childPath, index } from './causes.js';
import type { Causes } from './causes.js';

/**
 * Container validation of pkg/apis/core/validation (Kubernetes 1.32): validateContainers,
 * validateInitContainers, validateContainerCommon, validateContainerPorts and
 * AccumulateUniqueHostPorts, for the fields flatnet runs.
 */

/** validateContainerPorts: names are IANA_SVC_NAMEs, unique; containerPort required; protocol known. */
export function validateContainerPorts(c: Causes, ports: Json[], path: string): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    const name = str(port['name']);
    if (name !== '') {
      const problems = isValidPortName(name);
      if (problems.length > 0) c.invalidEach(childPath(p, 'name'), name, problems);
      else if (names.has(name)) c.duplicate(childPath(p, 'name'), name);
      else names.add(name);
    }
    const containerPort = int(port['containerPort']);
    if (containerPort === 0) c.required(childPath(p, 'containerPort'));
    else c.invalidEach(childPath(p, 'containerPort'), containerPort, isValidPortNum(containerPort));
    const hostPort = int(port['hostPort']);
    if (hostPort !== 0) c.invalidEach(childPath(p, 'hostPort'), hostPort, isValidPortNum(hostPort));
    validateProtocol(c, childPath(p, 'protocol'), port['protocol']);
  });
}

/** Required when empty, NotSupported (sorted: "SCTP", "TCP", "UDP") when unknown. */
export function validateProtocol(c: Causes, field: string, protocol: unknown): void {
  const value = str(protocol);
  if (value === '') c.required(field);
  else if (!(PORT_PROTOCOLS as readonly string[]).includes(value))
    c.notSupported(field, value, PORT_PROTOCOLS);
}

function validateEnum(c: Causes, field: string, value: string, supported: readonly string[]): void {
  if (value === '') c.required(field);
  else if (!supported.includes(value)) c.notSupported(field, value, supported);
}

function validateEnv(c: Causes, env: Json[], path: string): void {
  env.forEach((e, i) => {
    if (str(e['name']) === '') c.required(childPath(index(path, i), 'name'));
  });
}

/** validateContainerCommon: what regular and init containers share. */
function validateContainerCommon(c: Causes, ctr: Json, path: string): void {
  const name = str(ctr['name']);
  if (name === '') c.required(childPath(path, 'name'));
  else c.invalidEach(childPath(path, 'name'), name, isDNS1123Label(name));
  if (str(ctr['image']) === '') c.required(childPath(path, 'image'));
  validateEnum(c, childPath(path, 'terminationMessagePolicy'), str(ctr['terminationMessagePolicy']), [
    'File',
    'FallbackToLogsOnError',
  ]);
  validateContainerPorts(c, recs(ctr['ports']), childPath(path, 'ports'));
  validateEnv(c, recs(ctr['env']), childPath(path, 'env'));
  // sets.List(supportedPullPolicies): sorted.
  validateEnum(c, childPath(path, 'imagePullPolicy'), str(ctr['imagePullPolicy']), [
    'Always',
    'IfNotPresent',
    'Never',
  ]);
}

/** AccumulateUniqueHostPorts: a host port (with protocol and host IP) may be claimed once. */
function checkHostPortConflicts(c: Causes, containers: Json[], path: string, seen = new Set<string>()): void {
  containers.forEach((ctr, ci) => {
    recs(ctr['ports']).forEach((port, pi) => {
      const hostPort = num(port['hostPort']) ?? 0;
      if (hostPort === 0) return;
      const key = `${str(port['protocol'])}/${str(port['hostIP'])}/${hostPort}`;
      if (seen.has(key))
        c.duplicate(childPath(index(childPath(index(path, ci), 'ports'), pi), 'hostPort'), key);
      else seen.add(key);
    });
  });
}

/** validateContainers: at least one; names unique; restartPolicy only on init containers. */
export function validateContainers(c: Causes, containers: Json[], path: string): void {
  if (containers.length === 0) {
    c.required(path);
    return;
  }
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const p = index(path, i);
    validateContainerCommon(c, ctr, p);
    const name = str(ctr['name']);
    if (names.has(name)) c.duplicate(childPath(p, 'name'), name);
    else names.add(name);
    if (ctr['restartPolicy'] !== undefined && ctr['restartPolicy'] !== null) {
      c.forbidden(childPath(p, 'restartPolicy'), 'may not be set for non-init containers');
    }
  });
  checkHostPortConflicts(c, containers, path);
}

/** validateInitContainers: names unique across init and regular containers. */
export function validateInitContainers(c: Causes, inits: Json[], regular: Json[], path: string): void {
  const names = new Set(regular.map((r) => str(r['name'])));
  inits.forEach((ctr, i) => {
    const p = index(path, i);
    validateContainerCommon(c, ctr, p);
    const restartPolicy = ctr['restartPolicy'];
    if (restartPolicy !== undefined && restartPolicy !== null && restartPolicy !== 'Always') {
      c.notSupported(childPath(p, 'restartPolicy'), restartPolicy, ['Always']);
    }
    const name = str(ctr['name']);
    if (names.has(name)) c.duplicate(childPath(p, 'name'), name);
    else if (name !== '') names.add(name);
    // Init containers run one by one: each is checked for host port conflicts on its own.
    checkHostPortConflicts(c, [ctr], path);
  });
}
