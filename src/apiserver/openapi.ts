import { createHash } from 'node:crypto';
import type { ResourceType } from './resources/types.js';
import { KUBERNETES_MINOR } from './version.js';

/**
 * Minimal OpenAPI v3: enough for `kubectl apply` with default validation. kubectl looks up the
 * resource's PATCH operation by its x-kubernetes-group-version-kind and checks that it accepts the
 * `fieldValidation` query parameter; then it leaves validation to the server (fieldValidation=Strict).
 * No schemas are published.
 */

const gvPath = (group: string, version: string): string =>
  group === '' ? `api/${version}` : `apis/${group}/${version}`;

function operation(r: ResourceType) {
  return {
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
    parameters: [
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ],
    responses: { '200': { description: 'OK' } },
  };
}

export function openapiDoc(resources: readonly ResourceType[], group: string, version: string) {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of rs) {
    const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
    paths[base] = { post: operation(r) };
    paths[`${base}/{name}`] = { put: operation(r), patch: operation(r) };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v1.${KUBERNETES_MINOR}.0` },
    paths,
    components: { schemas: {} },
  };
}

export function openapiIndex(resources: readonly ResourceType[]) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of new Set(resources.map((r) => `${r.group}|${r.version}`))) {
    const [group, version] = gv.split('|') as [string, string];
    const doc = JSON.stringify(openapiDoc(resources, group, version));
    // The hash changes when the document does, so clients never use a stale cached copy.
    const hash = createHash('sha512').update(doc).digest('hex').slice(0, 64).toUpperCase();
    paths[gvPath(group, version)] = {
      serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}`,
    };
  }
  return { paths };
}
