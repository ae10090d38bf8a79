import { App, Chart, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { DataVolume, DataVolumeSource, DiskSource, NameStyle, setNameStyle, VirtualMachine, VirtualMachinePool } from '../../lib';

function vmWithDisk(scope: Construct, id: string, props: { name?: string } = {}): VirtualMachine {
  const vm = new VirtualMachine(scope, id, { metadata: props.name ? { name: props.name } : undefined, memory: Size.gibibytes(1) });
  vm.addDisk('root', DiskSource.dataVolumeTemplate({ source: DataVolumeSource.blank(), size: Size.gibibytes(10) }), { bootOrder: 1 });
  return vm;
}

/** The synth error of an app, or undefined. */
function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('names a person can read', () => {
  test('a VM is named by its construct path below the chart; its disks by VM and disk name; the hostname follows', () => {
    const chart = new Chart(Testing.app(), 'lab', { namespace: 'vms' });
    vmWithDisk(chart, 'rhel');
    vmWithDisk(new Construct(chart, 'web'), 'db');
    vmWithDisk(new Construct(chart, 'Billing_Tier'), 'DB');
    new DataVolume(chart, 'rhel-data', { source: DataVolumeSource.blank(), size: Size.gibibytes(1) });
    new VirtualMachinePool(chart, 'workers', { memory: Size.gibibytes(1) });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining([
      'VirtualMachine/rhel', 'VirtualMachine/web-db', 'VirtualMachine/billing-tier-db', 'DataVolume/rhel-data', 'VirtualMachinePool/workers']));
    const rhel = objects.find((o) => o.metadata.name === 'rhel')!;
    expect(rhel.spec.dataVolumeTemplates[0].metadata.name).toBe('rhel-root');
    expect(rhel.spec.template.spec.volumes[0]).toEqual({ name: 'root', dataVolume: { name: 'rhel-root' } });
    // The pod (and so the guest) is named after the VM: the selector labels carry the same name.
    expect(rhel.spec.template.metadata.labels['kubevirt.io/domain']).toBe('rhel');
  });

  test('an explicit metadata.name wins, and a template disk keeps its explicit name', () => {
    const chart = new Chart(Testing.app(), 'lab', { namespace: 'vms' });
    const vm = vmWithDisk(chart, 'rhel', { name: 'rhel-prod' });
    vm.addDisk('data', DiskSource.dataVolumeTemplate({ name: 'shared-data', source: DataVolumeSource.blank(), size: Size.gibibytes(1) }));
    const [obj] = Testing.synth(chart);
    expect(obj.metadata.name).toBe('rhel-prod');
    expect(obj.spec.dataVolumeTemplates.map((t: any) => t.metadata.name)).toEqual(['rhel-prod-root', 'shared-data']);
  });

  test('two VMs of one name in one namespace, across charts, fail the synth naming both constructs', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'vms' });
    const b = new Chart(app, 'b', { namespace: 'vms' });
    const other = new Chart(app, 'other', { namespace: 'elsewhere' });
    vmWithDisk(a, 'db');
    vmWithDisk(b, 'db');
    vmWithDisk(other, 'db'); // another namespace: no collision
    const error = synthError(app);
    expect(error).toContain("[a/db] metadata.name: VirtualMachine 'db' in namespace 'vms' is also the name of 'b/db'");
    expect(error).toContain("[b/db] metadata.name: VirtualMachine 'db' in namespace 'vms' is also the name of 'a/db'");
    expect(error).toContain('[construct-object-name]');
    expect(error).not.toContain('other/db');
  });

  test('a derived name colliding with an explicit one fails; two explicit ones are left to the validator', () => {
    const app = Testing.app();
    const lab = new Chart(app, 'lab', { namespace: 'vms' });
    vmWithDisk(lab, 'db');
    vmWithDisk(new Construct(lab, 'x'), 'vm', { name: 'db' });
    expect(synthError(app)).toContain("[lab/db] metadata.name: VirtualMachine 'db' in namespace 'vms' is also the name of 'lab/x/vm'");

    const app2 = Testing.app();
    const lab2 = new Chart(app2, 'lab', { namespace: 'vms' });
    vmWithDisk(lab2, 'one', { name: 'same' });
    vmWithDisk(lab2, 'two', { name: 'same' });
    expect(synthError(app2) ?? '').not.toContain('construct-object-name');
  });

  test('a name too long for a hostname, or a pool leaving no room for its index, is a construct error', () => {
    const app = Testing.app();
    const lab = new Chart(app, 'lab', { namespace: 'vms' });
    new VirtualMachine(new Construct(lab, 'a'.repeat(40)), 'b'.repeat(30), { memory: Size.gibibytes(1) });
    new VirtualMachinePool(lab, 'p'.repeat(58), { memory: Size.gibibytes(1) });
    new VirtualMachinePool(lab, 'q'.repeat(57), { memory: Size.gibibytes(1) });
    const error = synthError(app)!;
    expect(error).toContain(`VirtualMachine name '${'a'.repeat(40)}-${'b'.repeat(30)}' derived from the construct path`);
    expect(error).toContain('at most 63 characters');
    expect(error).toContain(`VirtualMachinePool name '${'p'.repeat(58)}'`);
    expect(error).toContain('at most 57 characters');
    expect(error).not.toContain(`'${'q'.repeat(57)}'`);
  });

  test('NameStyle.GENERATED keeps cdk8s generated names (estates deployed with them)', () => {
    const app = Testing.app();
    setNameStyle(app, NameStyle.GENERATED);
    const chart = new Chart(app, 'lab', { namespace: 'vms' });
    vmWithDisk(chart, 'rhel');
    new DataVolume(chart, 'rhel-data', { source: DataVolumeSource.blank(), size: Size.gibibytes(1) });
    const [vm, dv] = Testing.synth(chart).sort((x, y) => x.kind.localeCompare(y.kind)).reverse();
    expect(vm.metadata.name).toMatch(/^lab-rhel-c8[0-9a-f]{6}$/);
    expect(vm.spec.dataVolumeTemplates[0].metadata.name).toBe(`${vm.metadata.name}-root`);
    expect(dv.metadata.name).toMatch(/^lab-rhel-data-c8[0-9a-f]{6}$/);
  });
});
