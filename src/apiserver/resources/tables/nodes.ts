import type { KubeObject, TableColumn } from '../types.js';
import { at, byBytes, recs, str, strMap } from '../json.js';
import { ageColumn, column } from './format.js';

/** `kubectl get nodes`: printNode in kubernetes pkg/printers/internalversion/printers.go (1.32). */

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** STATUS: Ready / NotReady from the Ready condition ("Unknown" without one), then SchedulingDisabled. */
export function nodeStatus(node: KubeObject): string {
  const ready = recs(at(node, 'status', 'conditions')).find((c) => c['type'] === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready['status'] === 'True' ? 'Ready' : 'NotReady'];
  if (at(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>` values. */
export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(strMap(node.metadata?.labels))) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length)
      roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === ROLE_LABEL && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort(byBytes).join(',');
}

/** The first address of a type, "<none>" without one. */
function address(node: KubeObject, type: string): string {
  return str(recs(at(node, 'status', 'addresses')).find((a) => a['type'] === type)?.['address']) || '<none>';
}

const nodeInfo = (node: KubeObject, key: string): string => str(at(node, 'status', 'nodeInfo', key));

const addressesDoc =
  'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses';

export const nodeColumns: readonly TableColumn[] = [
  column('Status', 'The status of the node', nodeStatus),
  column('Roles', 'The roles of the node', nodeRoles),
  ageColumn,
  column('Version', 'Kubelet Version reported by the node.', (n) => nodeInfo(n, 'kubeletVersion')),
  column('Internal-IP', addressesDoc, (n) => address(n, 'InternalIP'), 1),
  column('External-IP', addressesDoc, (n) => address(n, 'ExternalIP'), 1),
  column(
    'OS-Image',
    'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
    (n) => nodeInfo(n, 'osImage') || '<unknown>',
    1,
  ),
  column(
    'Kernel-Version',
    "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    (n) => nodeInfo(n, 'kernelVersion') || '<unknown>',
    1,
  ),
  column(
    'Container-Runtime',
    'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
    (n) => nodeInfo(n, 'containerRuntimeVersion') || '<unknown>',
    1,
  ),
];
