import type { DiscoveredResource } from './api-client.js';

/**
 * Legacy discovery, as client-go's ServerPreferredResources walks it: /api/v1, then /apis for the
 * groups and each group's preferred version. Subresources (`pods/status`) are left out.
 */

interface ApiResourceList {
  groupVersion?: string;
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

interface ApiGroupList {
  groups?: { name: string; preferredVersion?: { version: string } }[];
}

export async function discoverResources(
  get: (path: string) => Promise<unknown>,
): Promise<DiscoveredResource[]> {
  const lists: { group: string; version: string; list: ApiResourceList }[] = [
    { group: '', version: 'v1', list: (await get('/api/v1')) as ApiResourceList },
  ];
  const groups = ((await get('/apis')) as ApiGroupList).groups ?? [];
  for (const group of groups) {
    const version = group.preferredVersion?.version;
    if (!version) continue;
    lists.push({
      group: group.name,
      version,
      list: (await get(`/apis/${group.name}/${version}`)) as ApiResourceList,
    });
  }
  return lists.flatMap(({ group, version, list }) =>
    (list.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({
        group,
        version,
        kind: r.kind,
        plural: r.name,
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
      })),
  );
}
