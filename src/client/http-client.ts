import type {
  ApiClient,
  DeleteOptions,
  DiscoveredResource,
  ListOptions,
  PatchOptions,
  WatchHandle,
  WatchOptions,
} from './api-client.js';
import { PATCH_CONTENT_TYPES } from './api-client.js';
import { discoverResources } from './discovery.js';
import { statusError } from './errors.js';
import { apiVersionOf, KINDS, type ResourceKind } from './kinds.js';
import { queryString, resourcePath } from './paths.js';
import { loadKubeConfig } from './kubeconfig.js';
import { kubeTransport, readAll, type Transport } from './transport.js';
import type { KubeObject, ListResult, WatchEvent } from './types.js';
import { readWatch } from './watch-reader.js';

/** Page size for lists, as client-go's pager uses (500). */
const PAGE_SIZE = 500;
/** Our server sends a heartbeat every 10 s; three missed ones mean the stream is dead. */
const WATCH_IDLE_TIMEOUT_MS = 35_000;

/** An ApiClient for the cluster a kubeconfig file names; `close()` it when done. */
export async function connect(kubeconfigPath: string): Promise<HttpApiClient> {
  return new HttpApiClient(await kubeTransport(loadKubeConfig(kubeconfigPath)));
}

/** ApiClient over HTTPS: JSON bodies, Kubernetes `Status` errors turned into ApiStatusError. */
export class HttpApiClient implements ApiClient {
  constructor(private readonly transport: Transport) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const res = await this.transport.request({
      method,
      path,
      ...(body !== undefined ? { body: JSON.stringify(body), contentType } : {}),
    });
    if (res.status < 200 || res.status > 299) throw statusError(res.status, res.body, `${method} ${path}`);
    return JSON.parse(res.body) as T;
  }

  get<T extends KubeObject>(kind: ResourceKind, namespace: string | undefined, name: string): Promise<T> {
    return this.call('GET', resourcePath(kind, namespace, name));
  }

  async list<T extends KubeObject>(kind: ResourceKind, options: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const query = {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: PAGE_SIZE,
        continue: token,
      };
      const page = await this.call<{
        items?: T[];
        metadata?: { resourceVersion?: string; continue?: string };
      }>('GET', resourcePath(kind, options.namespace) + queryString(query));
      // Items of typed lists carry no apiVersion/kind; fill them so objects describe themselves.
      for (const item of page.items ?? [])
        items.push({ apiVersion: apiVersionOf(kind), kind: kind.kind, ...item });
      resourceVersion ||= page.metadata?.resourceVersion ?? '';
      token = page.metadata?.continue || undefined;
    } while (token);
    return { items, resourceVersion };
  }

  create<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T> {
    return this.call('POST', resourcePath(kind, obj.metadata.namespace), withType(kind, obj));
  }

  update<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T> {
    return this.call(
      'PUT',
      resourcePath(kind, obj.metadata.namespace, obj.metadata.name),
      withType(kind, obj),
    );
  }

  updateStatus<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T> {
    const path = resourcePath(kind, obj.metadata.namespace, obj.metadata.name, 'status');
    return this.call('PUT', path, withType(kind, obj));
  }

  patch<T extends KubeObject>(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    const path = resourcePath(kind, namespace, name, options.subresource);
    return this.call('PATCH', path, patch, PATCH_CONTENT_TYPES[options.type ?? 'merge']);
  }

  async bindPod(namespace: string, name: string, nodeName: string): Promise<void> {
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    await this.call('POST', resourcePath(KINDS.pod, namespace, name, 'binding'), binding);
  }

  async delete(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<void> {
    await this.call('DELETE', resourcePath(kind, namespace, name), deleteBody(options));
  }

  async deleteCollection(kind: ResourceKind, namespace: string, options: DeleteOptions = {}): Promise<void> {
    await this.call('DELETE', resourcePath(kind, namespace), deleteBody(options));
  }

  watch(kind: ResourceKind, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    const query = {
      watch: 1,
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: true,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      timeoutSeconds: options.timeoutSeconds,
    };
    const path = resourcePath(kind, options.namespace) + queryString(query);
    let stop = (): void => {};
    let stopped = false;
    const done = (async () => {
      const res = await this.transport.stream(path);
      if (res.statusCode !== 200)
        throw statusError(res.statusCode ?? 0, await readAll(res, { method: 'GET', path }), `watch ${path}`);
      const reader = readWatch(res, onEvent, WATCH_IDLE_TIMEOUT_MS);
      stop = reader.stop;
      if (stopped) reader.stop();
      await reader.done;
    })();
    return {
      stop: () => {
        stopped = true;
        stop();
      },
      done,
    };
  }

  discover(): Promise<DiscoveredResource[]> {
    return discoverResources((path) => this.call('GET', path));
  }

  close(): void {
    this.transport.close();
  }
}

const withType = <T extends KubeObject>(kind: ResourceKind, obj: T): T => ({
  ...obj,
  apiVersion: apiVersionOf(kind),
  kind: kind.kind,
});

function deleteBody(options: DeleteOptions): object {
  return { apiVersion: 'v1', kind: 'DeleteOptions', ...options };
}
