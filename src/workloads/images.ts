import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlatnetError } from '../lib/errors.js';

/** The container status reasons the kubelet reports when an image cannot be turned into a process. */
export type ImageErrorReason = 'ErrImagePull' | 'CreateContainerError';

export class ImageResolveError extends FlatnetError {
  declare readonly code: ImageErrorReason;

  constructor(code: ImageErrorReason, message: string) {
    super(code, message);
  }
}

export interface ResolvedImage {
  /** What to spawn: argv[0] is a path or a name looked up in PATH. */
  argv: string[];
}

/** Where the in-repo workloads live; defaults to this build's node and compiled entry points. */
export interface WorkloadRuntime {
  nodePath: string;
  netexecMain: string;
  pauseMain: string;
}

export const DEFAULT_WORKLOAD_RUNTIME: Readonly<WorkloadRuntime> = Object.freeze({
  nodePath: process.execPath,
  netexecMain: fileURLToPath(new URL('./netexec/main.js', import.meta.url)),
  pauseMain: fileURLToPath(new URL('./pause/main.js', import.meta.url)),
});

/** What an image would run: its ENTRYPOINT and CMD, and whether it ships a userland (sh, sleep, ...). */
interface ImageSpec {
  entrypoint: readonly string[];
  cmd: readonly string[];
  /** Binaries the image provides that flatnet runs as its own workloads, by basename. */
  builtins: readonly Builtin[];
  /** Other executables run as host binaries (the image has a distro userland); otherwise they fail. */
  hostUserland: boolean;
}

type Builtin = 'agnhost' | 'agnhost-2' | 'netexec' | 'pause';

// test/images/agnhost/Dockerfile: ENTRYPOINT ["/agnhost"], CMD ["pause"], alpine-based, and an
// "agnhost-2" symlink for the entrypoint tests.
const AGNHOST: ImageSpec = {
  entrypoint: ['/agnhost'],
  cmd: ['pause'],
  builtins: ['agnhost', 'agnhost-2'],
  hostUserland: true,
};
const NETEXEC: ImageSpec = { entrypoint: ['/netexec'], cmd: [], builtins: ['netexec'], hostUserland: false };
const PAUSE: ImageSpec = { entrypoint: ['/pause'], cmd: [], builtins: ['pause'], hostUserland: false };
const host = (cmd: string[]): ImageSpec => ({ entrypoint: [], cmd, builtins: [], hostUserland: true });

/** Supported repositories (any tag or digest), fully qualified. */
const SUPPORTED_IMAGES: Readonly<Record<string, ImageSpec>> = {
  'registry.k8s.io/e2e-test-images/agnhost': AGNHOST,
  'k8s.gcr.io/e2e-test-images/agnhost': AGNHOST,
  'gcr.io/kubernetes-e2e-test-images/agnhost': AGNHOST,
  'docker.io/flatnet/agnhost': AGNHOST,
  'docker.io/flatnet/netexec': NETEXEC,
  'registry.k8s.io/pause': PAUSE,
  'k8s.gcr.io/pause': PAUSE,
  'docker.io/flatnet/host': host([]),
  'docker.io/library/busybox': host(['sh']),
  'registry.k8s.io/e2e-test-images/busybox': host(['sh']),
  'docker.io/library/alpine': host(['/bin/sh']),
  'docker.io/library/debian': host(['bash']),
};

export const SUPPORTED_IMAGE_REPOSITORIES: readonly string[] = Object.keys(SUPPORTED_IMAGES);

/** "busybox:1.36" -> "docker.io/library/busybox"; drops tag and digest, adds Docker Hub's defaults. */
export function imageRepository(image: string): string {
  let name = image.trim().split('@')[0] ?? '';
  if (name.lastIndexOf(':') > name.lastIndexOf('/')) name = name.slice(0, name.lastIndexOf(':'));
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) parts.unshift('docker.io');
  if (parts[0] === 'index.docker.io') parts[0] = 'docker.io';
  if (parts[0] === 'docker.io' && parts.length === 2) parts.splice(1, 0, 'library');
  return parts.join('/');
}

/** Kubernetes' rule: `command` replaces ENTRYPOINT (and drops CMD), `args` replace CMD. */
function effectiveArgv(spec: ImageSpec, command?: readonly string[], args?: readonly string[]): string[] {
  if (command && command.length > 0) return [...command, ...(args ?? [])];
  return [...spec.entrypoint, ...(args && args.length > 0 ? args : spec.cmd)];
}

function runBuiltin(
  builtin: Builtin,
  argv: string[],
  runtime: WorkloadRuntime,
): ResolvedImage | ImageResolveError {
  const rest = argv.slice(1);
  if (builtin === 'netexec') return { argv: [runtime.nodePath, runtime.netexecMain, ...rest] };
  if (builtin === 'pause') return { argv: [runtime.nodePath, runtime.pauseMain, ...rest] };
  // agnhost <subcommand> [flags]: the workloads keep agnhost's argv form, subcommand first.
  const subcommand = rest[0];
  if (subcommand === 'netexec') return { argv: [runtime.nodePath, runtime.netexecMain, ...rest] };
  if (subcommand === 'pause') return { argv: [runtime.nodePath, runtime.pauseMain, ...rest] };
  return new ImageResolveError(
    'CreateContainerError',
    `agnhost subcommand ${JSON.stringify(subcommand ?? '')} is not supported by flatnet (supported: netexec, pause)`,
  );
}

/**
 * Map a container's image, command and args to a process to spawn. flatnet pulls no images: it knows
 * a few by name and runs their behaviour directly (agnhost netexec and pause in node, distro images as
 * host binaries). Returns an ImageResolveError whose code is the kubelet's waiting reason.
 */
export function resolveImage(
  image: string,
  command?: readonly string[],
  args?: readonly string[],
  runtime: WorkloadRuntime = DEFAULT_WORKLOAD_RUNTIME,
): ResolvedImage | ImageResolveError {
  const repository = imageRepository(image);
  const spec = Object.hasOwn(SUPPORTED_IMAGES, repository) ? SUPPORTED_IMAGES[repository] : undefined;
  if (spec === undefined) {
    return new ImageResolveError(
      'ErrImagePull',
      `image ${JSON.stringify(image)} is not available: flatnet runs no container images, only these ` +
        `repositories (any tag): ${SUPPORTED_IMAGE_REPOSITORIES.join(', ')}`,
    );
  }
  const argv = effectiveArgv(spec, command, args);
  const executable = argv[0];
  if (executable === undefined || executable === '') {
    return new ImageResolveError(
      'CreateContainerError',
      `image ${JSON.stringify(image)}: no command specified`,
    );
  }
  const builtin = spec.builtins.find((name) => name === posix.basename(executable));
  if (builtin !== undefined) return runBuiltin(builtin, argv, runtime);
  if (spec.hostUserland) return { argv };
  return new ImageResolveError(
    'CreateContainerError',
    `image ${JSON.stringify(image)}: exec: ${JSON.stringify(executable)}: executable file not found in $PATH`,
  );
}
