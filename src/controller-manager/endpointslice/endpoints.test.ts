import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../client/objects.js';
import {
  deleting,
  makePod,
  makeService,
  onNode,
  ready,
  running,
  withContainerPorts,
  withLabels,
  type Tweak,
} from '../testing/fixtures.js';
import { desiredEndpoints, sameEndpoints } from './endpoints.js';

const web = (name: string, ...tweaks: Tweak<Pod>[]) => makePod(name, withLabels({ app: 'web' }), ...tweaks);

test('Endpoints list ready pods as addresses, unready ones apart, and leave terminating pods out', () => {
  const svc = makeService('web');
  const ep = desiredEndpoints(svc, [
    web('b', running('10.244.1.10'), ready(), onNode('n1')),
    web('a', running('10.244.1.9'), ready()),
    web('c', running('10.244.2.2'), ready(false)),
    web('d', running('10.244.3.2'), ready(), deleting()),
  ]);
  assert.deepEqual(ep.subsets, [
    {
      addresses: [
        { ip: '10.244.1.9', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
        {
          ip: '10.244.1.10',
          nodeName: 'n1',
          targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' },
        },
      ],
      notReadyAddresses: [
        { ip: '10.244.2.2', targetRef: { kind: 'Pod', namespace: 'default', name: 'c', uid: 'uid-c' } },
      ],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  ]);
  assert.deepEqual(ep.metadata, { name: 'web', namespace: 'default', labels: {} });
});

test('pods whose named port resolves differently are repacked into separate subsets', () => {
  const svc = makeService('web', (s) => (s.spec!.ports = [{ name: 'http', port: 80, targetPort: 'web' }]));
  const ep = desiredEndpoints(svc, [
    web('a', running('10.244.1.2'), ready(), withContainerPorts({ name: 'web', containerPort: 8080 })),
    web('b', running('10.244.1.3'), ready(), withContainerPorts({ name: 'web', containerPort: 9090 })),
    web('c', running('10.244.1.4'), ready()),
  ]);
  assert.deepEqual(
    ep.subsets?.map((s) => [s.ports?.[0]?.port, s.addresses?.map((a) => a.ip)]),
    [
      [8080, ['10.244.1.2']],
      [9090, ['10.244.1.3']],
    ],
  );
  assert.equal(sameEndpoints(ep, structuredClone(ep)), true);
  assert.equal(sameEndpoints(ep, { ...ep, subsets: [] }), false);
});
