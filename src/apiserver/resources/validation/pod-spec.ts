import type { Json } from '../json.js';
import { at, int, num, rec, recs, str, strs } from '../json.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../machinery/validation.js';
import { childPath, index } from './causes.js';
import type { Causes } from './causes.js';
import { validateContainers, validateInitContainers } from './containers.js';
import { validateIP } from './ip.js';
import { validateLabels, validateAnnotations } from './meta.js';

/**
 * ValidatePodSpec and ValidatePodTemplateSpec of pkg/apis/core/validation (Kubernetes 1.32), for
 * the fields flatnet uses. `isPod` adds what only Pods (not templates) check.
 */

const MAX_INT32 = 2147483647;

function validateVolumes(c: Causes, volumes: Json[], path: string): void {
  const names = new Set<string>();
  volumes.forEach((vol, i) => {
    const namePath = childPath(index(path, i), 'name');
    const name = str(vol['name']);
    if (name === '') c.required(namePath);
    else c.invalidEach(namePath, name, isDNS1123Label(name));
    if (names.has(name)) c.duplicate(namePath, name);
    else names.add(name);
  });
}

/** validatePodHostNetworkDeps: with hostNetwork a pod's hostPort must equal its containerPort. */
function validateHostNetwork(c: Causes, spec: Json, path: string, isPod: boolean): void {
  if (spec['hostNetwork'] !== true) return;
  recs(spec['containers']).forEach((ctr, ci) => {
    recs(ctr['ports']).forEach((port, pi) => {
      const hostPort = int(port['hostPort']);
      if ((isPod || hostPort !== 0) && hostPort !== int(port['containerPort'])) {
        const field = childPath(
          index(childPath(index(childPath(path, 'containers'), ci), 'ports'), pi),
          'hostPort',
        );
        c.invalid(field, hostPort, 'must match `containerPort` when `hostNetwork` is true');
      }
    });
  });
}

function validatePolicies(c: Causes, spec: Json, path: string): void {
  const restartPolicy = str(spec['restartPolicy']);
  if (restartPolicy === '') c.required(childPath(path, 'restartPolicy'));
  else if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    c.notSupported(childPath(path, 'restartPolicy'), restartPolicy, ['Always', 'OnFailure', 'Never']);
  }
  const dnsPolicy = str(spec['dnsPolicy']);
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dnsPolicy === '') c.required(childPath(path, 'dnsPolicy'));
  else if (!dnsPolicies.includes(dnsPolicy))
    c.notSupported(childPath(path, 'dnsPolicy'), dnsPolicy, dnsPolicies);
}

/** validatePodDNSConfig: dnsPolicy None needs at least one nameserver; nameservers are IPs. */
function validateDNSConfig(c: Causes, spec: Json, path: string): void {
  const config = rec(spec['dnsConfig']);
  const configPath = childPath(path, 'dnsConfig');
  if (str(spec['dnsPolicy']) === 'None') {
    if (!config) {
      c.required(configPath, 'must provide `dnsConfig` when `dnsPolicy` is None');
      return;
    }
    if (strs(config['nameservers']).length === 0) {
      c.required(
        childPath(configPath, 'nameservers'),
        'must provide at least one DNS nameserver when `dnsPolicy` is None',
      );
      return;
    }
  }
  strs(config?.['nameservers']).forEach((ns, i) =>
    validateIP(c, index(childPath(configPath, 'nameservers'), i), ns),
  );
}

/** ValidateTolerations, for keys and operators. */
function validateTolerations(c: Causes, tolerations: Json[], path: string): void {
  tolerations.forEach((t, i) => {
    const p = index(path, i);
    const key = str(t['key']);
    const operator = str(t['operator']);
    if (key !== '') c.invalidEach(childPath(p, 'key'), key, isQualifiedName(key));
    if (key === '' && operator !== 'Exists') {
      c.invalid(
        childPath(p, 'operator'),
        operator,
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      );
    }
    if (operator !== '' && operator !== 'Equal' && operator !== 'Exists') {
      c.notSupported(childPath(p, 'operator'), operator, ['Equal', 'Exists']);
    }
  });
}

/** Names that must be DNS subdomains or labels when set. */
function validateNames(c: Causes, spec: Json, path: string): void {
  for (const [key, check] of [
    ['serviceAccountName', isDNS1123Subdomain],
    ['nodeName', isDNS1123Subdomain],
    ['hostname', isDNS1123Label],
    ['subdomain', isDNS1123Label],
    ['priorityClassName', isDNS1123Subdomain],
  ] as const) {
    const value = str(spec[key]);
    if (value !== '') c.invalidEach(childPath(path, key), value, check(value));
  }
}

export function validatePodSpec(c: Causes, spec: Json, path: string, isPod: boolean): void {
  if (num(spec['terminationGracePeriodSeconds']) === undefined)
    c.required(childPath(path, 'terminationGracePeriodSeconds'));
  validateVolumes(c, recs(spec['volumes']), childPath(path, 'volumes'));
  const containers = recs(spec['containers']);
  validateContainers(c, containers, childPath(path, 'containers'));
  validateInitContainers(c, recs(spec['initContainers']), containers, childPath(path, 'initContainers'));
  validateHostNetwork(c, spec, path, isPod);
  validatePolicies(c, spec, path);
  validateLabels(c, childPath(path, 'nodeSelector'), spec['nodeSelector']);
  validateDNSConfig(c, spec, path);
  validateTolerations(c, recs(spec['tolerations']), childPath(path, 'tolerations'));
  validateNames(c, spec, path);
  const deadline = num(spec['activeDeadlineSeconds']);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    c.invalid(
      childPath(path, 'activeDeadlineSeconds'),
      deadline,
      `must be between 1 and ${MAX_INT32}, inclusive`,
    );
  }
  if (isPod) validateImagesForPod(c, spec, path);
}

/** validateContainersOnlyForPod: Pods (not templates) reject images with surrounding spaces. */
function validateImagesForPod(c: Causes, spec: Json, path: string): void {
  for (const list of ['containers', 'initContainers']) {
    recs(spec[list]).forEach((ctr, i) => {
      const image = str(ctr['image']);
      if (image.trim() !== image) {
        c.invalid(
          childPath(index(childPath(path, list), i), 'image'),
          image,
          'must not have leading or trailing whitespace',
        );
      }
    });
  }
}

/** ValidatePodTemplateSpec: template labels and annotations, then the pod spec. */
export function validatePodTemplateSpec(c: Causes, template: Json, path: string): void {
  validateLabels(c, childPath(path, 'labels'), at(template, 'metadata', 'labels'));
  validateAnnotations(c, childPath(path, 'annotations'), at(template, 'metadata', 'annotations'));
  validatePodSpec(c, rec(template['spec']) ?? {}, childPath(path, 'spec'), false);
  if (recs(at(template, 'spec', 'ephemeralContainers')).length > 0) {
    c.forbidden(
      childPath(path, 'spec', 'ephemeralContainers'),
      'ephemeral containers not allowed in pod template',
    );
  }
}
