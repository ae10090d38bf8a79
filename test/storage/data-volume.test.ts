import { Chart, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import {
  AccessMode, DataSource, DataVolume, DataVolumeContentType, DataVolumeSource, DEPENDS_ON_ANNOTATION, parseDependsOn,
  RegistryPullMethod, StorageForm, VolumeMode,
} from '../../lib';
import { byKindName, chart, GI, SOURCE_CASES, synthErrors, synthYaml } from './fixtures';

describe('DataVolume sources', () => {
  test.each(SOURCE_CASES)('%s source synthesizes', (_name, source, expected) => {
    const c = chart();
    new DataVolume(c, 'disk', { metadata: { name: 'disk' }, source, size: GI });
    const [dv] = synthYaml(c);
    expect(dv.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
    expect(dv.kind).toBe('DataVolume');
    expect(dv.metadata).toEqual({ name: 'disk', namespace: 'vms' });
    expect(dv.spec).toEqual({ source: expected, storage: { resources: { requests: { storage: '10Gi' } } } });
  });

  test('sourceRef to a DataSource construct depends on it', () => {
    const c = chart();
    const golden = new DataSource(c, 'golden', { metadata: { name: 'rhel9', namespace: 'os-images' }, source: DataVolumeSource.pvc({ name: 'rhel9-base' }) });
    new DataVolume(c, 'root', { metadata: { name: 'root' }, source: DataVolumeSource.fromDataSource(golden) });
    const objs = synthYaml(c);
    const dv = byKindName(objs, 'DataVolume', 'root');
    expect(dv.spec).toEqual({ sourceRef: { kind: 'DataSource', name: 'rhel9', namespace: 'os-images' }, storage: {} });
    expect(parseDependsOn(dv.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'cdi.kubevirt.io', kind: 'DataSource', namespace: 'os-images', name: 'rhel9' },
    ]);
    expect(objs.indexOf(dv)).toBeGreaterThan(objs.indexOf(byKindName(objs, 'DataSource', 'rhel9')));
    expect(byKindName(objs, 'DataSource', 'rhel9').spec).toEqual({ source: { pvc: { name: 'rhel9-base', namespace: 'os-images' } } });
  });
});

describe('DataVolume target forms', () => {
  test('storage form (default) lets the StorageProfile fill what is left out', () => {
    const c = chart();
    const dv = new DataVolume(c, 'root', {
      metadata: { name: 'root' },
      source: DataVolumeSource.http('http://web.server/disk-image.qcow2'),
      size: Size.gibibytes(20), storageClass: 'managed-nfs-storage', accessModes: [AccessMode.READ_WRITE_MANY],
      volumeMode: VolumeMode.FILESYSTEM, preallocation: false, priorityClassName: 'vm-import', contentType: DataVolumeContentType.KUBEVIRT,
      deleteAfterCompletion: false, bindImmediate: true,
    });
    const [obj] = synthYaml(c);
    expect(obj.spec.storage).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'managed-nfs-storage', volumeMode: 'Filesystem',
    });
    expect(obj.spec).toMatchObject({ preallocation: false, priorityClassName: 'vm-import', contentType: 'kubevirt' });
    expect(obj.metadata.annotations).toEqual({
      'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false', 'cdi.kubevirt.io/storage.bind.immediate.requested': 'true',
    });
    expect(dv.accessModes).toEqual(['ReadWriteMany']);
    expect(dv.form).toBe(StorageForm.STORAGE);
  });

  test('pvc form renders spec.pvc', () => {
    const c = chart();
    new DataVolume(c, 'data', {
      metadata: { name: 'data' }, source: DataVolumeSource.blank(), form: StorageForm.PVC,
      size: Size.gibibytes(100), accessModes: [AccessMode.READ_WRITE_ONCE], volumeMode: VolumeMode.BLOCK, storageClass: 'ceph-rbd',
    });
    const [obj] = synthYaml(c);
    expect(obj.spec).toEqual({
      source: { blank: {} },
      pvc: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } }, storageClassName: 'ceph-rbd', volumeMode: 'Block' },
    });
  });
});

describe('boot volume labels', () => {
  test('default instancetype and preference become inference labels (kind labels only for namespaced kinds)', () => {
    const c = chart();
    new DataVolume(c, 'boot', {
      metadata: { name: 'boot' }, source: DataVolumeSource.upload(), size: GI,
      defaultInstancetype: { name: 'small', kind: 'VirtualMachineInstancetype' },
      defaultPreference: { name: 'rhel.9', kind: 'VirtualMachineClusterPreference' },
    });
    expect(synthYaml(c)[0].metadata.labels).toEqual({
      'instancetype.kubevirt.io/default-instancetype': 'small',
      'instancetype.kubevirt.io/default-instancetype-kind': 'VirtualMachineInstancetype',
      'instancetype.kubevirt.io/default-preference': 'rhel.9',
    });
  });
});

