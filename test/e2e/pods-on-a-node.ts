import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CniPlugins } from '../../src/kubelet/cni-config.js';
import { labDown } from '../../src/lab/lifecycle.js';
import { labDir } from '../../src/lab/state.js';
import { kernel } from './support/lab-fixture.js';
import { flatnet } from './support/cli.js';
import { NETEXEC, pods, startCluster, waitFor, waitReady, type TestCluster } from './support/cluster.js';

/**
 * Issue "pods on a node", run once with flatnet's CNI plugins and once with Debian's reference
 * plugins: real pods in a one-node lab, real traffic between them.
 */
export function podsOnANode(plugins: CniPlugins): void {
  describe(`pods on one node (${plugins} CNI plugins)`, () => {
    let cluster: TestCluster;
    before(async () => {
      cluster = await startCluster(`pods-${plugins.slice(0, 3)}`, 1, plugins);
    });
    after(() => labDown(cluster.name, { kernel }));

    const curl = (url: string) => cluster.host('node-1', ['curl', '-s', '--max-time', '10', url]);

    test('two containers of one pod talk over localhost and share the pod hostname', async () => {
      await cluster.kubectl(
        ['apply', '-f', '-'],
        `apiVersion: v1
kind: Pod
metadata: {name: duo, labels: {app: duo}}
spec:
  containers:
  - {name: a, image: ${NETEXEC}, args: [netexec, --http-port=8080, --udp-port=8081]}
  - {name: b, image: ${NETEXEC}, args: [netexec, --http-port=8090, --udp-port=8091]}
`,
      );
      const [pod] = await waitReady(cluster, 'app=duo', 1);
      const reply = JSON.parse(
        await curl(
          `http://${pod!.status.podIP}:8080/dial?host=127.0.0.1&port=8090&request=hostname&protocol=http&tries=1`,
        ),
      );
      assert.deepEqual(reply, { responses: ['duo'] });
    });

    test('pods reach each other by pod IP over TCP and UDP, and the receiver sees the sender pod IP', async () => {
      await cluster.kubectl(
        ['apply', '-f', '-'],
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: peers}
spec:
  replicas: 2
  selector: {matchLabels: {app: peers}}
  template:
    metadata: {labels: {app: peers}}
    spec:
      containers:
      - name: netexec
        image: ${NETEXEC}
        args: [netexec, --http-port=8080, --udp-port=8081]
        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
`,
      );
      const [a, b] = await waitReady(cluster, 'app=peers', 2);
      const tcp = JSON.parse(
        await curl(
          `http://${a!.status.podIP}:8080/dial?host=${b!.status.podIP}&port=8080&request=clientip&protocol=http&tries=3`,
        ),
      ) as { responses: string[] };
      assert.equal(tcp.responses.length, 3);
      for (const r of tcp.responses) assert.equal(r.split(':')[0], a!.status.podIP, 'no NAT between pods');
      const udp = JSON.parse(
        await curl(
          `http://${a!.status.podIP}:8080/dial?host=${b!.status.podIP}&port=8081&request=hostname&protocol=udp&tries=2`,
        ),
      );
      assert.deepEqual(udp, { responses: [b!.metadata.name, b!.metadata.name] });
      const clientip = JSON.parse(
        await curl(
          `http://${a!.status.podIP}:8080/dial?host=${b!.status.podIP}&port=8081&request=clientip&protocol=udp&tries=1`,
        ),
      ) as { responses: string[] };
      assert.equal(clientip.responses[0]!.split(':')[0], a!.status.podIP);
    });

    test("a pod's own view of its IP equals status.podIP", async () => {
      for (const pod of await pods(cluster, 'app=peers')) {
        const shell = JSON.parse(
          await curl(
            `http://${pod.status.podIP}:8080/shell?cmd=${encodeURIComponent('ip -4 -o addr show dev eth0')}`,
          ),
        ) as { output: string };
        assert.match(shell.output, new RegExp(`inet ${pod.status.podIP!.replace(/\./g, '\\.')}/24 `));
      }
    });

    test('flatnet exec runs a command inside a pod (its network and UTS namespaces)', async () => {
      const [pod] = await pods(cluster, 'app=duo');
      const result = flatnet([
        'exec',
        'duo',
        '-c',
        'b',
        '--name',
        cluster.name,
        '--',
        'sh',
        '-c',
        'hostname; ip -4 -o addr show dev eth0',
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^duo\n/);
      assert.ok(result.stdout.includes(`inet ${pod!.status.podIP}/`));
      const missing = flatnet(['exec', 'nosuchpod', '--name', cluster.name, '--', 'true']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /pods "nosuchpod" not found/);
    });

    test('a container whose command does not exist reports a clear reason and the node keeps working', async () => {
      await cluster.kubectl(
        ['apply', '-f', '-'],
        `apiVersion: v1
kind: Pod
metadata: {name: broken, labels: {app: broken}}
spec:
  containers: [{name: c, image: busybox, command: [/no/such/binary]}]
`,
      );
      const status = await waitFor('StartError status', async () => {
        const [pod] = await pods(cluster, 'app=broken');
        const s = pod?.status.containerStatuses?.[0];
        const terminated = s?.state['terminated'] ?? s?.lastState?.['terminated'];
        return terminated?.reason === 'StartError' ? s : undefined;
      });
      const message = JSON.stringify(status);
      assert.match(message, /no\/such\/binary/);
      await cluster.kubectl(['delete', 'pod', 'broken', '--wait=false']);
    });

    test('100 pods created and deleted leave no veth, no namespace and no reserved IP', async () => {
      await cluster.kubectl(
        ['apply', '-f', '-'],
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: many}
spec:
  replicas: 100
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec:
      terminationGracePeriodSeconds: 5
      containers: [{name: c, image: busybox, command: [sleep, "3600"]}]
`,
      );
      await waitReady(cluster, 'app=many', 100, 240_000);
      await cluster.kubectl(['delete', 'deployment', 'many', '--wait=false']);
      await cluster.kubectl(['delete', 'deployment', 'peers', '--wait=false']);
      await cluster.kubectl(['delete', 'pod', 'duo', '--wait=false']);
      await waitFor(
        'every pod gone',
        async () => ((await cluster.kubectl(['get', 'pods', '-o', 'name'])).trim() === '' ? true : undefined),
        180_000,
      );
      const node = cluster.state.hosts.find((h) => h.name === 'node-1')!;
      const podNamespaces = (await kernel.listNetns()).filter((ns) => ns.startsWith(`${node.netns}.`));
      assert.deepEqual(podNamespaces, [], 'no pod network namespace left');
      const veths = (await kernel.host(node.netns).listLinks()).filter(
        (l) => l.kind === 'veth' && l.name !== 'eth0',
      );
      assert.deepEqual(
        veths.map((l) => l.name),
        [],
        'no pod veth left on the node',
      );
      const ipamDir = join(labDir(cluster.name), 'nodes', 'node-1', 'cni', 'networks', 'flatnet');
      const reserved = (await readdir(ipamDir).catch(() => [] as string[])).filter((f) =>
        /^\d+\.\d+\.\d+\.\d+$/.test(f),
      );
      assert.deepEqual(reserved, [], 'no IP left reserved');
    });
  });
}
