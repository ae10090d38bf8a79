// The compute family's output on the real kube-apiserver (pinned CRDs installed): what the API
// server itself refuses (a multi-port Service with unnamed ports) and accepts.
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { CloudInit, CloudConfig, CpuTopology, DiskSource, PoolScaleInStrategy, PoolStatePreservation, PoolUpdateStrategy, UserData, VirtualMachine, VirtualMachinePool } from '../../lib';
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

  test('a VirtualMachinePool with every pool setting is accepted by the pinned pool CRD', async () => {
    const chart = new Chart(Testing.app(), 'pool', { namespace });
    const pool = new VirtualMachinePool(chart, 'web', {
      metadata: { name: 'web' }, replicas: 3, memory: Size.gibibytes(2), cpu: CpuTopology.cores(2), maxUnavailable: '25%',
      appendIndexToSecretRefs: true, vmLabels: { tier: 'web' },
      scaleInStrategy: PoolScaleInStrategy.opportunistic(PoolStatePreservation.OFFLINE),
      updateStrategy: PoolUpdateStrategy.proactive(),
      autohealing: { startUpFailureThreshold: 3, minFailingToStart: Duration.minutes(5) },
    });
    pool.addDisk('rootdisk', DiskSource.dataSource({ name: 'fedora', namespace: 'os-images' }, { size: Size.gibibytes(20) }));
    pool.setCloudInit(CloudInit.noCloud({ userData: UserData.cloudConfig(new CloudConfig({ sshAuthorizedKeys: ['ssh-ed25519 AAAA me'] })) }));
    const obj = (Testing.synth(chart) as KubeObject[]).find((o) => o.kind === 'VirtualMachinePool')!;
    const accepted = await dryRun(obj);
    expect((accepted as any).spec.virtualMachineTemplate.spec.dataVolumeTemplates[0].metadata.name).toBe('web-rootdisk');
    expect((accepted as any).spec.autohealing).toEqual({ startUpFailureThreshold: 3, minFailingToStartDuration: '300s' });
  });
});
