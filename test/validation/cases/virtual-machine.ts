import { clusterInstancetype, clusterPreference, dv, pvc, vm, vmi, vmSpec, vmWithInstancetype, NS } from '../fixtures';
import { RuleCase } from './types';
import { inferringVm } from './vm-inference';

const kubevirtCr = (configuration: Record<string, unknown>) => ({ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: { configuration } });
const hco = (spec: Record<string, unknown>) => ({ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv' }, spec });

const one = (...objs: any[]) => objs.map((o) => [o]);

export const VM_CASES: RuleCase[] = [
  { rule: 'vm-template-required', valid: one(vm()), invalid: one(vm((o) => delete o.spec.template), vm((o) => delete o.spec.template.spec.domain.devices)) },
  { rule: 'vm-runstrategy-required', valid: one(vm(), vm((o) => { delete o.spec.runStrategy; o.spec.running = true; })), invalid: one(vm((o) => delete o.spec.runStrategy)) },
  { rule: 'vm-running-runstrategy-exclusive', valid: one(vm()), invalid: one(vm((o) => { o.spec.running = false; })) },
  { rule: 'vm-runstrategy-valid', valid: one(vm((o) => { o.spec.runStrategy = 'RerunOnFailure'; })), invalid: one(vm((o) => { o.spec.runStrategy = 'Running'; })) },
  { rule: 'vm-running-deprecated', severity: 'warning', valid: one(vm()), invalid: one(vm((o) => { delete o.spec.runStrategy; o.spec.running = true; })) },
  {
    rule: 'vm-dvtemplate-referenced',
    valid: one(vm((o) => {
      o.spec.dataVolumeTemplates = [{ metadata: { name: 'root' }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } }];
      o.spec.template.spec.volumes[0] = { name: 'rootdisk', dataVolume: { name: 'root' } };
    })),
    invalid: one(vm((o) => {
      o.spec.dataVolumeTemplates = [{ metadata: { name: 'orphan' }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } }];
    })),
  },
  {
    rule: 'vm-dvtemplate-namespace',
    valid: one(vm((o) => { o.spec.dataVolumeTemplates = [{ metadata: { name: 'root', namespace: NS }, spec: {} }]; })),
    invalid: one(vm((o) => { o.spec.dataVolumeTemplates = [{ metadata: { name: 'root', namespace: 'other' }, spec: {} }]; })),
  },
  {
    rule: 'vm-template-reserved-labels',
    valid: one(vm()),
    invalid: one(vm((o) => { o.spec.template.metadata.labels['kubevirt.io/nodeName'] = 'n1'; }), vmi((o) => { o.metadata.labels = { 'kubevirt.io/created-by': 'me' }; })),
  },
  {
    rule: 'vm-memory-required',
    valid: one(vm(), vmSpec((s) => { delete s.domain.memory; s.domain.resources = { limits: { memory: '1Gi' } }; }), vmWithInstancetype()),
    invalid: one(vmSpec((s) => delete s.domain.memory), vmi((o) => delete o.spec.domain.memory)),
  },
  {
    rule: 'vm-livemigrate-storage-rwx',
    valid: [
      [vmSpec((s) => { s.evictionStrategy = 'LiveMigrate'; s.volumes[0] = { name: 'rootdisk', persistentVolumeClaim: { claimName: 'root' } }; }), pvc('root', ['ReadWriteMany'])],
      [vmSpec((s) => { s.volumes[0] = { name: 'rootdisk', persistentVolumeClaim: { claimName: 'root' } }; }), pvc('root', ['ReadWriteOnce'])],
    ],
    invalid: [
      [vmSpec((s) => { s.evictionStrategy = 'LiveMigrate'; s.volumes[0] = { name: 'rootdisk', persistentVolumeClaim: { claimName: 'root' } }; }), pvc('root', ['ReadWriteOnce'])],
      [vm((o) => {
        o.spec.template.spec.evictionStrategy = 'LiveMigrate';
        o.spec.dataVolumeTemplates = [{ metadata: { name: 'root' }, spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } }];
        o.spec.template.spec.volumes[0] = { name: 'rootdisk', dataVolume: { name: 'root' } };
      })],
      [vmSpec((s) => { s.evictionStrategy = 'LiveMigrate'; s.volumes[0] = { name: 'rootdisk', dataVolume: { name: 'disk1' } }; }), dv((o) => { o.spec.storage.accessModes = ['ReadWriteOnce']; })],
    ],
  },
  {
    rule: 'vm-livemigrate-pod-masquerade',
    valid: one(vmSpec((s) => { s.evictionStrategy = 'LiveMigrate'; }), vmSpec((s) => { s.domain.devices.interfaces[0] = { name: 'default', bridge: {} }; })),
    invalid: one(vmSpec((s) => { s.evictionStrategy = 'LiveMigrate'; s.domain.devices.interfaces[0] = { name: 'default', bridge: {} }; })),
  },
  {
    rule: 'vm-livemigrate-hostdevice',
    valid: one(vmSpec((s) => { s.domain.devices.gpus = [{ name: 'gpu1', deviceName: 'nvidia.com/A100' }]; })),
    invalid: one(vmSpec((s) => { s.evictionStrategy = 'LiveMigrate'; s.domain.devices.gpus = [{ name: 'gpu1', deviceName: 'nvidia.com/A100' }]; })),
  },
  {
    rule: 'vm-pod-binding-implicit', severity: 'warning',
    valid: [
      [vm()],
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; s.evictionStrategy = 'LiveMigrate'; s.domain.devices.autoattachPodInterface = false; })],
      // No live migration asked for: the implicit bridge is no problem (most real VM files).
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; })],
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; s.evictionStrategy = 'None'; }), hco({ evictionStrategy: 'LiveMigrate' })],
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; }), kubevirtCr({ evictionStrategy: 'None' })],
    ],
    invalid: [
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; s.evictionStrategy = 'LiveMigrate'; })],
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; s.evictionStrategy = 'LiveMigrateIfPossible'; })],
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; }), kubevirtCr({ evictionStrategy: 'LiveMigrate' })],
      // HyperConverged defaults the cluster to LiveMigrate on multi-node clusters.
      [vmSpec((s) => { delete s.networks; delete s.domain.devices.interfaces; }), hco({})],
    ],
  },
  {
    rule: 'vm-instancetype-kind-valid',
    valid: one(vmWithInstancetype((o) => { o.spec.instancetype.kind = 'virtualmachineclusterinstancetypes'; })),
    invalid: one(vmWithInstancetype((o) => { o.spec.instancetype.kind = 'Instancetype'; }), vm((o) => { o.spec.preference = { name: 'p', kind: 'ClusterPreference' }; })),
  },
  {
    rule: 'vm-instancetype-cpu-conflict',
    valid: [[vmWithInstancetype(), clusterInstancetype()]],
    invalid: [
      [vmWithInstancetype((o) => { o.spec.template.spec.domain.cpu = { sockets: 2 }; }), clusterInstancetype()],
      [vmWithInstancetype((o) => { o.spec.template.spec.domain.cpu = { model: 'host-passthrough' }; }), clusterInstancetype((o) => { o.spec.cpu.model = 'Haswell'; })],
    ],
  },
  {
    rule: 'vm-instancetype-memory-conflict',
    valid: [[vmWithInstancetype(), clusterInstancetype()],
      // Inference with the Ignore policy: KubeVirt clears domain.memory when it infers, so memory.guest is a fallback.
      [inferringVm((o) => { o.spec.instancetype.inferFromVolumeFailurePolicy = 'IgnoreInferFromVolumeFailure'; o.spec.template.spec.domain.memory = { guest: '1Gi' }; })]],
    invalid: [[vmWithInstancetype((o) => { o.spec.template.spec.domain.resources = { requests: { memory: '1Gi' } }; }), clusterInstancetype()],
      [inferringVm((o) => { o.spec.template.spec.domain.memory = { guest: '1Gi' }; })]],
  },
  {
    rule: 'vm-instancetype-other-conflict',
    valid: [[vmWithInstancetype((o) => { o.spec.template.spec.nodeSelector = { a: 'b' }; }), clusterInstancetype()]],
    invalid: [[vmWithInstancetype((o) => { o.spec.template.spec.nodeSelector = { a: 'b' }; }), clusterInstancetype((o) => { o.spec.nodeSelector = { c: 'd' }; })]],
  },
  {
    rule: 'vm-preference-requirements',
    valid: [[vmWithInstancetype((o) => { o.spec.preference = { name: 'fedora' }; }), clusterInstancetype(), clusterPreference((o) => { o.spec.requirements = { cpu: { guest: 2 }, memory: { guest: '2Gi' } }; })]],
    invalid: [
      [vmWithInstancetype((o) => { o.spec.preference = { name: 'fedora' }; }), clusterInstancetype(), clusterPreference((o) => { o.spec.requirements = { cpu: { guest: 4 } }; })],
      [vm((o) => { o.spec.preference = { name: 'fedora' }; }), clusterPreference((o) => { o.spec.requirements = { memory: { guest: '8Gi' } }; })],
    ],
  },
  {
    rule: 'vm-preference-spread-divisible',
    valid: [[vmWithInstancetype((o) => { o.spec.preference = { name: 'fedora' }; }), clusterInstancetype(), clusterPreference((o) => { o.spec.cpu.preferredCPUTopology = 'spread'; })]],
    invalid: [[vmWithInstancetype((o) => { o.spec.preference = { name: 'fedora' }; }), clusterInstancetype((o) => { o.spec.cpu.guest = 3; }), clusterPreference((o) => { o.spec.cpu.preferredCPUTopology = 'spread'; })]],
  },
];
