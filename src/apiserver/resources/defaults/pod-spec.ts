import type { KubeObject } from '../types.js';
import type { Json } from '../json.js';
import { child, isRecord, rec, recs, setDefault, setDefaultString, str } from '../json.js';

/**
 * Pod and pod template defaulting of pkg/apis/core/v1/defaults.go (Kubernetes 1.32):
 * SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe,
 * SetDefaults_HTTPGetAction, SetDefaults_Volume and friends, and (Pods only) SetDefaults_Pod.
 */

/**
 * ParseImageName's tag: the text after the last path segment's colon (a registry port is not a
 * tag), "latest" when there is neither tag nor digest, "" for a digest alone or no image.
 */
export function imageTag(image: string): string {
  if (image === '') return '';
  const digestAt = image.indexOf('@');
  const name = digestAt < 0 ? image : image.slice(0, digestAt);
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return digestAt < 0 ? 'latest' : '';
}

function defaultProbe(probe: unknown): void {
  const p = rec(probe);
  if (!p) return;
  for (const [key, value] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const) {
    if (!p[key]) p[key] = value;
  }
  const http = rec(p['httpGet']);
  if (http) {
    setDefaultString(http, 'path', '/');
    setDefaultString(http, 'scheme', 'HTTP');
  }
}

/** SetDefaults_Container (and of its ports, probes, env fieldRefs). */
export function defaultContainer(ctr: Json): void {
  if (str(ctr['imagePullPolicy']) === '') {
    ctr['imagePullPolicy'] = imageTag(str(ctr['image'])) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefaultString(ctr, 'terminationMessagePath', '/dev/termination-log');
  setDefaultString(ctr, 'terminationMessagePolicy', 'File');
  for (const port of recs(ctr['ports'])) setDefaultString(port, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(ctr[probe]);
  for (const env of recs(ctr['env'])) {
    const fieldRef = rec(rec(env['valueFrom'])?.['fieldRef']);
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
}

/** 0644: the default mode of secret, configMap, downwardAPI and projected volumes. */
const DEFAULT_MODE = 420;

/** SetDefaults_Volume: a volume without a source is an emptyDir. */
function defaultVolume(volume: Json): void {
  const sources = Object.keys(volume).filter((k) => k !== 'name' && isRecord(volume[k]));
  if (sources.length === 0) volume['emptyDir'] = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = rec(volume[source]);
    if (s) setDefault(s, 'defaultMode', DEFAULT_MODE);
  }
  const hostPath = rec(volume['hostPath']);
  if (hostPath) setDefault(hostPath, 'type', '');
}

/** SetDefaults_PodSpec; with `isPod`, SetDefaults_Pod's pod-only defaults too. */
export function defaultPodSpec(spec: Json, isPod: boolean): void {
  setDefaultString(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultString(spec, 'restartPolicy', 'Always');
  child(spec, 'securityContext');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultString(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'])
    recs(spec[list]).forEach(defaultContainer);
  recs(spec['volumes']).forEach(defaultVolume);
  if (isPod) defaultPodOnly(spec);
}

/** SetDefaults_Pod: requests from limits, service links, host ports under hostNetwork. */
function defaultPodOnly(spec: Json): void {
  for (const list of ['containers', 'initContainers']) {
    for (const ctr of recs(spec[list])) {
      const resources = rec(ctr['resources']);
      const limits = rec(resources?.['limits']);
      if (!resources || !limits) continue;
      resources['requests'] = { ...limits, ...(rec(resources['requests']) ?? {}) };
    }
  }
  setDefault(spec, 'enableServiceLinks', true);
  if (spec['hostNetwork'] !== true) return;
  for (const list of ['containers', 'initContainers']) {
    for (const port of recs(spec[list]).flatMap((c) => recs(c['ports']))) {
      if (!port['hostPort']) port['hostPort'] = port['containerPort'];
    }
  }
}

export function defaultPod(pod: KubeObject): void {
  defaultPodSpec(child(pod, 'spec'), true);
}

/** A workload's spec.template.spec, defaulted as a pod template (no pod-only defaults). */
export function defaultTemplate(spec: Json): void {
  defaultPodSpec(child(child(spec, 'template'), 'spec'), false);
}
