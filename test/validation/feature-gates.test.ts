// Feature-gate-aware rules (KubeVirt v1.9.0 defaults, config, KubeVirt / HyperConverged objects in
// the input) and VirtualMachineInstancePresets applied as the VMI mutating webhook does.
import { validateObjects } from '../../lib/validation';
import { FeatureGates, gatesFromHyperConverged, GATE_STATES, resolveSettings } from '../../lib/validation/config';
import { KubeObject } from '../../lib/validation/types';

function vm(mutate: (spec: KubeObject, vm: KubeObject) => void = () => undefined): KubeObject {
  const o: KubeObject = {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: 'vms' },
    spec: {
      runStrategy: 'Halted',
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          domain: {
            memory: { guest: '1Gi' },
            devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }], interfaces: [{ name: 'default', masquerade: {} }] },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:latest' } }],
        },
      },
    },
  };
  mutate(o.spec.template.spec, o);
  return o;
}

const emptyCdrom = vm((s) => { s.domain.devices.disks.push({ name: 'installer', cdrom: { bus: 'sata' } }); });
const kubevirtCr = (dev: Record<string, unknown>): KubeObject => ({
  apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: { configuration: { developerConfiguration: dev } },
});
const hco = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv' }, spec,
});
const ids = (objects: KubeObject[], options = {}) => validateObjects(objects, { schema: false, ...options }).filter((f) => f.severity !== 'info').map((f) => f.rule);

describe('KubeVirt v1.9.0 gate states', () => {
  test('state table: Beta on, Alpha off, GA always on, Discontinued never', () => {
    const gates = FeatureGates.of();
    expect(GATE_STATES.get('DeclarativeHotplugVolumes')).toBe('Beta');
    expect(gates.isEnabled('DeclarativeHotplugVolumes')).toBe(true);
    expect(gates.isEnabled('HostDisk')).toBe(false);
    expect(gates.isEnabled('NUMA')).toBe(true);
    expect(FeatureGates.of({ disabled: ['NUMA', 'Snapshot'] }).isEnabled('NUMA')).toBe(true);
    expect(FeatureGates.of({ disabled: ['NUMA', 'Snapshot'] }).isEnabled('Snapshot')).toBe(false);
    expect(FeatureGates.of({ enabled: ['Macvtap'] }).isEnabled('Macvtap')).toBe(false);
    // Within one KubeVirt CR, featureGates wins over disabledFeatureGates (upstream IsEnabled order).
    expect(FeatureGates.of({ enabled: ['HostDisk'], disabled: ['HostDisk'] }).isEnabled('HostDisk')).toBe(true);
    // A later layer overrides an earlier one.
    expect(FeatureGates.of({ enabled: ['HostDisk'] }, { disabled: ['HostDisk'] }).isEnabled('HostDisk')).toBe(false);
  });

  test('an empty CD-ROM is accepted by default (DeclarativeHotplugVolumes is Beta in v1.9)', () => {
    expect(ids([emptyCdrom])).toEqual([]);
  });

  test('an empty CD-ROM is an error when the gate is off: by config, by a KubeVirt CR or an HCO in the input', () => {
    const off = resolveSettings({ featureGates: { disabled: ['DeclarativeHotplugVolumes'] } });
    const findings = validateObjects([emptyCdrom], { schema: false, config: off });
    expect(findings.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['vmi-disk-volume-match', 'error', 'spec.template.spec.domain.devices.disks[1].name'],
    ]);
    expect(findings[0].message).toContain('DeclarativeHotplugVolumes');
    expect(ids([emptyCdrom, kubevirtCr({ disabledFeatureGates: ['DeclarativeHotplugVolumes'] })])).toEqual(['vmi-disk-volume-match']);
    expect(ids([emptyCdrom, kubevirtCr({ featureGates: ['HostDisk'] })])).toEqual([]);
    expect(ids([emptyCdrom, hco({ featureGates: { declarativeHotplugVolumes: false } })])).toEqual(['vmi-disk-volume-match']);
    expect(ids([emptyCdrom, hco({})])).toEqual([]);
    // The config's explicit word wins over the input's KubeVirt CR.
    const on = resolveSettings({ featureGates: { enabled: ['DeclarativeHotplugVolumes'] } });
    expect(ids([emptyCdrom, kubevirtCr({ disabledFeatureGates: ['DeclarativeHotplugVolumes'] })], { config: on })).toEqual([]);
  });

  test('a disk without a volume that is not a CD-ROM stays an error whatever the gates', () => {
    expect(ids([vm((s) => { s.domain.devices.disks.push({ name: 'data', disk: {} }); })])).toEqual(['vmi-disk-volume-match']);
  });

  test('gated fields warn only while their gate is off', () => {
    const hostDisk = vm((s) => { s.volumes.push({ name: 'host', hostDisk: { path: '/var/lib/x.img', type: 'Disk' } }); });
    expect(ids([hostDisk])).toContain('vmi-feature-gated-field');
    expect(ids([hostDisk, kubevirtCr({ featureGates: ['HostDisk'] })])).not.toContain('vmi-feature-gated-field');
    const reservation = vm((s) => {
      s.domain.devices.disks.push({ name: 'shared', lun: { reservation: true } });
      s.volumes.push({ name: 'shared', persistentVolumeClaim: { claimName: 'shared' } });
    });
    // PersistentReservation is GA in v1.9.
    expect(validateObjects([reservation], { schema: false }).filter((f) => f.rule === 'vmi-feature-gated-field')).toEqual([]);
  });

  test('HCO translation: fixed gates on, flags translated, other Beta gates disabled', () => {
    const gates = FeatureGates.of(gatesFromHyperConverged(hco({ featureGates: { downwardMetrics: true } })));
    expect(gates.isEnabled('HostDevices')).toBe(true); // Alpha upstream, always on under HCO
    expect(gates.isEnabled('DownwardMetrics')).toBe(true);
    expect(gates.isEnabled('DeclarativeHotplugVolumes')).toBe(true);
    expect(gates.isEnabled('PasstBinding')).toBe(false); // Beta, but HCO disables it without its annotation
    const list = FeatureGates.of(gatesFromHyperConverged({ ...hco({ featureGates: [{ name: 'declarativeHotplugVolumes', state: 'Disabled' }] }), apiVersion: 'hco.kubevirt.io/v1' }));
    expect(list.isEnabled('DeclarativeHotplugVolumes')).toBe(false);
    expect(list.isEnabled('HotplugVolumes')).toBe(true);
  });

  test('the openshift-virtualization profile starts from HCO defaults', () => {
    const hostDevices = vm((s) => { s.domain.devices.hostDevices = [{ name: 'gpu', deviceName: 'nvidia.com/GA102' }]; });
    expect(ids([hostDevices])).toContain('vmi-feature-gated-field');
    expect(ids([hostDevices], { config: resolveSettings({ platform: 'openshift-virtualization' }) })).not.toContain('vmi-feature-gated-field');
  });
});

