import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from './support/apiserver.js';

/**
 * @kubernetes/client-node's own informers (the library node software elsewhere is written with)
 * against our API server: every change arrives, also across an API server restart.
 */
describe('client-node informers against the flatnet API server', () => {
  let api: TestApiServer;
  let kc: k8s.KubeConfig;
  before(async () => {
    api = await startTestApiServer();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(api.kubeconfig);
  });
  after(() => api.close());

  test('Pods, Services, EndpointSlices and NetworkPolicies: every change, across a restart', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
    const networking = kc.makeApiClient(k8s.NetworkingV1Api);
    const ns = 'default';
    const informers = {
      pods: k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/pods`, () =>
        core.listNamespacedPod({ namespace: ns }),
      ),
      services: k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/services`, () =>
        core.listNamespacedService({ namespace: ns }),
      ),
      slices: k8s.makeInformer(kc, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, () =>
        discovery.listNamespacedEndpointSlice({ namespace: ns }),
      ),
      policies: k8s.makeInformer(kc, `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`, () =>
        networking.listNamespacedNetworkPolicy({ namespace: ns }),
      ),
    };
    const events: string[] = [];
    let stopped = false;
    for (const [kind, typed] of Object.entries(informers)) {
      const informer = typed as unknown as k8s.Informer<k8s.KubernetesObject>;
      const record = (type: string) => (obj: k8s.KubernetesObject) =>
        events.push(`${kind} ${type} ${obj.metadata?.name}`);
      informer.on(k8s.ADD, record('add'));
      informer.on(k8s.UPDATE, record('update'));
      informer.on(k8s.DELETE, record('delete'));
      // A dropped watch stops a client-node informer; the documented remedy is to start it again.
      informer.on(k8s.ERROR, () => {
        if (!stopped)
          setTimeout(() => void (stopped ? undefined : informer.start().catch(() => undefined)), 500);
      });
      await informer.start();
    }
    const create = async (round: string) => {
      await core.createNamespacedPod({
        namespace: ns,
        body: { metadata: { name: `p-${round}` }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      });
      await core.createNamespacedService({
        namespace: ns,
        body: { metadata: { name: `s-${round}` }, spec: { ports: [{ port: 80 }] } },
      });
      await discovery.createNamespacedEndpointSlice({
        namespace: ns,
        body: { metadata: { name: `e-${round}` }, addressType: 'IPv4', endpoints: [] },
      });
      await networking.createNamespacedNetworkPolicy({
        namespace: ns,
        body: { metadata: { name: `n-${round}` }, spec: { podSelector: {} } },
      });
    };
    const waitFor = async (want: string[]) => {
      for (let i = 0; i < 150 && !want.every((w) => events.includes(w)); i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(
        want.filter((w) => !events.includes(w)),
        [],
      );
    };
    const names = (round: string) => [
      `pods add p-${round}`,
      `services add s-${round}`,
      `slices add e-${round}`,
      `policies add n-${round}`,
    ];
    await create('1');
    await waitFor(names('1'));
    await core.deleteNamespacedPod({ namespace: ns, name: 'p-1' });
    await waitFor(['pods delete p-1']);

    await api.restart();
    await create('2');
    await waitFor(names('2'));
    await core.patchNamespacedService(
      { namespace: ns, name: 's-2', body: { metadata: { labels: { changed: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitFor(['services update s-2']);
    stopped = true;
    for (const informer of Object.values(informers)) await informer.stop();
    const cached = informers.services
      .list()
      .map((s) => s.metadata?.name)
      .sort();
    assert.deepEqual(cached, ['kubernetes', 's-1', 's-2']);
  });
});
