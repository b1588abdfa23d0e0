import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufBody } from './index.js';
import type { Part } from './wire-writer.js';
import { entry, envelope, int, msg, objectMeta, packed, str, stringMap } from './wire-writer.js';

/** A v1 Pod whose spec holds `specParts`, decoded; returns the spec. */
function decodeSpec(...specParts: Part[]): Record<string, unknown> {
  const pod = Buffer.concat([objectMeta(1, 'web'), msg(2, ...specParts), msg(3)]);
  const decoded = decodeProtobufBody(envelope('v1', 'Pod', pod)) as { spec: Record<string, unknown> };
  return decoded.spec;
}

test('volumes: emptyDir, configMap, secret, hostPath and projected sources', () => {
  const volume = (name: string, source: Part) => msg(1, str(1, name), msg(2, source));
  const spec = decodeSpec(
    volume('scratch', msg(2, str(1, ''), msg(2, str(1, '1Gi')))),
    volume(
      'cfg',
      msg(19, msg(1, str(1, 'app-config')), msg(2, str(1, 'k'), str(2, 'p'), int(3, 0o400)), int(3, 420)),
    ),
    volume('sec', msg(6, str(1, 'tls'), int(4, false))),
    volume('host', msg(1, str(1, '/var/log'), str(2, 'Directory'))),
    volume(
      'token',
      msg(
        26,
        msg(1, msg(4, str(1, ''), int(2, 3600), str(3, 'token'))),
        msg(1, msg(2, msg(1, str(1, 'labels'), msg(2, str(1, 'v1'), str(2, 'metadata.labels'))))),
      ),
    ),
  );
  assert.deepEqual(spec.volumes, [
    { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
    {
      name: 'cfg',
      configMap: { name: 'app-config', items: [{ key: 'k', path: 'p', mode: 256 }], defaultMode: 420 },
    },
    { name: 'sec', secret: { secretName: 'tls', optional: false } },
    { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
    {
      name: 'token',
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3600, path: 'token' } },
          {
            downwardAPI: {
              items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }],
            },
          },
        ],
      },
    },
  ]);
});

test('pod-level fields: policies, host namespaces, security context, scheduling, DNS', () => {
  const spec = decodeSpec(
    msg(2, str(1, 'app')),
    str(3, 'Always'),
    int(4, 0),
    int(5, 600),
    str(6, 'ClusterFirst'),
    stringMap(7, { disk: 'ssd' }),
    str(8, 'sa'),
    str(9, 'sa'),
    str(10, ''),
    int(11, true),
    int(12, false),
    int(13, false),
    msg(
      14,
      int(2, 1000),
      int(5, 2000),
      packed(4, [1, 2]),
      msg(7, str(1, 'net.ipv4.ip_forward'), str(2, '1')),
    ),
    msg(15, str(1, 'regcred')),
    str(16, 'web-0'),
    str(17, 'web'),
    str(19, 'default-scheduler'),
    msg(
      22,
      str(1, 'node.kubernetes.io/not-ready'),
      str(2, 'Exists'),
      str(3, ''),
      str(4, 'NoExecute'),
      int(5, 300),
    ),
    msg(23, str(1, '10.0.0.1'), str(2, 'db')),
    int(25, -5),
    msg(26, str(1, '1.1.1.1'), msg(3, str(1, 'ndots'), str(2, '2'))),
    msg(28, str(1, 'example.com/ready')),
    int(30, false),
    entry(32, 'cpu', msg(2, str(1, '10m'))),
    msg(
      33,
      int(1, 1),
      str(2, 'zone'),
      str(3, 'DoNotSchedule'),
      msg(4, msg(2, str(1, 'app'), str(2, 'Exists'))),
    ),
    msg(34, msg(1, str(1, 'debug'), str(2, 'busybox'), msg(8)), str(2, 'app')),
  );
  assert.deepEqual(spec, {
    containers: [{ name: 'app' }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 0,
    activeDeadlineSeconds: 600,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { disk: 'ssd' },
    serviceAccountName: 'sa',
    serviceAccount: 'sa',
    hostNetwork: true,
    securityContext: {
      runAsUser: 1000,
      fsGroup: 2000,
      supplementalGroups: [1, 2],
      sysctls: [{ name: 'net.ipv4.ip_forward', value: '1' }],
    },
    imagePullSecrets: [{ name: 'regcred' }],
    hostname: 'web-0',
    subdomain: 'web',
    schedulerName: 'default-scheduler',
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
    priority: -5,
    dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
    readinessGates: [{ conditionType: 'example.com/ready' }],
    enableServiceLinks: false,
    overhead: { cpu: '10m' },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      },
    ],
    ephemeralContainers: [{ name: 'debug', image: 'busybox', resources: {}, targetContainerName: 'app' }],
  });
});

test('affinity: node affinity terms and weighted pod anti-affinity', () => {
  const spec = decodeSpec(
    msg(
      18,
      msg(1, msg(1, msg(1, msg(1, str(1, 'zone'), str(2, 'In'), str(3, 'a'), str(3, 'b'))))),
      msg(
        3,
        msg(2, int(1, 100), msg(2, msg(1, stringMap(1, { app: 'web' })), str(3, 'kubernetes.io/hostname'))),
      ),
    ),
  );
  assert.deepEqual(spec.affinity, {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
      },
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            labelSelector: { matchLabels: { app: 'web' } },
            topologyKey: 'kubernetes.io/hostname',
          },
        },
      ],
    },
  });
});

test('pod status: conditions with times, IPs', () => {
  const status = msg(
    3,
    str(1, 'Pending'),
    msg(
      2,
      str(1, 'PodScheduled'),
      str(2, 'True'),
      msg(3),
      msg(4, int(1, 1_700_000_000)),
      str(5, ''),
      str(6, ''),
    ),
    str(6, '10.0.0.5'),
    msg(12, str(1, '10.0.0.5')),
  );
  const pod = decodeProtobufBody(envelope('v1', 'Pod', Buffer.concat([objectMeta(1, 'p'), msg(2), status])));
  assert.deepEqual((pod as { status: unknown }).status, {
    phase: 'Pending',
    // A zero metav1.Time is written as an empty message and marshals to JSON null.
    conditions: [
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2023-11-14T22:13:20Z',
      },
    ],
    podIP: '10.0.0.5',
    podIPs: [{ ip: '10.0.0.5' }],
  });
});
