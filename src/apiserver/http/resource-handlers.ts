import { badRequest, methodNotAllowed, notFound, toStatus } from '../machinery/status.js';
import { isStorageError } from '../storage/errors.js';
import { toApiError } from './api-errors.js';
import type { Registry, Target } from '../registry/registry.js';
import { watchObjects } from '../registry/watch.js';
import { buildFilter } from '../registry/filter.js';
import { parseResourceVersion } from '../registry/meta.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../resources/types.js';
import { decodeBody, type RequestContext } from './request.js';
import { ok, type Reply } from './reply.js';
import { includeObjectParam, toTable, wantsTable } from './table.js';
import { streamWatch } from './watch-stream.js';
import { applyPatch } from './patch.js';
import { fromScale, toScale } from './scale.js';

export interface ResourceDeps {
  readonly registry: Registry;
  readonly now: () => Date;
  /** Default watch length when the client gives no timeoutSeconds (kube-apiserver: 30-60 min). */
  readonly watchTimeoutMs?: number;
  readonly heartbeatMs?: number;
}

export interface ResourceRoute {
  readonly resource: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** Dispatches one request on a resource path by HTTP method, as kube-apiserver's REST handlers do. */
export async function handleResource(
  ctx: RequestContext,
  route: ResourceRoute,
  deps: ResourceDeps,
): Promise<Reply> {
  const { resource, name, subresource } = route;
  if (subresource !== undefined && !resource.subresources.includes(subresource as 'status' | 'scale')) {
    throw notFound(`${resource.plural}/${subresource}`, resource.group, name ?? '');
  }
  if (resource.readOnly && ctx.method !== 'GET') {
    throw methodNotAllowed(resource.plural, resource.group, ctx.method.toLowerCase());
  }
  const dryRun = dryRunOf(ctx);
  if (name === undefined) {
    switch (ctx.method) {
      case 'GET':
        return isWatch(ctx) ? watch(ctx, route, deps) : list(ctx, route, deps);
      case 'POST':
        return ok(
          await deps.registry.create(resource, route.namespace, asObject(await ctx.body()), { dryRun }),
          201,
        );
      case 'DELETE':
        return deleteCollection(ctx, route, deps);
      default:
        throw methodNotAllowed(resource.plural, resource.group, ctx.method.toLowerCase());
    }
  }
  const target: Target = {
    resource,
    ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
    name,
  };
  if (subresource === 'scale') return scale(ctx, target, deps);
  if (subresource === 'binding') return bind(ctx, target, deps);
  switch (ctx.method) {
    case 'GET': {
      const obj = await deps.registry.get(target);
      if (subresource === undefined && wantsTable(ctx.headers.accept)) {
        const include = includeObjectParam(ctx.query.get('includeObject'));
        const listMeta = { resourceVersion: obj.metadata?.resourceVersion };
        return ok(toTable(resource, [obj], { include, now: deps.now(), listMeta }));
      }
      return ok(obj);
    }
    case 'PUT': {
      const body = asObject(await ctx.body());
      checkKind(resource, body);
      return ok(
        await deps.registry.update(target, () => body, { ...subresourceOption(subresource), dryRun }),
      );
    }
    case 'PATCH': {
      const patch = await ctx.body();
      const updated = await deps.registry.update(
        target,
        (current) => {
          const next = applyPatch(ctx.contentType, current, patch, resource);
          // A patch that does not name a resourceVersion applies to whatever is current: retry on races.
          if (next.metadata?.resourceVersion === current.metadata?.resourceVersion)
            delete next.metadata?.resourceVersion;
          return next;
        },
        { ...subresourceOption(subresource), dryRun },
      );
      return ok(updated);
    }
    case 'DELETE':
      return ok(await deps.registry.delete(target, { ...(await deleteOptions(ctx)), dryRun }));
    default:
      throw methodNotAllowed(resource.plural, resource.group, ctx.method.toLowerCase());
  }
}

const subresourceOption = (subresource: string | undefined) => (subresource ? { subresource } : {});

/** `dryRun=All` runs a write through defaulting, validation and admission without storing it. */
function dryRunOf(ctx: RequestContext): boolean {
  const values = ctx.query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dry run value: ${v}`);
  return values.length > 0;
}

const isWatch = (ctx: RequestContext): boolean => ['true', '1'].includes(ctx.query.get('watch') ?? '');

function asObject(body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the request body must be a JSON object');
  }
  return body as KubeObject;
}

function checkKind(resource: ResourceType, body: KubeObject): void {
  const want = apiVersionOf(resource);
  if (body.kind !== undefined && body.kind !== resource.kind) {
    throw badRequest(
      `${body.kind} in version "${body.apiVersion ?? ''}" cannot be handled as a ${resource.kind}`,
    );
  }
  if (body.apiVersion !== undefined && body.apiVersion !== want) {
    throw badRequest(
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${want})`,
    );
  }
}

