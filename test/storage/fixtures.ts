// Shared inputs of the storage tests: one DataVolume source of every kind, and the JSON CDI expects for it
// in a DataVolume of namespace 'vms'.
import { Chart, Size, Testing } from 'cdk8s';
import { DataVolumeSource, RegistryPullMethod } from '../../lib';
export { synthError as synthErrors, synthYaml } from '../support/synth';

export const GI = Size.gibibytes(10);

export function chart(namespace: string | null = 'vms'): Chart {
  return new Chart(Testing.app(), 'lab', { namespace: namespace ?? undefined });
}



export const byKindName = (objs: any[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

export const SOURCE_CASES: Array<[string, DataVolumeSource, Record<string, unknown>]> = [
  ['http', DataVolumeSource.http('https://images.example/rhel.qcow2.xz', {
    certConfigMap: 'web-ca', secretRef: 'web-creds', extraHeaders: ['X-Trace: 1'], secretExtraHeaders: ['bearer'],
  }), { http: { url: 'https://images.example/rhel.qcow2.xz', certConfigMap: 'web-ca', secretRef: 'web-creds', extraHeaders: ['X-Trace: 1'], secretExtraHeaders: ['bearer'] } }],
  ['s3', DataVolumeSource.s3('https://s3.example/bucket/disk.img', { secretRef: 's3-creds' }),
    { s3: { url: 'https://s3.example/bucket/disk.img', secretRef: 's3-creds' } }],
  ['gcs', DataVolumeSource.gcs('gs://bucket/disk.img', { secretRef: 'gcs-key' }), { gcs: { url: 'gs://bucket/disk.img', secretRef: 'gcs-key' } }],
  ['registry url', DataVolumeSource.registry({ url: 'docker://quay.io/containerdisks/fedora:latest' }, { pullMethod: RegistryPullMethod.NODE, certConfigMap: 'reg-ca' }),
    { registry: { url: 'docker://quay.io/containerdisks/fedora:latest', pullMethod: 'node', certConfigMap: 'reg-ca' } }],
  ['registry imageStream', DataVolumeSource.registry({ imageStream: 'rhel9-guest' }),
    { registry: { imageStream: 'rhel9-guest', pullMethod: 'node' } }],
  ['pvc', DataVolumeSource.pvc({ name: 'golden', namespace: 'images' }), { pvc: { name: 'golden', namespace: 'images' } }],
  ['snapshot', DataVolumeSource.snapshot({ name: 'snap-1' }), { snapshot: { name: 'snap-1', namespace: 'vms' } }],
  ['upload', DataVolumeSource.upload(), { upload: {} }],
  ['blank', DataVolumeSource.blank(), { blank: {} }],
  ['imageio', DataVolumeSource.imageio('https://rhv.example/ovirt-engine/api', { diskId: 'd-1', secretRef: 'rhv', certConfigMap: 'rhv-ca' }),
    { imageio: { url: 'https://rhv.example/ovirt-engine/api', diskId: 'd-1', secretRef: 'rhv', certConfigMap: 'rhv-ca' } }],
  ['vddk', DataVolumeSource.vddk('https://vcenter.example/sdk', {
    uuid: '42-1', backingFile: '[ds1] vm/vm.vmdk', thumbprint: 'AA:BB', secretRef: 'vsphere', initImageUrl: 'registry.example/vddk:8',
  }), { vddk: { url: 'https://vcenter.example/sdk', uuid: '42-1', backingFile: '[ds1] vm/vm.vmdk', thumbprint: 'AA:BB', secretRef: 'vsphere', initImageURL: 'registry.example/vddk:8' } }],
];

