import { FlatnetError } from '../lib/errors.js';

/**
 * Stable codes for kernel failures. Callers branch on these (through the predicates below),
 * never on stderr text, so the fake kernel can raise exactly the same errors.
 */
export type KernelErrorCode =
  | 'ENOTFOUND' // the object (netns, link, address, route, neighbour, ...) does not exist
  | 'EEXIST' // the object already exists
  | 'EPERM' // not permitted (not root, or a sysctl that the namespace may not change)
  | 'EBUSY' // resource busy
  | 'EUNREACH' // a route's gateway is not reachable on any connected network, or its device is down
  | 'EINVAL' // the kernel or the tool rejected the arguments
  | 'ETOOL' // the tool itself (ip, nft, ...) is not installed
  | 'EKERNEL'; // anything else

export class KernelError extends FlatnetError {
  declare readonly code: KernelErrorCode;
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(
    code: KernelErrorCode,
    details: { argv: readonly string[]; exitCode: number | null; stderr: string; message?: string },
    options?: { cause?: unknown },
  ) {
    const detail = details.message ?? (details.stderr.trim() || `exit code ${details.exitCode}`);
    super(code, `${details.argv.join(' ')}: ${detail}`, options);
    this.argv = details.argv;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr;
  }
}

export const isKernelError = (err: unknown): err is KernelError => err instanceof KernelError;
export const isNotFound = (err: unknown): boolean => isKernelError(err) && err.code === 'ENOTFOUND';
export const isExists = (err: unknown): boolean => isKernelError(err) && err.code === 'EEXIST';
export const isPermission = (err: unknown): boolean => isKernelError(err) && err.code === 'EPERM';
export const isToolMissing = (err: unknown): boolean => isKernelError(err) && err.code === 'ETOOL';

/**
 * Maps a tool's stderr to a stable code. The phrases are what iproute2 6.x, nft 1.0 and procps print;
 * the kernel's own extack messages ("Error: ...") come first when present.
 */
export function classifyStderr(stderr: string): KernelErrorCode {
  const text = stderr.toLowerCase();
  if (/file exists|already exists|address already assigned|same name exists/.test(text)) return 'EEXIST';
  // A nexthop device that is down (ENETDOWN) is as unusable as an unreachable gateway.
  if (
    /nexthop has invalid gateway|network is unreachable|gateway is not reachable|is not up|network is down/.test(
      text,
    )
  )
    return 'EUNREACH';
  if (
    /cannot find device|no such device|does not exist|no such file or directory|no such process|cannot open network namespace|invalid "netns" value|not found|cannot assign requested address|rtnetlink answers: no such/.test(
      text,
    )
  ) {
    return 'ENOTFOUND';
  }
  if (/operation not permitted|permission denied/.test(text)) return 'EPERM';
  if (/device or resource busy/.test(text)) return 'EBUSY';
  // EOPNOTSUPP ("hairpin on a link that is no bridge port", "delete lo") is a rejected request too.
  if (/invalid|syntax error|unknown|not supported|immutable|device required|error: argument/.test(text))
    return 'EINVAL';
  return 'EKERNEL';
}