async function list(ctx: RequestContext, route: ResourceRoute, deps: ResourceDeps): Promise<Reply> {
  const filter = buildFilter(route.resource, ctx.query.get('labelSelector'), ctx.query.get('fieldSelector'));
  const limit = Number(ctx.query.get('limit') ?? 0);
  const token = ctx.query.get('continue') ?? undefined;
  const page = await deps.registry.list(route.resource, route.namespace, filter, {
    ...(limit > 0 ? { limit } : {}),
    ...(token ? { continue: token } : {}),
  });
  const listMeta = {
    resourceVersion: page.resourceVersion,
    ...(page.continue ? { continue: page.continue } : {}),
  };
  if (wantsTable(ctx.headers.accept)) {
    const include = includeObjectParam(ctx.query.get('includeObject'));
    return ok(toTable(route.resource, page.items, { include, now: deps.now(), listMeta }));
  }
  // Items of a typed list carry no apiVersion/kind of their own, as in kube-apiserver's responses.
  const items = page.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return ok({
    kind: route.resource.listKind,
    apiVersion: apiVersionOf(route.resource),
    metadata: listMeta,
    items,
  });
}

async function watch(ctx: RequestContext, route: ResourceRoute, deps: ResourceDeps): Promise<Reply> {
  const filter = buildFilter(route.resource, ctx.query.get('labelSelector'), ctx.query.get('fieldSelector'));
  const rv = parseResourceVersion(ctx.query.get('resourceVersion') ?? undefined);
  if (rv !== undefined && Number.isNaN(rv))
    throw badRequest('resourceVersion must be a non-negative integer');
  let stream;
  try {
    stream = await watchObjects(deps.registry.store, route.resource, route.namespace, filter, rv);
  } catch (err) {
    // kube-apiserver answers a watch from a compacted version with 200 and one ERROR event (410).
    if (!isStorageError(err, 'Expired')) throw err;
    const status = toStatus(toApiError(err));
    return {
      stream: async (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        res.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
      },
    };
  }
  const timeoutSeconds = Number(ctx.query.get('timeoutSeconds') ?? 0);
  const table = wantsTable(ctx.headers.accept)
    ? { include: includeObjectParam(ctx.query.get('includeObject')) }
    : undefined;
  return {
    stream: (res) =>
      streamWatch(res, stream, {
        resource: route.resource,
        ...(table ? { table } : {}),
        bookmarks: ctx.query.get('allowWatchBookmarks') === 'true',
        timeoutMs: timeoutSeconds > 0 ? timeoutSeconds * 1000 : (deps.watchTimeoutMs ?? 30 * 60_000),
        ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
        now: deps.now,
        currentRevision: () => deps.registry.store.currentRevision(),
      }),
  };
}

/** DeleteOptions from the query and the optional body (which clients may send chunked). */
async function deleteOptions(ctx: RequestContext) {
  const bytes = await ctx.rawBody();
  const raw = bytes.length === 0 ? {} : asObject(decodeBody(bytes, ctx.contentType));
  const grace = ctx.query.get('gracePeriodSeconds') ?? raw['gracePeriodSeconds'];
  const preconditions = raw['preconditions'] as { uid?: string; resourceVersion?: string } | undefined;
  const policy = ctx.query.get('propagationPolicy') ?? raw['propagationPolicy'];
  if (
    policy !== undefined &&
    policy !== null &&
    !['Orphan', 'Foreground', 'Background'].includes(policy as string)
  ) {
    throw badRequest(
      `propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  return {
    ...(grace !== undefined && grace !== null ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(preconditions ? { preconditions } : {}),
    ...(policy ? { propagationPolicy: policy as 'Orphan' | 'Foreground' | 'Background' } : {}),
  };
}

async function deleteCollection(
  ctx: RequestContext,
  route: ResourceRoute,
  deps: ResourceDeps,
): Promise<Reply> {
  const filter = buildFilter(route.resource, ctx.query.get('labelSelector'), ctx.query.get('fieldSelector'));
  const page = await deps.registry.list(route.resource, route.namespace, filter, {});
  const options = await deleteOptions(ctx);
  const deleted: KubeObject[] = [];
  for (const obj of page.items) {
    const target = {
      resource: route.resource,
      namespace: obj.metadata?.namespace,
      name: obj.metadata!.name!,
    } as Target;
    deleted.push(await deps.registry.delete(target, options).catch(() => obj));
  }
  return ok({
    kind: route.resource.listKind,
    apiVersion: apiVersionOf(route.resource),
    metadata: {},
    items: deleted,
  });
}

/** POST pods/<name>/binding with a Binding `{target: {kind: Node, name}}` (the scheduler's call). */
async function bind(ctx: RequestContext, target: Target, deps: ResourceDeps): Promise<Reply> {
  if (ctx.method !== 'POST') {
    throw methodNotAllowed(
      `${target.resource.plural}/binding`,
      target.resource.group,
      ctx.method.toLowerCase(),
    );
  }
  const body = asObject(await ctx.body());
  const node = (body['target'] as { name?: unknown } | undefined)?.name;
  if (typeof node !== 'string' || node === '') throw badRequest('a Binding needs target.name (the node)');
  await deps.registry.bind(target, node);
  return ok({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
}

async function scale(ctx: RequestContext, target: Target, deps: ResourceDeps): Promise<Reply> {
  if (ctx.method === 'GET') return ok(toScale(await deps.registry.get(target)));
  if (ctx.method !== 'PUT' && ctx.method !== 'PATCH')
    throw methodNotAllowed(
      `${target.resource.plural}/scale`,
      target.resource.group,
      ctx.method.toLowerCase(),
    );
  const body = await ctx.body();
  const updated = await deps.registry.update(target, (current) => {
    const desired =
      ctx.method === 'PUT' ? asObject(body) : applyPatch(ctx.contentType, toScale(current), body, undefined);
    return fromScale(current, desired);
  });
  return ok(toScale(updated));
}
