// The compute family's output on the real kube-apiserver (pinned CRDs installed): what the API
// server itself refuses (a multi-port Service with unnamed ports) and accepts.
import { Chart, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { VirtualMachine } from '../../lib';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';
import { newClient } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('compute output on the real kube-apiserver', () => {
  let client: KubeClient;
  const namespace = uniqueName('compute');

  beforeAll(async () => {
    client = await newClient();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubeObject);
  });
  afterAll(async () => {
    await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => undefined);
  });

  const dryRun = (o: KubeObject) => client.apply(o, { fieldManager: 'cdk8s-kubevirt-test', dryRun: true });

  test('vm.expose({ ports: [80, 443] }) gives a Service the API server accepts; the same ports unnamed are refused', async () => {
    const chart = new Chart(Testing.app(), 'expose', { namespace });
    const vm = new VirtualMachine(chart, 'web', { metadata: { name: 'web' }, memory: Size.gibibytes(1) });
    vm.expose({ ports: [80, 443], name: 'web' });
    vm.expose({ ports: [53, { port: 53, protocol: plus.Protocol.UDP }, 8000], name: 'dns', id: 'dns' });
    const objects = Testing.synth(chart) as KubeObject[];
    const services = objects.filter((o) => o.kind === 'Service');
    expect(services).toHaveLength(2);
    for (const svc of services) await expect(dryRun(svc)).resolves.toMatchObject({ kind: 'Service' });
    await expect(dryRun(objects.find((o) => o.kind === 'VirtualMachine')!)).resolves.toMatchObject({ kind: 'VirtualMachine' });

    const unnamed = JSON.parse(JSON.stringify(services[0]));
    for (const p of unnamed.spec.ports) delete p.name;
    await expect(dryRun(unnamed)).rejects.toThrow(/spec\.ports\[0\]\.name: Required value/);
  });
});