describe('VirtualMachineInstancePresets', () => {
  const noMemory = vm((s) => { delete s.domain.memory; });
  const preset = (selector: Record<string, unknown>, domain: Record<string, unknown>, name = 'small'): KubeObject => ({
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstancePreset', metadata: { name, namespace: 'vms' }, spec: { selector, domain },
  });

  test('a matching preset supplies memory requests, so no memory is missing', () => {
    expect(ids([noMemory])).toEqual(['vm-memory-required']);
    expect(ids([noMemory, preset({ matchLabels: { app: 'web' } }, { resources: { requests: { memory: '512Mi' } } })])).toEqual([]);
    expect(ids([noMemory, preset({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] }, { resources: { requests: { memory: '512Mi' } } })])).toEqual([]);
  });

  test('a preset that does not match, lives in another namespace, or is excluded does nothing', () => {
    const mem = { resources: { requests: { memory: '512Mi' } } };
    expect(ids([noMemory, preset({ matchLabels: { app: 'db' } }, mem)])).toEqual(['vm-memory-required']);
    expect(ids([noMemory, { ...preset({}, mem), metadata: { name: 'x', namespace: 'other' } }])).toEqual(['vm-memory-required']);
    const excluded = vm((s, o) => { delete s.domain.memory; o.spec.template.metadata.annotations = { 'virtualmachineinstancepresets.admission.kubevirt.io/exclude': 'true' }; });
    expect(ids([excluded, preset({}, mem)])).toEqual(['vm-memory-required']);
  });

  test('presets that conflict with each other are not applied (the webhook refuses them)', () => {
    expect(ids([noMemory,
      preset({}, { resources: { requests: { memory: '512Mi' } } }, 'a'),
      preset({}, { resources: { requests: { memory: '1Gi' } } }, 'b')])).toEqual(['vm-memory-required']);
  });

  test('requests the VMI already sets are kept (a preset fills only what is unset)', () => {
    const cpuRequest = vm((s) => { delete s.domain.memory; s.domain.resources = { requests: { cpu: '1' } }; });
    expect(ids([cpuRequest, preset({}, { resources: { requests: { memory: '512Mi' } } })])).toEqual(['vm-memory-required']);
  });
});
