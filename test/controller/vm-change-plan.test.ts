// The VM changes a write makes, classified from real YAML: what apply and the controller report as
// needing a restart (the apiserver run, with the set's RestartRequired condition, is in
// test/integration/vm-live-diff.test.ts).
import * as yaml from 'yaml';
import { changeEntry, formatEntry } from '../../lib/controller/changeset';
import { isStoppedVm, nextStartFieldsOf, restartFieldsOf, vmChangeOptionsFrom, vmChangesOf } from '../../lib/controller/vm-change-plan';
import { vmChangeVerdict } from '../../lib/validation/vm-changes';

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

  test('a stopped VM (Halted or running: false, no VMI): restart-only fields apply at its next start, nothing needs a restart', () => {
    const with_ = (base: any, spec: object, status?: object) => ({ ...base, spec: { ...base.spec, ...spec }, ...(status ? { status } : {}) });
    const halted = with_(vm(2, 1), { runStrategy: 'Halted' }, { printableStatus: 'Stopped' });
    const changes = vmChangesOf(halted, with_(vm(4, 2), { runStrategy: 'Halted' }), vmChangeOptionsFrom([]));
    expect(restartFieldsOf(changes)).toBeUndefined();
    expect(nextStartFieldsOf(changes)).toEqual(['spec.template.spec.domain.cpu.cores']);
    expect(vmChangeVerdict(changes!)).toBe('next-start');
    const entry = changeEntry({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'web' }, 'configured', { nextStartFields: nextStartFieldsOf(changes) });
    expect(formatEntry(entry)).toBe('VirtualMachine/vms/web configured: applies at next start (VM stopped): spec.template.spec.domain.cpu.cores');

    // Stopped: KubeVirt's Stopped without a VMI (Manual after a stop), the spec's Halted or legacy running: false.
    expect(isStoppedVm(with_(vm(2, 1), { runStrategy: 'Manual' }, { printableStatus: 'Stopped' }))).toBe(true);
    expect(isStoppedVm(with_(vm(2, 1), { runStrategy: undefined, running: false }))).toBe(true);
    expect(isStoppedVm(with_(vm(2, 1), { runStrategy: 'Halted' }))).toBe(true);
    // Not stopped: a VMI exists (even one stopping), or the spec wants it running.
    expect(isStoppedVm(with_(vm(2, 1), { runStrategy: 'Halted' }, { created: true, printableStatus: 'Stopping' }))).toBe(false);
    expect(isStoppedVm(with_(vm(2, 1), { runStrategy: 'Always' }, { created: true, printableStatus: 'Running' }))).toBe(false);
    expect(isStoppedVm(with_(vm(2, 1), { runStrategy: 'Always' }, { printableStatus: 'Starting' }))).toBe(false);
    expect(isStoppedVm(vm(2, 1))).toBe(false);
    expect(restartFieldsOf(vmChangesOf(with_(vm(2, 1), {}, { created: true, printableStatus: 'Running' }), vm(4, 2)))).toEqual(['spec.template.spec.domain.cpu.cores']);
  });
});
