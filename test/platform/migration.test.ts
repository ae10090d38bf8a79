import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  DEPENDS_ON_ANNOTATION, Flavor, MigrationPolicy, RunStrategy, VirtualMachine, VirtualMachineInstanceMigration, parseDependsOn,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

const vm = (c: any, name: string, props: any = {}) => new VirtualMachine(c, name, { metadata: { name }, flavor: Flavor.SMALL, ...props });

describe('MigrationPolicy', () => {
  test('selects VM constructs by labels it puts on their templates; every setting rendered; cluster-scoped', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'vms' });
    const db = vm(c, 'db');
    const web = vm(c, 'web', { templateLabels: { tier: 'web' } });
    vm(c, 'other');
    const policy = new MigrationPolicy(c, 'big-vms', {
      metadata: { name: 'big-vms' },
      namespaceSelector: { 'kubernetes.io/metadata.name': 'vms' },
      bandwidthPerMigration: Size.mebibytes(128), completionTimeoutPerGiB: 300,
      allowAutoConverge: true, allowPostCopy: true, allowWorkloadDisruption: true, maxDowntimeMs: 300,
    });
    policy.addVirtualMachine(db);
    policy.addVirtualMachine(web);
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const mp = objs.find((o) => o.kind === 'MigrationPolicy');
    expect(mp.metadata.namespace).toBeUndefined();
    expect(mp.spec).toEqual({
      selectors: {
        namespaceSelector: { 'kubernetes.io/metadata.name': 'vms' },
        virtualMachineInstanceSelector: { 'migrations.cdk8s-kubevirt.io/policy': 'big-vms' },
      },
      allowAutoConverge: true, bandwidthPerMigration: '128Mi', completionTimeoutPerGiB: 300,
      allowPostCopy: true, allowWorkloadDisruption: true, maxDowntimeMs: 300,
    });
    const labelsOf = (name: string) => objs.find((o) => o.kind === 'VirtualMachine' && o.metadata.name === name).spec.template.metadata.labels;
    expect(labelsOf('db')['migrations.cdk8s-kubevirt.io/policy']).toBe('big-vms');
    expect(labelsOf('web')).toMatchObject({ tier: 'web', 'migrations.cdk8s-kubevirt.io/policy': 'big-vms' });
    expect(labelsOf('other')['migrations.cdk8s-kubevirt.io/policy']).toBeUndefined();
  });

  test('an explicit VM selector is what added VMs get', () => {
    const c = Testing.chart();
    const db = vm(c, 'db');
    new MigrationPolicy(c, 'p', { metadata: { name: 'p' }, virtualMachineSelector: { 'workload/class': 'database' } }).addVirtualMachine(db);
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    expect(objs.find((o) => o.kind === 'VirtualMachine').spec.template.metadata.labels['workload/class']).toBe('database');
  });

  test('a VM whose labels were replaced after it was added is reported', () => {
    const c = Testing.chart();
    const db = vm(c, 'db');
    new MigrationPolicy(c, 'p', { metadata: { name: 'p' } }).addVirtualMachine(db);
    db.configure({ templateLabels: { tier: 'db' } });
    expect(synthError(c)).toMatch(/VirtualMachine 'db' was added to the policy but its template lost the label\(s\) migrations\.cdk8s-kubevirt\.io\/policy/);
  });

  test.each([
    [{ completionTimeoutPerGiB: -1 }, /spec\.completionTimeoutPerGiB: must not be negative \[migrationpolicy-values-nonnegative\]/],
    [{ maxDowntimeMs: 0 }, /spec\.maxDowntimeMs: must be a whole number > 0, got 0/],
    [{ allowPostCopy: true, allowWorkloadDisruption: false }, /post-copy is a workload disruption/],
  ])('rejects %j', (props, message) => {
    const c = Testing.chart();
    new MigrationPolicy(c, 'p', props);
    expect(synthError(c)).toMatch(message);
  });
});

describe('VirtualMachineInstanceMigration', () => {
  test('a planned migration of a VM construct, in its namespace, after it', () => {
    const c = Testing.chart();
    const db = vm(c, 'db', { metadata: { name: 'db', namespace: 'vms' } });
    new VirtualMachineInstanceMigration(c, 'move', { metadata: { name: 'db-to-rack2' }, vm: db, addedNodeSelector: { rack: '2' } });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const m = objs.find((o) => o.kind === 'VirtualMachineInstanceMigration');
    expect(m.metadata.namespace).toBe('vms');
    expect(m.spec).toEqual({ vmiName: 'db', addedNodeSelector: { rack: '2' } });
    expect(parseDependsOn(m.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([{ group: 'kubevirt.io', kind: 'VirtualMachine', namespace: 'vms', name: 'db' }]);
  });

  test('a Halted VM has nothing to migrate; another namespace is refused', () => {
    const c = Testing.chart();
    const halted = vm(c, 'h', { metadata: { name: 'h', namespace: 'vms' }, runStrategy: RunStrategy.HALTED });
    new VirtualMachineInstanceMigration(c, 'm1', { vm: halted });
    new VirtualMachineInstanceMigration(c, 'm2', { vm: halted, metadata: { namespace: 'other' } });
    const err = synthError(c);
    expect(err).toMatch(/VirtualMachine 'h' is Halted; there is no running instance to migrate/);
    expect(err).toMatch(/the migration must live in its VM's namespace 'vms', not 'other'/);
    expect(Duration.seconds(1).toSeconds()).toBe(1);
  });
});
