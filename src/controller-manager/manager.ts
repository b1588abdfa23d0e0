import type { ApiClient } from '../client/api-client.js';
import { connect } from '../client/http-client.js';
import { InvalidInputError } from '../lib/errors.js';
import { daemonSetController } from './daemonset/controller.js';
import { deploymentController } from './deployment/controller.js';
import { endpointSliceController } from './endpointslice/controller.js';
import { garbageCollector } from './garbage-collector/controller.js';
import { namespaceController } from './namespace/controller.js';
import { nodeIpamController, type NodeIpamConfig } from './node-ipam/controller.js';
import { podGcController } from './pod-gc/controller.js';
import { replicaSetController } from './replicaset/controller.js';
import type { Controller, Logger } from './runtime/controller.js';
import type { ControllerDeps } from './runtime/deps.js';
import { apiEventRecorder } from './runtime/events.js';
import { SharedInformers } from './runtime/shared-informers.js';
import { schedulerController } from './scheduler/controller.js';

/**
 * The composition root: an explicit registry of controllers (no registration by import side
 * effects), each built with its dependencies, sharing one set of informers. Events are recorded
 * under the component names Kubernetes uses, so `kubectl describe` reads as it does there.
 */

export interface ControllerManagerOptions extends Partial<NodeIpamConfig> {
  readonly log?: Logger;
  /** Run only these (names from CONTROLLERS); all by default. */
  readonly controllers?: readonly string[];
}

interface Registration {
  readonly component: string;
  readonly build: (deps: ControllerDeps, options: NodeIpamConfig) => Controller;
}

export const CONTROLLERS: Readonly<Record<string, Registration>> = {
  namespace: { component: 'namespace-controller', build: namespaceController },
  'node-ipam': { component: 'cidrAllocator', build: nodeIpamController },
  scheduler: { component: 'default-scheduler', build: schedulerController },
  endpointslice: { component: 'endpointslice-controller', build: endpointSliceController },
  deployment: { component: 'deployment-controller', build: deploymentController },
  replicaset: { component: 'replicaset-controller', build: replicaSetController },
  daemonset: { component: 'daemonset-controller', build: daemonSetController },
  'garbage-collector': { component: 'garbage-collector-controller', build: garbageCollector },
  'pod-gc': { component: 'pod-garbage-collector', build: podGcController },
};

export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;

export interface RunningControllers {
  readonly client: ApiClient;
  stop(): Promise<void>;
}

/** Connects with the kubeconfig and runs the controllers until `stop()`. */
export async function startControllers(
  kubeconfig: string,
  options: ControllerManagerOptions = {},
): Promise<RunningControllers> {
  const client = await connect(kubeconfig);
  const running = await runControllers(client, options).catch((err: unknown) => {
    client.close();
    throw err;
  });
  return {
    client,
    async stop() {
      await running.stop();
      client.close();
    },
  };
}

export async function runControllers(
  client: ApiClient,
  options: ControllerManagerOptions = {},
): Promise<RunningControllers> {
  const log = options.log ?? (() => {});
  const names = options.controllers ?? Object.keys(CONTROLLERS);
  const unknown = names.filter((n) => !CONTROLLERS[n]);
  if (unknown.length > 0)
    throw new InvalidInputError(
      `unknown controllers: ${unknown.join(', ')} (known: ${Object.keys(CONTROLLERS).join(', ')})`,
    );
  const ipam: NodeIpamConfig = {
    clusterCidr: options.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
    nodeCidrMaskSize: options.nodeCidrMaskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE,
  };
  const informers = new SharedInformers(client, log);
  const controllers = names.map((name) => {
    const { component, build } = CONTROLLERS[name]!;
    return build({ client, informers, log, events: apiEventRecorder(client, component, log) }, ipam);
  });
  await informers.start();
  log(`controller-manager: informers synced; running ${names.join(', ')}`);
  const runs = controllers.map((c) => c.run());
  return {
    client,
    async stop() {
      controllers.forEach((c) => c.stop());
      await Promise.all(runs);
      await informers.stop();
    },
  };
}
