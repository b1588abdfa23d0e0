import { StorageError } from './errors.js';
import type { ListOptions } from './types.js';
import { checkRevision } from './values.js';

/**
 * A page request resolved from ListOptions. Like Kubernetes' continue token
 * (k8s.io/apiserver/pkg/storage/continue.go), ours carries the first page's revision and the next
 * key to read, so every page of one list is read from the same consistent snapshot.
 */
export interface PageRequest {
  /** Undefined: read at the current revision. */
  readonly revision: number | undefined;
  /** Read keys >= start (and starting with the prefix). */
  readonly start: string;
  readonly limit: number | undefined;
}

interface TokenBody {
  readonly rv: number;
  readonly start: string;
}

export function resolvePage(prefix: string, options: ListOptions = {}): PageRequest {
  const { limit } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new StorageError('InvalidArgument', `limit must be a positive integer, got ${limit}`);
  }
  checkRevision('revision', options.revision);
  if (options.continue === undefined) return { revision: options.revision, start: prefix, limit };
  if (options.revision !== undefined) {
    throw new StorageError('InvalidArgument', 'a revision cannot be given together with a continue token');
  }
  const token = decodeToken(options.continue);
  if (!token.start.startsWith(prefix)) {
    throw new StorageError('InvalidArgument', `continue token does not belong to prefix ${prefix}`);
  }
  return { revision: token.rv, start: token.start, limit };
}

/** The token for the page after `lastKey`: "\0" is the smallest suffix, so the next key sorts after it. */
export function continueAfter(revision: number, lastKey: string): string {
  const body: TokenBody = { rv: revision, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeToken(token: string): TokenBody {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (Number.isSafeInteger(body.rv) && typeof body.start === 'string') {
      return { rv: body.rv as number, start: body.start };
    }
  } catch {
    // fall through: any undecodable token is the same caller error
  }
  throw new StorageError('InvalidArgument', 'malformed continue token');
}
