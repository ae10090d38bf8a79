// Instancetype/preference matchers and inference from a volume (instancetype VM mutator, infer package).
import { dataSource, dv, Obj, Patch, vm } from '../fixtures';
import { RuleCase } from './types';

const IGNORE = 'IgnoreInferFromVolumeFailure';

/** A VM booting from a DataVolume template that clones the `fedora` DataSource, inferring both matchers. */
export const inferringVm = (patch?: Patch): Obj => vm((o) => {
  delete o.spec.template.spec.domain.memory;
  delete o.spec.template.spec.domain.cpu;
  o.spec.instancetype = { inferFromVolume: 'rootdisk' };
  o.spec.preference = { inferFromVolume: 'rootdisk' };
  o.spec.dataVolumeTemplates = [{ metadata: { name: 'vm1-rootdisk' }, spec: { sourceRef: { kind: 'DataSource', name: 'fedora' }, storage: {} } }];
  o.spec.template.spec.volumes = [{ name: 'rootdisk', dataVolume: { name: 'vm1-rootdisk' } }];
  patch?.(o);
});

const one = (...objs: Obj[]) => objs.map((o) => [o]);

export const INFERENCE_CASES: RuleCase[] = [
  {
    rule: 'vm-flavor-matcher-valid',
    valid: one(inferringVm(), inferringVm((o) => { o.spec.instancetype.inferFromVolumeFailurePolicy = IGNORE; o.spec.template.spec.domain.memory = { guest: '1Gi' }; }),
      vm((o) => { o.spec.instancetype = { name: 'u1.medium', revisionName: 'vm1-u1.medium-1' }; delete o.spec.template.spec.domain.memory; delete o.spec.template.spec.domain.cpu; })),
    invalid: one(inferringVm((o) => { o.spec.instancetype = {}; }), inferringVm((o) => { o.spec.instancetype.name = 'u1.medium'; }),
      inferringVm((o) => { o.spec.preference.kind = 'VirtualMachineClusterPreference'; }),
      inferringVm((o) => { o.spec.instancetype.inferFromVolumeFailurePolicy = 'Ignore'; })),
  },
  {
    rule: 'vm-infer-volume-exists',
    valid: one(inferringVm()),
    invalid: one(inferringVm((o) => { o.spec.instancetype.inferFromVolume = 'bootdisk'; }), inferringVm((o) => { o.spec.preference.inferFromVolume = 'data'; })),
  },
  {
    rule: 'vm-infer-volume-supported',
    valid: [
      [inferringVm()],
      [inferringVm((o) => { o.spec.dataVolumeTemplates[0].spec = { source: { pvc: { name: 'golden', namespace: 'images' } }, storage: {} }; })],
      [inferringVm((o) => { o.spec.template.spec.volumes[0] = { name: 'rootdisk', persistentVolumeClaim: { claimName: 'golden' } }; delete o.spec.dataVolumeTemplates; })],
      // A DataVolume of the input: its labels answer first.
      [inferringVm((o) => { delete o.spec.dataVolumeTemplates; o.spec.template.spec.volumes[0].dataVolume.name = 'disk1'; }),
        dv((d) => { d.metadata.labels = { 'instancetype.kubevirt.io/default-instancetype': 'u1.medium', 'instancetype.kubevirt.io/default-preference': 'fedora' }; })],
      [inferringVm(), dataSource('fedora')],
    ],
    invalid: [
      [inferringVm((o) => { o.spec.template.spec.volumes[0] = { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }; delete o.spec.dataVolumeTemplates; })],
      [inferringVm((o) => { o.spec.dataVolumeTemplates[0].spec = { source: { http: { url: 'https://images.example.com/f.qcow2' } }, storage: {} }; })],
      [inferringVm((o) => { delete o.spec.dataVolumeTemplates; o.spec.template.spec.volumes[0].dataVolume.name = 'disk1'; }), dv()],
    ],
  },
  {
    rule: 'vm-infer-ignore-memory-fallback',
    valid: one(inferringVm(), inferringVm((o) => { o.spec.instancetype.inferFromVolumeFailurePolicy = IGNORE; o.spec.template.spec.domain.memory = { guest: '1Gi' }; })),
    invalid: one(inferringVm((o) => { o.spec.instancetype.inferFromVolumeFailurePolicy = IGNORE; })),
  },
];
