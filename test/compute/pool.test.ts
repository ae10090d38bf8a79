import { Duration, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError } from './support';

function webPool(c: ReturnType<typeof chart>, props: kv.VirtualMachinePoolProps = {}): kv.VirtualMachinePool {
  const pool = new kv.VirtualMachinePool(c, 'web', {
    metadata: { name: 'web' }, replicas: 3, memory: Size.gibibytes(2), cpu: kv.CpuTopology.cores(2),
    workload: kv.WorkloadProfile.SERVER, ...props,
  });
  pool.addDisk('rootdisk', kv.DiskSource.dataSource({ name: 'fedora', namespace: 'os-images' }, { size: Size.gibibytes(20) }), { bootOrder: 1 });
  pool.setCloudInit(kv.CloudInit.noCloud({ userData: kv.UserData.cloudConfig(new kv.CloudConfig({ sshAuthorizedKeys: ['ssh-ed25519 AAAA me'] })) }));
  return pool;
}

describe('VirtualMachinePool', () => {
  test('renders replicas, a selector matching its VMs, the VM spec of the shared builder, and the pool settings; schema-valid', () => {
    const c = chart();
    webPool(c, {
      vmLabels: { tier: 'web' }, vmAnnotations: { owner: 'team-a' }, maxUnavailable: '25%', appendIndexToSecretRefs: true,
      scaleInStrategy: kv.PoolScaleInStrategy.proactive({ selection: { sortPolicy: kv.PoolSortPolicy.NEWEST, labels: { canary: 'true' } }, statePreservation: kv.PoolStatePreservation.OFFLINE }),
      updateStrategy: kv.PoolUpdateStrategy.proactive({ sortPolicy: kv.PoolSortPolicy.OLDEST }),
      autohealing: { startUpFailureThreshold: 3, minFailingToStart: Duration.minutes(5) },
    });
    const manifest = Testing.synth(c);
    expectSchemaValid(manifest);
    const pool = manifest.find((o) => o.kind === 'VirtualMachinePool');
    expect(pool.apiVersion).toBe('pool.kubevirt.io/v1beta1');
    expect(pool.metadata).toMatchObject({ name: 'web', namespace: 'vms' });
    const { virtualMachineTemplate: vmt, ...spec } = pool.spec;
    expect(spec).toEqual({
      replicas: 3,
      selector: { matchLabels: { 'kubevirt.io/vmpool': 'web' } },
      maxUnavailable: '25%',
      nameGeneration: { appendIndexToSecretRefs: true },
      scaleInStrategy: { proactive: { selectionPolicy: { sortPolicy: 'Newest', selectors: { labelSelector: { matchLabels: { canary: 'true' } } } }, statePreservation: 'Offline' } },
      updateStrategy: { proactive: { selectionPolicy: { sortPolicy: 'Oldest' } } },
      autohealing: { startUpFailureThreshold: 3, minFailingToStartDuration: '300s' },
    });
    expect(vmt.metadata).toEqual({ labels: { tier: 'web', 'kubevirt.io/vmpool': 'web' }, annotations: { owner: 'team-a' } });
    // The same spec a VirtualMachine renders, its pods selected by the pool label (the index is appended per VM by KubeVirt).
    expect(vmt.spec.runStrategy).toBe('Always');
    expect(vmt.spec.template.metadata.labels).toEqual({ 'kubevirt.io/vmpool': 'web' });
    expect(vmt.spec.template.spec.domain.cpu).toEqual({ cores: 2, sockets: 1, threads: 1 });
    expect(vmt.spec.template.spec.domain.memory).toEqual({ guest: '2Gi' });
    expect(vmt.spec.dataVolumeTemplates[0].metadata.name).toBe('web-rootdisk');
    expect(vmt.spec.template.spec.volumes.map((v: any) => Object.keys(v).filter((k) => k !== 'name')[0])).toEqual(['dataVolume', 'cloudInitNoCloud']);
  });

  test('defaults: one replica, no strategy; a Service and a NetworkPolicy select all of its VMs', () => {
    const c = chart();
    const pool = new kv.VirtualMachinePool(c, 'api', { metadata: { name: 'api' }, memory: Size.gibibytes(1) });
    pool.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));
    pool.expose({ ports: [80, 443] });
    new plus.NetworkPolicy(c, 'np', { selector: pool }).addIngressRule(pool, [plus.NetworkPolicyPort.tcp(8080)]);
    const manifest = Testing.synth(c);
    expectSchemaValid(manifest);
    const obj = manifest.find((o) => o.kind === 'VirtualMachinePool');
    expect(Object.keys(obj.spec)).toEqual(['replicas', 'selector', 'virtualMachineTemplate']);
    expect(obj.spec.replicas).toBe(1);
    const svc = manifest.find((o) => o.kind === 'Service');
    expect(svc.spec.selector).toEqual({ 'kubevirt.io/vmpool': 'api' });
    expect(svc.spec.ports.map((p: any) => p.name)).toEqual(['http', 'https']);
    const np = manifest.find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'kubevirt.io/vmpool': 'api' } });
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(obj.spec.virtualMachineTemplate.spec.template.metadata.labels[k]).toBe(v);
  });

  test('depends on the DataVolume it uses and lands in the VM stage', () => {
    const c = chart();
    const dv = new kv.DataVolume(c, 'shared', { metadata: { name: 'shared' }, source: kv.DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [kv.AccessMode.READ_WRITE_MANY] });
    const pool = new kv.VirtualMachinePool(c, 'p', { metadata: { name: 'p' }, memory: Size.gibibytes(1), replicas: 2 });
    pool.addDisk('data', kv.DiskSource.dataVolume(dv));
    kv.enableSyncWaves(c);
    const manifest = Testing.synth(c);
    const obj = manifest.find((o) => o.kind === 'VirtualMachinePool');
    expect(obj.metadata.annotations['cdk8s-kubevirt.io/depends-on']).toContain('DataVolume');
    expect(Number(obj.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeGreaterThan(Number(manifest.find((o) => o.kind === 'DataVolume').metadata.annotations['argocd.argoproj.io/sync-wave']));
    expect(kv.synthWarnings(pool)).toEqual([]);
  });

  test('rejected: bad maxUnavailable and replicas, a VM mistake inside the template; paths, fields and rule ids', () => {
    const c = chart();
    const pool = new kv.VirtualMachinePool(c, 'bad', { metadata: { name: 'bad' }, replicas: -1, maxUnavailable: '150%', autohealing: { startUpFailureThreshold: 0 } });
    pool.addDisk('root', kv.DiskSource.containerDisk('img:1'));
    const error = synthError(c);
    expect(error).toContain('spec.maxUnavailable: maxUnavailable percentage value 150 must be between 1 and 100 [pool-max-unavailable-valid]');
    expect(error).toContain('spec.replicas: replicas must be a whole number >= 0, not -1 [construct-pool-values]');
    expect(error).toContain('spec.autohealing.startUpFailureThreshold: startUpFailureThreshold must be a whole number >= 1, not 0 [construct-pool-values]');
    expect(error).toContain('spec.virtualMachineTemplate.spec.template.spec.domain.memory.guest: no memory requested: the VMI would be refused [vm-memory-required]');
    const count = chart();
    new kv.VirtualMachinePool(count, 'zero', { metadata: { name: 'zero' }, memory: Size.gibibytes(1), maxUnavailable: 0 });
    expect(synthError(count)).toContain('spec.maxUnavailable: maxUnavailable must be greater than 0, not 0 [pool-max-unavailable-valid]');
  });

  test('warns when several VMs would share one ReadWriteOnce claim', () => {
    const c = chart();
    const dv = new kv.DataVolume(c, 'rwo', { metadata: { name: 'rwo' }, source: kv.DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [kv.AccessMode.READ_WRITE_ONCE] });
    const pool = new kv.VirtualMachinePool(c, 'p', { metadata: { name: 'p' }, memory: Size.gibibytes(1), replicas: 2 });
    pool.addDisk('data', kv.DiskSource.dataVolume(dv));
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try { Testing.synth(c); } finally { spy.mockRestore(); }
    expect(kv.synthWarnings(pool).map((w) => w.message)).toContain(
      "spec.virtualMachineTemplate.spec.template.spec.volumes[0]: disk 'data' is one claim shared by all 2 VMs but it is ReadWriteOnce: use a DataVolume template (one disk per VM) or a ReadWriteMany claim [construct-pool-shared-claim]");
  });
});
