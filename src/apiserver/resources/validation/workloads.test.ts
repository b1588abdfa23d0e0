import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonSets, deployments, replicaSets } from '../apps.js';
import { makeDaemonSet, makeDeployment, makeReplicaSet, problems, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const NOT_MATCHING = '`selector` does not match template `labels`';
const EMPTY_SELECTOR =
  '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}';
const PERCENT =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

// [what, tweaks, expected problems] for a Deployment create.
const DEPLOYMENT_CASES: [string, Tweak[], string[]][] = [
  ['a valid deployment', [], []],
  [
    'no selector',
    [unset('spec.selector')],
    [
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCHING}`,
    ],
  ],
  [
    'a selector that misses the template labels',
    [set('spec.selector.matchLabels', { app: 'api' })],
    [`spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCHING}`],
  ],
  [
    'a template without labels',
    [unset('spec.template.metadata.labels')],
    [`spec.template.metadata.labels: Invalid value: map[string]string(nil): ${NOT_MATCHING}`],
  ],
  [
    'an empty selector',
    [set('spec.selector', {})],
    [`spec.selector: Invalid value: ${EMPTY_SELECTOR}: empty selector is invalid for deployment`],
  ],
  [
    'an unknown selector operator',
    [set('spec.selector.matchExpressions', [{ key: 'tier', operator: 'Maybe' }])],
    [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Maybe": not a valid selector operator',
      'spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:Maybe,Values:[],},},}: invalid label selector',
    ],
  ],
  [
    'In without values',
    [set('spec.selector.matchExpressions', [{ key: 'tier', operator: 'In', values: [] }])],
    [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      // LabelSelectorAsSelector rejects it too, so the template is not checked.
      'spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[],},},}: invalid label selector',
    ],
  ],
  [
    'negative replicas',
    [set('spec.replicas', -1)],
    ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'a template that does not always restart',
    [set('spec.template.spec.restartPolicy', 'OnFailure')],
    ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  ],
  [
    'a template with an active deadline',
    [set('spec.template.spec.activeDeadlineSeconds', 60)],
    [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ],
  ],
  [
    'a template container without an image',
    [unset('spec.template.spec.containers.0.image')],
    ['spec.template.spec.containers[0].image: Required value'],
  ],
  [
    'bad template labels',
    [set('spec.template.metadata.labels.x', 'a b')],
    [
      "spec.template.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'maxUnavailable not a percent',
    [set('spec.strategy.rollingUpdate.maxUnavailable', 'half')],
    [`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: half: ${PERCENT}`],
  ],
  [
    'maxUnavailable and maxSurge both zero',
    [set('spec.strategy.rollingUpdate', { maxUnavailable: 0, maxSurge: '0%' })],
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
  ],
  [
    'maxUnavailable over 100%',
    [set('spec.strategy.rollingUpdate.maxUnavailable', '120%')],
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 120%: must not be greater than 100%'],
  ],
  [
    'negative maxSurge',
    [set('spec.strategy.rollingUpdate.maxSurge', -1)],
    ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'Recreate with rolling parameters',
    [set('spec.strategy', { type: 'Recreate', rollingUpdate: { maxSurge: 1 } })],
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  ],
  [
    'an unknown strategy',
    [set('spec.strategy.type', 'BlueGreen')],
    [
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ],
  ],
  [
    'a progress deadline not above minReadySeconds',
    [set('spec.minReadySeconds', 30), set('spec.progressDeadlineSeconds', 30)],
    ['spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds'],
  ],
];

for (const [what, tweaks, expected] of DEPLOYMENT_CASES) {
  test(`deployment: ${what}`, () =>
    assert.deepEqual(problems(deployments, makeDeployment('web', ...tweaks)), expected));
}

test('deployment update: the selector is immutable in apps/v1; replicas and template may change', () => {
  const moved = makeDeployment(
    'web',
    set('spec.selector.matchLabels', { app: 'web2' }),
    set('spec.template.metadata.labels', { app: 'web2' }),
  );
  assert.deepEqual(problems(deployments, moved, makeDeployment('web')), [
    'spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web2,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable',
  ]);
  const scaled = makeDeployment(
    'web',
    set('spec.replicas', 5),
    set('spec.template.spec.containers.0.image', 'nginx:1.27'),
  );
  assert.deepEqual(problems(deployments, scaled, makeDeployment('web')), []);
});

test('replicaset: selector rules as deployments (message included); immutable selector', () => {
  assert.deepEqual(problems(replicaSets, makeReplicaSet('web-1')), []);
  assert.deepEqual(problems(replicaSets, makeReplicaSet('web-1', set('spec.selector', {}))), [
    `spec.selector: Invalid value: ${EMPTY_SELECTOR}: empty selector is invalid for deployment`,
  ]);
  assert.deepEqual(problems(replicaSets, makeReplicaSet('web-1', set('spec.replicas', -2))), [
    'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
  ]);
  const moved = makeReplicaSet(
    'web-1',
    set('spec.selector.matchLabels.tier', 'x'),
    set('spec.template.metadata.labels.tier', 'x'),
  );
  assert.equal(problems(replicaSets, moved, makeReplicaSet('web-1')).length, 1);
});

// [what, tweaks, expected problems] for a DaemonSet create.
const DAEMONSET_CASES: [string, Tweak[], string[]][] = [
  ['a valid daemonset', [], []],
  // No "Required value": a missing selector selects nothing, so the template cannot match it.
  [
    'no selector',
    [unset('spec.selector')],
    [`spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: ${NOT_MATCHING}`],
  ],
  [
    'an empty selector',
    [set('spec.selector', {})],
    [`spec.selector: Invalid value: ${EMPTY_SELECTOR}: empty selector is invalid for daemonset`],
  ],
  [
    'an active deadline',
    [set('spec.template.spec.activeDeadlineSeconds', 60)],
    [
      'spec.template.spec.activeDeadlineSeconds: Invalid value: 60: activeDeadlineSeconds in DaemonSet is not Supported',
    ],
  ],
  [
    'maxSurge and maxUnavailable both set',
    [set('spec.updateStrategy.rollingUpdate', { maxUnavailable: 1, maxSurge: '10%' })],
    [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 10%: may not be set when maxUnavailable is non-zero',
    ],
  ],
  [
    'maxSurge and maxUnavailable both zero',
    [set('spec.updateStrategy.rollingUpdate', { maxUnavailable: 0, maxSurge: 0 })],
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
  ],
  [
    'an unknown update strategy',
    [set('spec.updateStrategy.type', 'Never')],
    [
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Never", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ],
  ],
];

for (const [what, tweaks, expected] of DAEMONSET_CASES) {
  test(`daemonset: ${what}`, () =>
    assert.deepEqual(problems(daemonSets, makeDaemonSet('agent', ...tweaks)), expected));
}
