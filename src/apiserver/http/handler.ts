import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { ApiError, unauthorized } from '../machinery/status.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../resources/types.js';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregated,
} from '../discovery.js';
import { openapiDoc, openapiIndex } from '../openapi.js';
import { versionInfo } from '../version.js';
import { makeContext, type RequestContext } from './request.js';
import { errorReply, ok, send, type Reply } from './reply.js';
import { parseRoute, type Route } from './route.js';
import { handleResource } from './resource-handlers.js';

export interface ApiHandlerDeps {
  readonly registry: Registry;
  readonly resources: readonly ResourceType[];
  /** Bearer tokens that authenticate a client. */
  readonly tokens: readonly string[];
  /** What /api advertises as the server address. */
  readonly serverAddress: string;
  readonly now?: () => Date;
  readonly heartbeatMs?: number;
  readonly log?: (line: string) => void;
}

/** Paths that kube-apiserver lets anyone read (system:public-info-viewer). */
const PUBLIC: ReadonlySet<Route['kind']> = new Set(['version', 'health']);

export function createApiHandler(deps: ApiHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const byPlural = new Map(deps.resources.map((r) => [`${r.group}/${r.version}/${r.plural}`, r]));
  const lookup = (group: string, version: string, plural: string) =>
    byPlural.get(`${group}/${version}/${plural}`);
  const now = deps.now ?? (() => new Date());
  const tokens = deps.tokens.map((t) => Buffer.from(t));

  const authenticated = (req: IncomingMessage): boolean => {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const given = Buffer.from(match[1]!);
    return tokens.some((t) => t.length === given.length && timingSafeEqual(t, given));
  };

  return (req, res) => {
    const ctx = makeContext(req);
    const route = parseRoute(ctx.path, lookup);
    const reply = (async (): Promise<Reply> => {
      if (!PUBLIC.has(route.kind) && !authenticated(req)) throw unauthorized();
      return dispatch(ctx, route, deps, now);
    })();
    reply
      .catch(errorReply)
      .then((r) => {
        if ('status' in r && r.status >= 500)
          deps.log?.(`${ctx.method} ${ctx.path}: ${JSON.stringify(r.body)}`);
        return send(res, r);
      })
      .catch((err: unknown) => {
        deps.log?.(`${ctx.method} ${ctx.path}: response failed: ${(err as Error).message}`);
        res.destroy();
      });
  };
}

async function dispatch(
  ctx: RequestContext,
  route: Route,
  deps: ApiHandlerDeps,
  now: () => Date,
): Promise<Reply> {
  const aggregated = wantsAggregated(ctx.headers.accept);
  const found = <T>(doc: T | undefined): Reply => {
    if (doc === undefined) throw pathNotFound();
    return ok(doc);
  };
  switch (route.kind) {
    case 'version':
      return ok(versionInfo());
    case 'health':
      return { status: 200, body: 'ok', contentType: 'text/plain' } as Reply;
    case 'api-root':
      return aggregated
        ? ok(aggregatedDiscovery(deps.resources, true), 200, AGGREGATED_CONTENT_TYPE)
        : ok(apiVersions(deps.serverAddress));
    case 'apis-root':
      return aggregated
        ? ok(aggregatedDiscovery(deps.resources, false), 200, AGGREGATED_CONTENT_TYPE)
        : ok(apiGroupList(deps.resources));
    case 'group':
      return found(apiGroupDoc(deps.resources, route.group));
    case 'group-version':
      return found(apiResourceList(deps.resources, route.group, route.version));
    case 'openapi-index':
      return ok(openapiIndex(deps.resources));
    case 'openapi-doc':
      return found(openapiDoc(deps.resources, route.group, route.version));
    case 'resource':
      return handleResource(ctx, route, {
        registry: deps.registry,
        now,
        ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
      });
    case 'not-found':
      throw pathNotFound();
  }
}

/** kube-apiserver's answer for a path it does not serve (kubectl probes optional groups this way). */
const pathNotFound = (): ApiError =>
  new ApiError({
    statusCode: 404,
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    details: {},
  });
