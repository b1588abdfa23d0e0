import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageRepository, ImageResolveError, resolveImage } from './images.js';
import type { ImageErrorReason, WorkloadRuntime } from './images.js';
import { DEFAULT_WORKLOAD_RUNTIME } from './images.js';

const RUNTIME: WorkloadRuntime = {
  nodePath: '/node',
  netexecMain: '/w/netexec.js',
  pauseMain: '/w/pause.js',
};

interface Case {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  argv?: string[];
  error?: ImageErrorReason;
}

const CASES: Case[] = [
  {
    name: 'agnhost netexec, as the e2e tests run it',
    image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
    args: ['netexec', '--http-port=8080', '--udp-port=8081'],
    argv: ['/node', '/w/netexec.js', 'netexec', '--http-port=8080', '--udp-port=8081'],
  },
  {
    name: 'old agnhost registry, by digest',
    image: 'k8s.gcr.io/e2e-test-images/agnhost@sha256:abcd',
    args: ['netexec'],
    argv: ['/node', '/w/netexec.js', 'netexec'],
  },
  {
    name: 'agnhost with an explicit /agnhost command',
    image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
    command: ['/agnhost', 'netexec'],
    args: ['--http-port', '80'],
    argv: ['/node', '/w/netexec.js', 'netexec', '--http-port', '80'],
  },
  {
    name: 'agnhost-2 symlink (entrypoint tests)',
    image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
    command: ['/agnhost-2', 'pause'],
    argv: ['/node', '/w/pause.js', 'pause'],
  },
  {
    name: 'agnhost with no args runs its CMD: pause',
    image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
    argv: ['/node', '/w/pause.js', 'pause'],
  },
  {
    name: 'flatnet/agnhost',
    image: 'flatnet/agnhost',
    args: ['pause'],
    argv: ['/node', '/w/pause.js', 'pause'],
  },
  {
    name: 'agnhost with a shell command runs the host binary (alpine userland)',
    image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
    command: ['/bin/sh', '-c', 'sleep 1'],
    argv: ['/bin/sh', '-c', 'sleep 1'],
  },
  {
    name: 'agnhost with an unsupported subcommand',
    image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
    args: ['serve-hostname'],
    error: 'CreateContainerError',
  },
  {
    name: 'flatnet/netexec takes netexec flags directly',
    image: 'flatnet/netexec:latest',
    args: ['--http-port=9000'],
    argv: ['/node', '/w/netexec.js', '--http-port=9000'],
  },
  {
    name: 'flatnet/netexec has no shell',
    image: 'docker.io/flatnet/netexec',
    command: ['sh'],
    error: 'CreateContainerError',
  },
  { name: 'the sandbox pause image', image: 'registry.k8s.io/pause:3.10', argv: ['/node', '/w/pause.js'] },
  {
    name: 'busybox runs command and args on the host',
    image: 'busybox:1.36',
    command: ['sleep'],
    args: ['3600'],
    argv: ['sleep', '3600'],
  },
  { name: 'busybox default CMD is sh', image: 'docker.io/library/busybox', argv: ['sh'] },
  {
    name: 'e2e busybox with args only',
    image: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1',
    args: ['sh', '-c', 'true'],
    argv: ['sh', '-c', 'true'],
  },
  {
    name: 'flatnet/host runs python',
    image: 'flatnet/host',
    command: ['python3', '-m', 'http.server'],
    argv: ['python3', '-m', 'http.server'],
  },
  { name: 'flatnet/host needs a command', image: 'flatnet/host', error: 'CreateContainerError' },
  { name: 'alpine', image: 'alpine:3.20', command: ['sleep', 'infinity'], argv: ['sleep', 'infinity'] },
  { name: 'debian default CMD is bash', image: 'debian:bookworm', argv: ['bash'] },
  { name: 'unknown image', image: 'nginx:1.27', command: ['nginx'], error: 'ErrImagePull' },
  { name: 'unknown registry for a known name', image: 'quay.io/someone/agnhost:1', error: 'ErrImagePull' },
];

for (const c of CASES) {
  test(`resolveImage: ${c.name}`, () => {
    const resolved = resolveImage(c.image, c.command, c.args, RUNTIME);
    if (c.error) {
      assert.ok(resolved instanceof ImageResolveError, JSON.stringify(resolved));
      assert.equal(resolved.code, c.error);
    } else {
      assert.deepEqual(resolved, { argv: c.argv });
    }
  });
}

test('ErrImagePull names the image and lists the supported repositories', () => {
  const resolved = resolveImage('nginx:1.27');
  assert.ok(resolved instanceof ImageResolveError);
  assert.match(resolved.message, /^image "nginx:1\.27" is not available/);
  assert.match(resolved.message, /registry\.k8s\.io\/e2e-test-images\/agnhost/);
  assert.match(resolved.message, /docker\.io\/library\/busybox/);
});

test('by default netexec runs with this node and the compiled entry point next to images.js', () => {
  const resolved = resolveImage('registry.k8s.io/e2e-test-images/agnhost:2.53', undefined, ['netexec']);
  assert.deepEqual(resolved, {
    argv: [process.execPath, DEFAULT_WORKLOAD_RUNTIME.netexecMain, 'netexec'],
  });
  assert.match(DEFAULT_WORKLOAD_RUNTIME.netexecMain, /workloads\/netexec\/main\.js$/);
});

test('imageRepository normalizes references the way Docker does', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox'],
    ['busybox:1.36', 'docker.io/library/busybox'],
    ['library/busybox@sha256:00', 'docker.io/library/busybox'],
    ['flatnet/netexec:v1', 'docker.io/flatnet/netexec'],
    ['index.docker.io/library/alpine', 'docker.io/library/alpine'],
    ['localhost:5000/x/y:z', 'localhost:5000/x/y'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause'],
  ];
  for (const [image, repository] of cases) assert.equal(imageRepository(image), repository, image);
});