describe('references and dependencies', () => {
  test('cloning a DataVolume construct uses its name and namespace and depends on it', () => {
    const c = chart();
    const base = new DataVolume(c, 'base', { metadata: { name: 'base', namespace: 'images' }, source: DataVolumeSource.registry({ url: 'docker://quay.io/containerdisks/centos-stream:9' }), size: GI });
    new DataVolume(c, 'clone', { metadata: { name: 'clone' }, source: DataVolumeSource.pvc(base) });
    const objs = synthYaml(c);
    const clone = byKindName(objs, 'DataVolume', 'clone');
    expect(clone.spec.source).toEqual({ pvc: { name: 'base', namespace: 'images' } });
    expect(parseDependsOn(clone.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'cdi.kubevirt.io', kind: 'DataVolume', namespace: 'images', name: 'base' },
    ]);
    expect(objs.indexOf(clone)).toBeGreaterThan(objs.indexOf(byKindName(objs, 'DataVolume', 'base')));
  });

  test('cdk8s-plus PersistentVolumeClaims (created or imported) are clone sources', () => {
    const c = chart();
    const claim = new plus.PersistentVolumeClaim(c, 'claim', { metadata: { name: 'seed-disk' }, storage: GI });
    const imported = plus.PersistentVolumeClaim.fromClaimName(c, 'old', 'legacy-disk');
    new DataVolume(c, 'a', { metadata: { name: 'a' }, source: DataVolumeSource.pvc(claim) });
    new DataVolume(c, 'b', { metadata: { name: 'b' }, source: DataVolumeSource.pvc(imported) });
    const objs = synthYaml(c);
    const a = byKindName(objs, 'DataVolume', 'a');
    expect(a.spec.source).toEqual({ pvc: { name: 'seed-disk', namespace: 'vms' } });
    expect(parseDependsOn(a.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: '', kind: 'PersistentVolumeClaim', namespace: 'vms', name: 'seed-disk' },
    ]);
    const b = byKindName(objs, 'DataVolume', 'b');
    expect(b.spec.source).toEqual({ pvc: { name: 'legacy-disk', namespace: 'vms' } });
    expect(b.metadata.annotations).toBeUndefined();
  });

  test('Secrets and ConfigMaps of the app are referenced by name and become dependencies', () => {
    const c = chart();
    const creds = new plus.Secret(c, 'creds', { metadata: { name: 'web-creds' }, stringData: { accessKeyId: 'u', secretKey: 'p' } });
    const ca = new plus.ConfigMap(c, 'ca', { metadata: { name: 'web-ca' }, data: { 'ca.pem': '...' } });
    new DataVolume(c, 'disk', { metadata: { name: 'disk' }, source: DataVolumeSource.http('https://x.example/d.img', { secretRef: creds, certConfigMap: ca }), size: GI });
    const dv = byKindName(synthYaml(c), 'DataVolume', 'disk');
    expect(dv.spec.source.http).toEqual({ url: 'https://x.example/d.img', secretRef: 'web-creds', certConfigMap: 'web-ca' });
    expect(parseDependsOn(dv.metadata.annotations[DEPENDS_ON_ANNOTATION]).map((r) => r.kind)).toEqual(['ConfigMap', 'Secret']);
  });
});

