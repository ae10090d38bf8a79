// The VM changes a write makes, classified from real YAML: what apply and the controller report as
// needing a restart (the apiserver run, with the set's RestartRequired condition, is in
// test/integration/vm-live-diff.test.ts).
import * as yaml from 'yaml';
import { changeEntry, formatEntry } from '../../lib/controller/changeset';
import { restartFieldsOf, vmChangeOptionsFrom, vmChangesOf } from '../../lib/controller/vm-change-plan';

const vm = (sockets: number, cores: number) => yaml.parse(`
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        cpu: {sockets: ${sockets}, cores: ${cores}, threads: 1, maxSockets: 8}
        memory: {guest: 2Gi}
`);
const stage = yaml.parse(`
apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata: {name: kubevirt, namespace: kubevirt}
spec: {configuration: {vmRolloutStrategy: Stage}}
`);

describe('VM changes of a write', () => {
  test('a sockets change within maxSockets applies live; cores need a restart, named on the entry', () => {
    const options = vmChangeOptionsFrom([vm(4, 2)]);
    expect(restartFieldsOf(vmChangesOf(vm(2, 1), vm(4, 1), options))).toBeUndefined();
    const fields = restartFieldsOf(vmChangesOf(vm(2, 1), vm(4, 2), options));
    expect(fields).toEqual(['spec.template.spec.domain.cpu.cores']);
    const entry = changeEntry({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'web' }, 'configured', { restartFields: fields });
    expect(formatEntry(entry)).toBe('VirtualMachine/vms/web configured: needs a restart for spec.template.spec.domain.cpu.cores');
  });

  test('with the folder\'s KubeVirt CR on Stage, every template change waits for a restart', () => {
    expect(restartFieldsOf(vmChangesOf(vm(2, 1), vm(4, 1), vmChangeOptionsFrom([vm(4, 1), stage])))).toEqual(['spec.template.spec.domain.cpu.sockets']);
  });

  test('objects other than KubeVirt VMs are not classified', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } };
    expect(vmChangesOf(cm as any, { ...cm, data: { a: '2' } } as any)).toBeUndefined();
  });
});
