import type { ResourceType } from './types.js';
import { defaultEndpointSlice } from './defaults/misc.js';
import { endpointSliceColumns } from './tables/endpoints.js';
import { validateEndpointSlice } from './validation/endpoint-slice.js';

/** The discovery.k8s.io/v1 group: EndpointSlices (no short name, no category in Kubernetes 1.32). */

export const endpointSlices: ResourceType = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  listKind: 'EndpointSliceList',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: [],
  fieldSelectors: [],
  columns: endpointSliceColumns,
  applyDefaults: defaultEndpointSlice,
  validate: validateEndpointSlice,
  patchSchema: 'EndpointSlice',
};

export const DISCOVERY_RESOURCES: readonly ResourceType[] = [endpointSlices];
