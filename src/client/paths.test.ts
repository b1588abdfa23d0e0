import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from './kinds.js';
import { queryString, resourcePath } from './paths.js';

test('core, grouped and cluster-scoped paths follow kube-apiserver layout', () => {
  assert.equal(resourcePath(KINDS.pod, 'default'), '/api/v1/namespaces/default/pods');
  assert.equal(
    resourcePath(KINDS.pod, 'default', 'web-1', 'status'),
    '/api/v1/namespaces/default/pods/web-1/status',
  );
  assert.equal(resourcePath(KINDS.pod), '/api/v1/pods');
  assert.equal(
    resourcePath(KINDS.deployment, 'shop', 'web'),
    '/apis/apps/v1/namespaces/shop/deployments/web',
  );
  assert.equal(resourcePath(KINDS.node, 'ignored', 'n1'), '/api/v1/nodes/n1');
});

test('query strings skip undefined and empty values', () => {
  assert.equal(
    queryString({ labelSelector: 'a=b', limit: 500, continue: undefined, fieldSelector: '' }),
    '?labelSelector=a%3Db&limit=500',
  );
  assert.equal(queryString({}), '');
});