describe('rejected combinations fail at synth with the construct path and the field', () => {
  const rejected: Array<[string, (c: Chart) => void, RegExp]> = [
    ['size missing in the pvc form', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.pvc({ name: 'a' }), form: StorageForm.PVC, accessModes: [AccessMode.READ_WRITE_ONCE] }),
      /spec\.pvc\.resources\.requests\.storage: the requested size \(resources\.requests\.storage\) is required \[dv-size-required\]/],
    ['size missing for an import', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.http('https://x.example/a.img') }),
      /spec\.storage\.resources\.requests\.storage: the requested size \(resources\.requests\.storage\) is required \[dv-size-required\]/],
    ['size below 1Mi', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.blank(), size: Size.kibibytes(512) }),
      /spec\.storage\.resources\.requests\.storage: requested size 512Ki is below the 1Mi minimum \[dv-size-positive\]/],
    ['pvc form without an access mode', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.blank(), size: GI, form: StorageForm.PVC }),
      /spec\.pvc\.accessModes: the pvc API needs an access mode \[dv-pvc-access-mode-single\]/],
    ['pvc form with two access modes', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.blank(), size: GI, form: StorageForm.PVC, accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_MANY] }),
      /spec\.pvc\.accessModes: the pvc API takes exactly one access mode, found 2 \[dv-pvc-access-mode-single\]/],
    ['short access mode', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.blank(), size: GI, accessModes: ['RWX' as AccessMode] }),
      /spec\.storage\.accessModes\[0\]: access mode "RWX" is invalid \[dv-access-mode-valid\]/],
    ['blank with archive', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.blank(), size: GI, contentType: DataVolumeContentType.ARCHIVE }),
      /spec\.contentType: a blank source cannot use contentType archive \[dv-content-type-valid\]/],
    ['unknown content type', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.upload(), size: GI, contentType: 'iso' as DataVolumeContentType }),
      /spec\.contentType: contentType "iso" must be kubevirt or archive \[dv-content-type-valid\]/],
    ['ftp URL', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.http('ftp://x.example/a.img'), size: GI }),
      /spec\.source\.http\.url: url scheme ftp is not supported \(use http or https\) \[dv-url-valid\]/],
    ['relative URL', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.s3('bucket/disk.img'), size: GI }),
      /spec\.source\.s3\.url: url "bucket\/disk\.img" does not parse \[dv-url-valid\]/],
    ['gs URL on an http source', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.http('gs://bucket/a.img'), size: GI }),
      /spec\.source\.http\.url: .*\[dv-url-valid\]/],
    ['registry URL without scheme', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.registry({ url: 'quay.io/containerdisks/fedora' }), size: GI }),
      /spec\.source\.registry\.url: registry url "quay\.io\/containerdisks\/fedora" must start with docker:\/\/ or oci-archive:\/\/ \[dv-registry-source-valid\]/],
    ['imageStream pulled by a pod', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.registry({ imageStream: 'rhel9' }, { pullMethod: RegistryPullMethod.POD }), size: GI }),
      /spec\.source\.registry\.pullMethod: an imageStream source needs pullMethod: node \[dv-registry-source-valid\]/],
    ['registry with both url and imageStream', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.registry({ url: 'docker://a/b', imageStream: 'x' } as any), size: GI }),
      /spec\.source\.registry: registry source needs exactly one of url or imageStream \[dv-registry-source-valid\]/],
    ['vddk without thumbprint', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.vddk('https://vc/sdk', { uuid: 'u', backingFile: 'f', thumbprint: '', secretRef: 's' }), size: GI }),
      /spec\.source\.vddk\.thumbprint: vddk source needs thumbprint \[dv-url-valid\]/],
    ['imageio without disk id', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.imageio('https://rhv/api', { diskId: '', secretRef: 's' }), size: GI }),
      /spec\.source\.imageio\.diskId: imageio source needs diskId \[dv-url-valid\]/],
    ['missing source', (c) => new DataVolume(c, 'dv', { size: GI } as any),
      /spec\.source: a DataVolume needs a source or a sourceRef \[dv-source-exclusive\]/],
    ['clone source with no namespace anywhere', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.pvc({ name: 'golden' }) }),
      /spec\.source\.pvc\.namespace: source\.pvc needs namespace \[dv-clone-source-complete\]/],
    ['clone source without a name', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.snapshot({ name: '', namespace: 'x' }) }),
      /spec\.source\.snapshot\.name: source\.snapshot needs name \[dv-clone-source-complete\]/],
    ['sourceRef without a name', (c) => new DataVolume(c, 'dv', { source: DataVolumeSource.fromDataSource({ name: '' }) }),
      /spec\.sourceRef\.name: sourceRef\.name is required \[dv-sourceref-datasource\]/],
    ['clone of itself', (c) => new DataVolume(c, 'dv', { metadata: { name: 'me', namespace: 'x' }, source: DataVolumeSource.pvc({ name: 'me', namespace: 'x' }) }),
      /spec\.source\.pvc: a DataVolume cannot clone its own PVC 'me'/],
  ];

  test.each(rejected)('%s', (_name, build, message) => {
    const c = chart(_name === 'clone source with no namespace anywhere' ? null : 'vms');
    build(c);
    const error = synthErrors(c);
    expect(error).toMatch(/lab\/dv/);
    expect(error).toMatch(message);
  });
});
