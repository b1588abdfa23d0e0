import { KubeConfig } from '@kubernetes/client-node';
import { InvalidInputError } from '../lib/errors.js';

/** Loads a kubeconfig file with client-node (the same loader kubectl-compatible tools use). */
export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (err) {
    throw new InvalidInputError(`cannot load kubeconfig ${path}`, { cause: err });
  }
  if (!kc.getCurrentCluster()) throw new InvalidInputError(`kubeconfig ${path} has no current cluster`);
  return kc;
}
