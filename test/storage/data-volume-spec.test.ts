import { Size } from 'cdk8s';
import {
  AccessMode, BIND_IMMEDIATE_ANNOTATION, DataVolumeContentType, DataVolumeSource, DELETE_AFTER_COMPLETION_ANNOTATION,
  RegistryPullMethod, renderDataVolumeSpec, StorageForm, validateDataVolumeSpec, VolumeMode,
} from '../../lib/storage';
import { sizeToQuantity } from '../../lib/core';

describe('renderDataVolumeSpec', () => {
  test('storage form (default) with every target field', () => {
    const { spec, annotations } = renderDataVolumeSpec({
      source: DataVolumeSource.http('https://images.example/rhel9.qcow2', { certConfigMap: 'ca', extraHeaders: ['X-A: b'] }),
      size: Size.gibibytes(20),
      storageClass: 'fast',
      accessModes: [AccessMode.READ_WRITE_MANY],
      volumeMode: VolumeMode.BLOCK,
      preallocation: true,
      priorityClassName: 'high',
      deleteAfterCompletion: false,
      bindImmediate: true,
    });
    expect(spec).toEqual({
      source: { http: { url: 'https://images.example/rhel9.qcow2', certConfigMap: 'ca', extraHeaders: ['X-A: b'] } },
      storage: {
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: '20Gi' } },
        storageClassName: 'fast',
        volumeMode: 'Block',
      },
      preallocation: true,
      priorityClassName: 'high',
    });
    expect(annotations).toEqual({ [DELETE_AFTER_COMPLETION_ANNOTATION]: 'false', [BIND_IMMEDIATE_ANNOTATION]: 'true' });
  });

  test('pvc form and clone namespace defaulting', () => {
    const { spec } = renderDataVolumeSpec({
      source: DataVolumeSource.pvc({ name: 'golden' }),
      size: Size.mebibytes(1536),
      form: StorageForm.PVC,
      accessModes: [AccessMode.READ_WRITE_ONCE],
    }, { namespace: 'vms' });
    expect(spec).toEqual({
      source: { pvc: { name: 'golden', namespace: 'vms' } },
      pvc: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1536Mi' } } },
    });
  });

  test('sourceRef from a DataSource reference', () => {
    const { spec } = renderDataVolumeSpec({ source: DataVolumeSource.fromDataSource({ name: 'fedora', namespace: 'os-images' }) });
    expect(spec).toEqual({ sourceRef: { kind: 'DataSource', name: 'fedora', namespace: 'os-images' }, storage: {} });
  });

  test('sizes render in the largest whole binary unit', () => {
    expect(sizeToQuantity(Size.gibibytes(20))).toBe('20Gi');
    expect(sizeToQuantity(Size.tebibytes(2))).toBe('2Ti');
    expect(sizeToQuantity(Size.gibibytes(1.5))).toBe('1536Mi');
    expect(sizeToQuantity(Size.kibibytes(1500))).toBe('1500Ki');
  });
});

describe('validateDataVolumeSpec', () => {
  // Only the check that needs typed state stays here; size, modes, sources and URLs are the
  // validator's rules, run on the rendered DataVolume (see data-volume.test.ts).
  test('a complete spec, or one the validator judges, has no construct-only findings', () => {
    expect(validateDataVolumeSpec({ source: DataVolumeSource.blank(), size: Size.gibibytes(1) }, 'spec')).toEqual([]);
    expect(validateDataVolumeSpec({ source: DataVolumeSource.pvc({ name: 'a', namespace: 'b' }), form: StorageForm.PVC }, 'spec')).toEqual([]);
  });

  test('a volume mode outside VolumeMode', () => {
    expect(validateDataVolumeSpec({ source: DataVolumeSource.blank(), size: Size.gibibytes(1), volumeMode: 'Raw' as VolumeMode }, 'spec'))
      .toEqual(["spec.storage.volumeMode: 'Raw' is not one of Filesystem, Block [construct-dv-volume-mode-valid]"]);
  });
});
