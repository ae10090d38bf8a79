import { Chart, Testing } from 'cdk8s';
import {
  CatalogInstancetype, CatalogPreference, CommonInstancetype, CommonPreference, emitCommonCatalog, IInstancetype,
  IPreference,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { isNone, manifestBytes, quantityBytes, referenceTable } from './reference-tables';

const constName = (name: string) => name.toUpperCase().replace(/[.-]/g, '_');
const instancetypeRows = referenceTable('### 2.3');
const preferenceRows = referenceTable('### 2.4');

function chart(): Chart {
  return new Chart(Testing.app(), 'catalog', { namespace: 'vms' });
}

describe('CommonInstancetype catalog against feature-anchors 2.3', () => {
  const catalog = CommonInstancetype as unknown as Record<string, CatalogInstancetype>;
  // Emit everything once; each row's rendered object is checked below.
  const c = chart();
  emitCommonCatalog(c, { preferences: [] });
  const manifest = new Map(Testing.synth(c).map((o) => [o.metadata.name as string, o]));

  test('the reference table is non-trivial and the catalog has exactly its entries', () => {
    expect(instancetypeRows.length).toBeGreaterThan(60);
    expect(CommonInstancetype.all().map((e) => e.name)).toEqual(instancetypeRows.map((r) => r.name));
  });

  test.each(instancetypeRows.map((r) => [r.name, r] as const))('%s', (name, row) => {
    const entry = catalog[constName(name)];
    expect(entry).toBeInstanceOf(CommonInstancetype);
    expect(entry.name).toBe(name);
    expect(entry.kind).toBe('VirtualMachineClusterInstancetype');
    expect(entry.series).toBe(row.series);
    expect(entry.size).toBe(row.size);
    expect(entry.cpu).toBe(Number(row.vCPU));
    expect(entry.memory.toKibibytes() * 1024).toBe(quantityBytes(row.memory));
    expect(entry.hugepages).toBe(isNone(row.hugepages) ? undefined : row.hugepages);
    expect(entry.dedicatedCpuPlacement).toBe(row.dedicatedCPUPlacement === 'yes');
    expect(entry.isolateEmulatorThread).toBe(row.isolateEmulatorThread === 'yes');
    expect(entry.numaPassthrough).toBe(row['NUMA passthrough'] === 'yes');
    expect(entry.realtime).toBe(row.realtime === 'yes');
    expect(entry.ioThreadsPolicy).toBe(isNone(row.ioThreadsPolicy) ? undefined : row.ioThreadsPolicy);
    expect(entry.maxSockets).toBe(isNone(row.maxSockets) ? undefined : Number(row.maxSockets));
    expect(entry.memoryOvercommitPercent).toBe(isNone(row.overcommitPercent) ? undefined : Number(row.overcommitPercent));
    const crio = ['cpu-load-balancing.crio.io', 'cpu-quota.crio.io', 'irq-load-balancing.crio.io'];
    expect(Object.keys(entry.podAnnotations).sort()).toEqual(isNone(row['pod annotations']) ? [] : crio);

    // The synthesized object says the same thing in the API's words.
    const obj = manifest.get(name);
    expect(obj.kind).toBe('VirtualMachineClusterInstancetype');
    expect(obj.metadata.namespace).toBeUndefined();
    expect(obj.spec.cpu.guest).toBe(Number(row.vCPU));
    expect(manifestBytes(obj.spec.memory.guest)).toBe(quantityBytes(row.memory));
    expect(obj.spec.memory.hugepages?.pageSize).toBe(isNone(row.hugepages) ? undefined : row.hugepages);
    expect(obj.spec.cpu.dedicatedCPUPlacement).toBe(row.dedicatedCPUPlacement === 'yes' ? true : undefined);
    expect(obj.spec.cpu.numa).toEqual(row['NUMA passthrough'] === 'yes' ? { guestMappingPassthrough: {} } : undefined);
    expect(obj.spec.cpu.realtime).toEqual(row.realtime === 'yes' ? {} : undefined);
    expect(obj.spec.ioThreadsPolicy).toBe(isNone(row.ioThreadsPolicy) ? undefined : row.ioThreadsPolicy);
    expect(obj.spec.annotations).toEqual(isNone(row['pod annotations']) ? undefined
      : Object.fromEntries(crio.map((k) => [k, 'disable'])));
    expect(obj.metadata.labels['instancetype.kubevirt.io/cpu']).toBe(row.vCPU);
    expect(obj.metadata.labels['instancetype.kubevirt.io/size']).toBe(row.size);
  });

  test('the size matrix (2.2) agrees with the catalog', () => {
    const matrix = referenceTable('### 2.2');
    let checked = 0;
    for (const row of matrix) {
      for (const [series, cell] of Object.entries(row)) {
        if (series === 'size' || isNone(cell)) continue;
        const [cpu, memory] = cell.split('/').map((s) => s.trim());
        const entry = CatalogInstancetype.byName(`${series}.${row.size}`)!;
        expect([entry.name, entry.cpu, entry.memory.toKibibytes() * 1024]).toEqual([entry.name, Number(cpu), quantityBytes(memory)]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  test('values are usable without synthesizing anything', () => {
    const ref: IInstancetype = CommonInstancetype.U1_MEDIUM;
    expect(ref).toEqual(expect.objectContaining({ name: 'u1.medium', kind: 'VirtualMachineClusterInstancetype' }));
    expect(CommonInstancetype.U1_MEDIUM.cpu).toBe(1);
    expect(CommonInstancetype.U1_MEDIUM.memory.toGibibytes()).toBe(4);
    expect(CommonInstancetype.CX1_2XLARGE.cpu).toBe(8);
    expect(CommonInstancetype.CX1_2XLARGE.memory.toGibibytes()).toBe(16);
  });
});

describe('CommonPreference catalog against feature-anchors 2.4', () => {
  const catalog = CommonPreference as unknown as Record<string, CatalogPreference>;
  const c = chart();
  emitCommonCatalog(c, { series: [] });
  const manifest = new Map(Testing.synth(c).map((o) => [o.metadata.name as string, o]));

  test('the catalog has exactly the reference preferences (57 objects)', () => {
    expect(preferenceRows).toHaveLength(57);
    expect(CommonPreference.all().map((p) => p.name)).toEqual(preferenceRows.map((r) => r.preference));
  });

  test.each(preferenceRows.map((r) => [r.preference, r] as const))('%s', (name, row) => {
    const entry = catalog[constName(name)];
    expect(entry).toBeInstanceOf(CommonPreference);
    expect(entry.displayName).toBe(row['display name']);
    expect(entry.osType).toBe(row['os-type']);
    const obj = manifest.get(name);
    const spec = obj.spec;
    expect(obj.kind).toBe('VirtualMachineClusterPreference');
    expect(obj.metadata.annotations['openshift.io/display-name']).toBe(row['display name']);
    expect(spec.annotations['vm.kubevirt.io/os']).toBe(row['os-type']);
    expect(spec.devices.preferredDiskBus).toBe(row.diskBus);
    expect(spec.devices.preferredInterfaceModel).toBe(row['NIC model']);

    const firmware = row.firmware;
    if (firmware === 'BIOS (default)') expect(spec.firmware).toBeUndefined();
    else {
      expect(spec.firmware.preferredEfi.secureBoot).toBe(firmware.includes('+SecureBoot'));
      expect(spec.firmware.preferredEfi.persistent).toBe(firmware.includes('persistent') ? true : undefined);
    }
    expect(spec.devices.preferredTPM).toEqual(row.TPM === 'persistent' ? { persistent: true } : undefined);
    expect(spec.features?.preferredSmm).toEqual(row.SMM === 'yes' ? {} : undefined);
    if (isNone(row['Hyper-V/clock'])) {
      expect(spec.features?.preferredHyperv).toBeUndefined();
      expect(spec.clock).toBeUndefined();
    } else {
      expect(spec.features.preferredHyperv.spinlocks).toEqual({ spinlocks: 8191 });
      expect(Object.keys(spec.features.preferredHyperv)).toHaveLength(12);
      expect(spec.clock.preferredClockOffset).toEqual({ utc: {} });
      expect(spec.clock.preferredTimer.hpet).toEqual({ present: false });
    }

    const topology = row['CPU topology'];
    if (isNone(topology)) expect(spec.cpu).toBeUndefined();
    else if (topology.startsWith('spread')) {
      expect(spec.cpu.preferredCPUTopology).toBe('spread');
      expect(spec.cpu.spreadOptions.across).toBe(/\((\w+)/.exec(topology)![1]);
      expect(spec.cpu.spreadOptions.ratio).toBe(/ratio (\d+)/.exec(topology) ? Number(/ratio (\d+)/.exec(topology)![1]) : undefined);
    } else expect(spec.cpu.preferredCPUTopology).toBe(topology);

    if (row.input === 'tablet/virtio') {
      expect([spec.devices.preferredInputType, spec.devices.preferredInputBus]).toEqual(['tablet', 'virtio']);
    } else if (row.input === 'autoattach') expect(spec.devices.preferredAutoattachInputDevice).toBe(true);
    else expect(spec.devices.preferredInputType).toBeUndefined();

    expect(spec.requirements?.cpu?.guest).toBe(isNone(row['min vCPU']) ? undefined : Number(row['min vCPU']));
    const mem = spec.requirements?.memory?.guest;
    expect(mem === undefined ? undefined : manifestBytes(mem)).toBe(isNone(row['min mem']) ? undefined : quantityBytes(row['min mem']));
    expect(spec.requirements?.architecture).toBe(isNone(row.arch) ? undefined : row.arch);

    const other = isNone(row.other) ? [] : row.other.split(',').map((s) => s.trim());
    expect(spec.devices.preferredRng).toEqual(other.includes('rng') ? {} : undefined);
    expect(spec.devices.preferredDiskDedicatedIoThread).toBe(other.includes('disk dedicatedIOThread') ? true : undefined);
    expect(spec.devices.preferredNetworkInterfaceMultiQueue).toBe(other.includes('NIC multiqueue') ? true : undefined);
    expect(spec.devices.preferredVideoType).toBe(other.includes('video virtio') ? 'virtio' : undefined);
    expect(spec.preferredTerminationGracePeriodSeconds).toBe(other.includes('grace 3600s') ? 3600 : undefined);
    expect(spec.annotations['kubevirt.io/disablePCIHole64']).toBe(other.includes('disablePCIHole64') ? 'true' : undefined);
    expect(spec.preferredLaunchSecurity).toEqual(other.includes('launchSecurity (IBM SE)') ? {} : undefined);
    expect(spec.devices.preferredAutoattachGraphicsDevice).toBe(other.includes('no graphics') ? false : undefined);
  });

  test('values are usable as references and carry their requirements', () => {
    const ref: IPreference = CommonPreference.RHEL_9;
    expect(ref).toEqual(expect.objectContaining({ name: 'rhel.9', kind: 'VirtualMachineClusterPreference' }));
    expect(CommonPreference.WINDOWS_11.requirements?.cpu).toBe(2);
    expect(CommonPreference.FEDORA.requirements?.memory?.toGibibytes()).toBe(2);
  });
});

describe('emitting the catalog', () => {
  test('emit() is idempotent per scope and keeps the catalog name', () => {
    const c = chart();
    const a = CommonInstancetype.U1_MEDIUM.emit(c);
    const b = CommonInstancetype.U1_MEDIUM.emit(c);
    CommonPreference.RHEL_9.emit(c);
    expect(a).toBe(b);
    const objs = Testing.synth(c);
    expect(objs.map((o) => [o.kind, o.metadata.name])).toEqual([
      ['VirtualMachineClusterInstancetype', 'u1.medium'], ['VirtualMachineClusterPreference', 'rhel.9'],
    ]);
    expect(objs[0].metadata.labels).toEqual({
      'instancetype.kubevirt.io/vendor': 'kubevirt.io', 'instancetype.kubevirt.io/version': '1',
      'instancetype.kubevirt.io/class': 'general.purpose', 'instancetype.kubevirt.io/cpu': '1',
      'instancetype.kubevirt.io/memory': '4Gi', 'instancetype.kubevirt.io/size': 'medium',
    });
    expect(objs[1].metadata.labels['instancetype.kubevirt.io/required-memory']).toBe('1.5Gi');
  });

  test('emitCommonCatalog filters by series and preference name and rejects unknown ones', () => {
    const c = chart();
    const { instancetypes, preferences } = emitCommonCatalog(c, { series: ['cx1'], preferences: ['fedora', 'windows.2k22'] });
    expect(instancetypes.map((i) => i.name)).toEqual(instancetypeRows.filter((r) => r.series === 'cx1').map((r) => r.name));
    expect(preferences.map((p) => p.name)).toEqual(['fedora', 'windows.2k22']);
    expect(() => emitCommonCatalog(chart(), { series: ['z9'] })).toThrow("unknown series 'z9'");
    expect(() => emitCommonCatalog(chart(), { preferences: ['rhel.99'] })).toThrow("unknown preference 'rhel.99'");
  });
});

describe('schema validity', () => {
  test('every emitted catalog object passes its CRD schema', () => {
    const c = chart();
    emitCommonCatalog(c);
    const manifest = Testing.synth(c);
    expect(manifest).toHaveLength(instancetypeRows.length + preferenceRows.length);
    expectSchemaValid(manifest);
  });
});
