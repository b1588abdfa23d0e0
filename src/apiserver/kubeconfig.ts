/**
 * A kubeconfig for kubectl and client-node: one cluster (server URL + CA), one user (bearer token),
 * one context. JSON is valid YAML, but kubeconfigs are read by people too, so this writes YAML.
 */
export interface KubeconfigInput {
  readonly clusterName: string;
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly namespace?: string;
}

export function renderKubeconfig(input: KubeconfigInput): string {
  const ca = Buffer.from(input.caPem).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: ${input.clusterName}
  cluster:
    server: ${input.server}
    certificate-authority-data: ${ca}
users:
- name: ${input.clusterName}-admin
  user:
    token: ${input.token}
contexts:
- name: ${input.clusterName}
  context:
    cluster: ${input.clusterName}
    user: ${input.clusterName}-admin
    namespace: ${input.namespace ?? 'default'}
current-context: ${input.clusterName}
`;
}
