import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufBody } from './index.js';
import type { Part } from './wire-writer.js';
import { entry, envelope, int, intOrString, msg, objectMeta, str } from './wire-writer.js';

/** A v1 Pod whose spec holds `specParts`, decoded; returns the spec. */
function decodeSpec(...specParts: Part[]): Record<string, unknown> {
  const pod = Buffer.concat([objectMeta(1, 'web'), msg(2, ...specParts), msg(3)]);
  const decoded = decodeProtobufBody(envelope('v1', 'Pod', pod)) as { spec: Record<string, unknown> };
  return decoded.spec;
}

test('a container with ports, env sources, resources, mounts and security context', () => {
  const container = msg(
    2,
    str(1, 'app'),
    str(2, 'nginx:1.25'),
    str(3, 'nginx'),
    str(3, '-g'),
    str(4, 'daemon off;'),
    str(5, ''),
    msg(6, str(1, 'http'), int(2, 0), int(3, 8080), str(4, 'TCP'), str(5, '')),
    msg(7, str(1, 'A'), str(2, 'B')),
    msg(7, str(1, 'POD_IP'), str(2, ''), msg(3, msg(1, str(1, 'v1'), str(2, 'status.podIP')))),
    msg(7, str(1, 'FROM_CM'), str(2, ''), msg(3, msg(3, msg(1, str(1, 'cm')), str(2, 'key'), int(3, true)))),
    msg(7, str(1, 'FROM_SECRET'), str(2, ''), msg(3, msg(4, msg(1, str(1, 's')), str(2, 'pw')))),
    msg(
      8,
      entry(1, 'cpu', msg(2, str(1, '500m'))),
      entry(1, 'memory', msg(2, str(1, '128Mi'))),
      entry(2, 'cpu', msg(2, str(1, '100m'))),
    ),
    msg(9, str(1, 'cfg'), int(2, true), str(3, '/etc/app'), str(4, ''), str(6, '')),
    str(13, '/dev/termination-log'),
    str(14, 'IfNotPresent'),
    msg(
      15,
      msg(1, str(1, 'NET_ADMIN'), str(2, 'ALL')),
      int(2, false),
      int(4, 1000),
      int(5, true),
      int(7, false),
    ),
    int(16, false),
    int(17, false),
    int(18, true),
    msg(19, str(1, 'CFG_'), msg(2, msg(1, str(1, 'cm')))),
    str(20, 'File'),
  );
  assert.deepEqual(decodeSpec(container).containers, [
    {
      name: 'app',
      image: 'nginx:1.25',
      command: ['nginx', '-g'],
      args: ['daemon off;'],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [
        { name: 'A', value: 'B' },
        { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'key', optional: true } } },
        { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } },
      ],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
      volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/app' }],
      terminationMessagePath: '/dev/termination-log',
      imagePullPolicy: 'IfNotPresent',
      // Pointers keep their zero values: `privileged: false` was set, not defaulted.
      securityContext: {
        capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
        privileged: false,
        runAsUser: 1000,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
      },
      tty: true,
      envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cm' } }],
      terminationMessagePolicy: 'File',
    },
  ]);
});

test('probes inline their handler (exec, httpGet, tcpSocket, grpc) and lifecycle hooks', () => {
  const probe = (field: number, handler: Part, ...timing: Part[]) => msg(field, msg(1, handler), ...timing);
  const zeros = [2, 3, 4, 5, 6].map((f) => int(f, 0));
  const container = msg(
    2,
    str(1, 'app'),
    probe(
      10,
      msg(
        2,
        str(1, '/healthz'),
        intOrString(2, 'http'),
        str(3, ''),
        str(4, 'HTTP'),
        msg(5, str(1, 'X-A'), str(2, 'b')),
      ),
      int(2, 5),
      int(3, 1),
      int(4, 10),
      int(5, 1),
      int(6, 3),
    ),
    probe(11, msg(3, intOrString(1, 8080), str(2, '')), ...zeros),
    probe(22, msg(4, int(1, 9000), str(2, 'health')), ...zeros, int(6, 30)),
    msg(12, msg(1, msg(1, str(1, 'touch'), str(1, '/started'))), msg(2, msg(4, int(1, 5)))),
  );
  const [decoded] = decodeSpec(container).containers as Record<string, unknown>[];
  assert.deepEqual(decoded, {
    name: 'app',
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-A', value: 'b' }] },
      initialDelaySeconds: 5,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    readinessProbe: { tcpSocket: { port: 8080 } },
    startupProbe: { grpc: { port: 9000, service: 'health' }, failureThreshold: 30 },
    lifecycle: {
      postStart: { exec: { command: ['touch', '/started'] } },
      preStop: { sleep: { seconds: 5 } },
    },
  });
});
