import { Chart, Size, Testing } from 'cdk8s';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildLab } from '../../examples/lab';
import * as kv from '../../lib';
import {
  KUBEVIRT_WRITTEN_FIELDS, OPERATED_RUN_STRATEGY, ignoreDifferencesFor, valueAtPointer, writtenPointers,
} from '../../lib/gitops';

const UPSTREAM_FILE = /^(kubevirt\/kubevirt|kubevirt\/containerized-data-importer):pkg\/[\w\-/]+\.go$/;

function estateObjects(): any[] {
  const app = Testing.app();
  const lab = buildLab(app);
  buildCatalogExamples(app, lab);
  return app.charts.flatMap((c) => Testing.synth(c));
}

describe('fields KubeVirt writes', () => {
  test('every entry names the upstream files that write it and why', () => {
    for (const f of [...KUBEVIRT_WRITTEN_FIELDS, OPERATED_RUN_STRATEGY]) {
      expect(f.writtenBy.length).toBeGreaterThan(0);
      for (const file of f.writtenBy) expect(file).toMatch(UPSTREAM_FILE);
      expect(f.reason.length).toBeGreaterThan(10);
      expect(f.field).toMatch(/^\//);
    }
  });

  test('the constructs render none of them for the seed estate', () => {
    const vms = estateObjects().filter((o) => o.kind === 'VirtualMachine' || o.kind === 'DataVolume');
    expect(vms.length).toBeGreaterThan(4);
    for (const obj of vms) {
      for (const f of KUBEVIRT_WRITTEN_FIELDS.filter((w) => w.kind === obj.kind && !w.writtenOverDeclared)) {
        for (const pointer of f.pointersIn(obj)) {
          expect([obj.metadata.name, pointer, valueAtPointer(obj, pointer)]).toEqual([obj.metadata.name, pointer, undefined]);
        }
      }
      // The template metadata carries no KubeVirt bookkeeping annotation either.
      expect(Object.keys(obj.spec?.template?.metadata?.annotations ?? {}).filter((k) => k.startsWith('kubevirt.io/pci-'))).toEqual([]);
    }
  });

  test('a VM gets exactly the written fields it leaves to KubeVirt', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'vms', { namespace: 'vms' });
    const pinned = new kv.VirtualMachine(chart, 'pinned', {
      metadata: { name: 'pinned' },
      os: kv.OsProfile.RHEL_9, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.SMALL,
      firmware: kv.Firmware.efi({ uuid: '5d307ca9-b3ef-428c-8861-06e72d69f223' }),
      architecture: 'amd64',
    });
    pinned.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });
    const plain = new kv.VirtualMachine(chart, 'plain', {
      metadata: { name: 'plain' }, os: kv.OsProfile.FEDORA, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.SMALL,
    });
    plain.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });
    const objects = Testing.synth(chart);
    const pinnedVm = objects.find((o) => o.metadata.name === 'pinned');
    expect(writtenPointers(pinnedVm)).toEqual([
      '/spec/template/spec/domain/firmware/serial',
      '/spec/template/spec/domain/machine/type',
      '/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version',
      '/spec/template/metadata/annotations/kubevirt.io~1pci-interface-slot-count',
    ]);
    const ignores = ignoreDifferencesFor(objects);
    // Different sets per VM: one entry per VM, by name.
    expect(ignores.map((e) => [e.name, e.namespace, e.jsonPointers?.length])).toEqual([['pinned', 'vms', 4], ['plain', 'vms', 6]]);
    expect(ignores.find((e) => e.name === 'plain')!.jsonPointers).toContain('/spec/template/spec/domain/firmware/uuid');
  });

  test('storage classes copied from a preference are ignored only in templates naming none', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'vms', { namespace: 'vms' });
    const vm = new kv.VirtualMachine(chart, 'vm', {
      metadata: { name: 'vm' }, instancetype: kv.CommonInstancetype.U1_SMALL, preference: kv.CommonPreference.FEDORA,
    });
    const source = { name: 'fedora', namespace: 'kubevirt-os-images' };
    vm.addDisk('root', kv.DiskSource.dataSource(source, { size: Size.gibibytes(30) }), { bootOrder: 1 });
    vm.addDisk('data', kv.DiskSource.dataSource(source, { size: Size.gibibytes(10), storageClass: 'fast' }));
    const [obj] = Testing.synth(chart);
    const pointers = writtenPointers(obj).filter((p) => p.includes('dataVolumeTemplates'));
    expect(obj.spec.dataVolumeTemplates).toHaveLength(2);
    const unnamed = obj.spec.dataVolumeTemplates.findIndex((t: any) => t.spec.storage.storageClassName === undefined);
    expect(pointers).toEqual([`/spec/dataVolumeTemplates/${unnamed}/spec/storage/storageClassName`]);
    // Without a preference nothing copies a class in.
    expect(writtenPointers({ ...obj, spec: { ...obj.spec, preference: undefined } }).filter((p) => p.includes('dataVolumeTemplates'))).toEqual([]);
  });

  test('matcher inference, clone tokens and run strategy are ignored only where they apply', () => {
    const vm = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a', namespace: 'n' },
      spec: {
        instancetype: { inferFromVolume: 'root', inferFromVolumeFailurePolicy: 'IgnoreInferFromVolumeFailure' }, preference: { inferFromVolume: 'root' },
        template: { spec: { domain: { memory: { guest: '1Gi' }, devices: {} } } },
      },
    };
    expect(writtenPointers(vm)).toEqual(expect.arrayContaining(['/spec/instancetype', '/spec/preference', '/spec/template/spec/domain/memory']));
    expect(writtenPointers(vm)).not.toContain('/spec/runStrategy');
    // KubeVirt's value is IgnoreInferFromVolumeFailure; with the default (Reject) the memory is kept.
    const reject = { ...vm, spec: { ...vm.spec, instancetype: { inferFromVolume: 'root' } } };
    expect(writtenPointers(reject)).not.toContain('/spec/template/spec/domain/memory');
    expect(writtenPointers(vm, { operatedRunStrategy: true })).toContain('/spec/runStrategy');
    const clone = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'c' }, spec: { sourceRef: { kind: 'DataSource', name: 'x' } } };
    const http = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'h' }, spec: { source: { http: { url: 'http://x' } } } };
    expect(writtenPointers(clone)).toEqual(['/metadata/annotations/cdi.kubevirt.io~1storage.clone.token']);
    expect(writtenPointers(http)).toEqual([]);
    expect(ignoreDifferencesFor([clone, http])).toEqual([
      { group: 'cdi.kubevirt.io', kind: 'DataVolume', name: 'c', namespace: undefined, jsonPointers: ['/metadata/annotations/cdi.kubevirt.io~1storage.clone.token'] },
    ]);
  });
});
