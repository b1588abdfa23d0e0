import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute, type ResourceLookup } from './route.js';
import type { ResourceType } from '../resources/types.js';

const make = (group: string, plural: string, namespaced: boolean): ResourceType => ({
  group,
  version: 'v1',
  kind: plural,
  listKind: `${plural}List`,
  plural,
  singular: plural,
  namespaced,
  shortNames: [],
  categories: [],
  subresources: ['status'],
  fieldSelectors: [],
  columns: [],
});

const types = [
  make('', 'pods', true),
  make('', 'namespaces', false),
  make('', 'nodes', false),
  make('apps', 'deployments', true),
];
const lookup: ResourceLookup = (group, _version, plural) =>
  types.find((t) => t.group === group && t.plural === plural);

const summary = (path: string) => {
  const route = parseRoute(path, lookup);
  if (route.kind !== 'resource') return route.kind;
  return [route.resource.plural, route.namespace ?? '-', route.name ?? '-', route.subresource ?? '-'].join(
    ' ',
  );
};

test('paths map to routes as kube-apiserver lays them out', () => {
  const cases: [string, string][] = [
    ['/version', 'version'],
    ['/healthz', 'health'],
    ['/api', 'api-root'],
    ['/apis', 'apis-root'],
    ['/apis/apps', 'group'],
    ['/api/v1', 'group-version'],
    ['/apis/apps/v1', 'group-version'],
    ['/openapi/v3', 'openapi-index'],
    ['/openapi/v3/api/v1', 'openapi-doc'],
    ['/openapi/v3/apis/apps/v1', 'openapi-doc'],
    ['/openapi/v2', 'not-found'],
    ['/api/v1/pods', 'pods - - -'],
    ['/api/v1/namespaces/default/pods', 'pods default - -'],
    ['/api/v1/namespaces/default/pods/web-1', 'pods default web-1 -'],
    ['/api/v1/namespaces/default/pods/web-1/status', 'pods default web-1 status'],
    ['/api/v1/namespaces', 'namespaces - - -'],
    ['/api/v1/namespaces/default', 'namespaces - default -'],
    ['/api/v1/namespaces/default/status', 'namespaces - default status'],
    ['/api/v1/nodes/node-1', 'nodes - node-1 -'],
    ['/api/v1/nodes/node-1/status', 'nodes - node-1 status'],
    ['/apis/apps/v1/namespaces/x/deployments/web/scale', 'deployments x web scale'],
    ['/apis/apps/v1/deployments', 'deployments - - -'],
    ['/api/v1/pods/web-1', 'not-found'],
    ['/api/v1/widgets', 'not-found'],
    ['/api/v2/pods', 'not-found'],
    ['/api/v1/namespaces/default/pods/a/b/c', 'not-found'],
    ['/api/v1/namespaces/default/widgets', 'not-found'],
    ['/nothing', 'not-found'],
  ];
  for (const [path, want] of cases) assert.equal(summary(path), want, path);
});
