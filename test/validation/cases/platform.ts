// Cases of the platform kinds' rules (HyperConverged, MigrationPolicy, snapshots, restores,
// clones, exports, Forklift) and their cross-object rules.
import { vm } from '../fixtures';
import { RuleCase } from './types';

const one = (...objs: any[]) => objs.map((o) => [o]);
const hco = (spec: any, name = 'kubevirt-hyperconverged') =>
  ({ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name, namespace: 'openshift-cnv' }, spec });
const pinned = { parallelOutboundMigrationsPerNode: 1, completionTimeoutPerGiB: 20 };
const policy = (spec: any) => ({ apiVersion: 'migrations.kubevirt.io/v1alpha1', kind: 'MigrationPolicy', metadata: { name: 'p' }, spec: { selectors: { virtualMachineInstanceSelector: { a: 'b' } }, ...spec } });
const vmRef = (name = 'vm1') => ({ apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name });
const snapshot = (source: any = vmRef(), name = 's1') =>
  ({ apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineSnapshot', metadata: { name, namespace: 'vms' }, spec: { source } });
const restore = (spec: any) => ({ apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineRestore', metadata: { name: 'r1', namespace: 'vms' },
  spec: { target: vmRef(), virtualMachineSnapshotName: 's1', ...spec } });
const clone = (spec: any) => ({ apiVersion: 'clone.kubevirt.io/v1beta1', kind: 'VirtualMachineClone', metadata: { name: 'c1', namespace: 'vms' },
  spec: { source: vmRef(), target: vmRef('vm1-copy'), ...spec } });
const vmExport = (source: any) => ({ apiVersion: 'export.kubevirt.io/v1beta1', kind: 'VirtualMachineExport', metadata: { name: 'e1', namespace: 'vms' }, spec: { source } });
const FK = 'forklift.konveyor.io/v1beta1';
const provider = { apiVersion: FK, kind: 'Provider', metadata: { name: 'vcenter', namespace: 'openshift-mtv' },
  spec: { type: 'vsphere', url: 'https://vcenter/sdk', secret: { name: 'creds', namespace: 'openshift-mtv' } } };
const providers = { source: { name: 'vcenter', namespace: 'openshift-mtv' }, destination: { name: 'host', namespace: 'openshift-mtv' } };
const netMap = (map: any[]) => ({ apiVersion: FK, kind: 'NetworkMap', metadata: { name: 'nets', namespace: 'openshift-mtv' }, spec: { provider: providers, map } });
const stMap = { apiVersion: FK, kind: 'StorageMap', metadata: { name: 'ds', namespace: 'openshift-mtv' },
  spec: { provider: providers, map: [{ source: { name: 'datastore1' }, destination: { storageClass: 'nfs' } }] } };
const plan = (spec: any) => ({ apiVersion: FK, kind: 'Plan', metadata: { name: 'import', namespace: 'openshift-mtv' },
  spec: { provider: providers, map: { network: { name: 'nets', namespace: 'openshift-mtv' }, storage: { name: 'ds', namespace: 'openshift-mtv' } },
    targetNamespace: 'vms', vms: [{ name: 'web01' }], ...spec } });
const nad = { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'br1-public', namespace: 'vms' },
  spec: { config: '{"cniVersion":"0.3.1","type":"bridge","bridge":"br1"}' } };
const toNad = [{ source: { name: 'VM Network' }, destination: { type: 'multus', name: 'br1-public', namespace: 'vms' } }];

export const PLATFORM_CASES: RuleCase[] = [
  {
    rule: 'hco-dict-enable-annotation',
    valid: one(hco({ liveMigrationConfig: pinned, dataImportCronTemplates: [{ metadata: { name: 'centos-stream9-image-cron', annotations: { 'dataimportcrontemplate.kubevirt.io/enable': 'false' } } }] })),
    invalid: one(
      hco({ dataImportCronTemplates: [{ metadata: { name: 'x', annotations: { 'dataimportcrontemplate.kubevirt.io/enable': 'yes' } }, spec: { schedule: '@daily', managedDataSource: 'x', template: {} } }] }),
      hco({ dataImportCronTemplates: [{ metadata: { name: 'fedora-image-cron' } }] })),
  },
  {
    rule: 'hco-cert-config-valid',
    valid: one(hco({ certConfig: { ca: { duration: '48h0m0s', renewBefore: '24h0m0s' }, server: { duration: '24h0m0s', renewBefore: '12h0m0s' } } })),
    invalid: one(
      hco({ certConfig: { ca: { duration: '5m', renewBefore: '1m' } } }),
      hco({ certConfig: { ca: { duration: '24h', renewBefore: '48h' } } }),
      hco({ certConfig: { ca: { duration: '12h', renewBefore: '1h' }, server: { duration: '24h', renewBefore: '1h' } } })),
  },
  { rule: 'hco-tuning-policy-highburst', valid: one(hco({ tuningPolicy: 'annotation' })), invalid: one(hco({ tuningPolicy: 'highBurst' })) },
  {
    rule: 'hco-feature-gates-deprecated', valid: one(hco({ featureGates: { downwardMetrics: true } })),
    invalid: one(hco({ featureGates: { nonRoot: true } }), hco({ featureGates: { enableCommonBootImageImport: false } })),
  },
  {
    rule: 'hco-live-migration-limits', valid: one(hco({ liveMigrationConfig: { parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: '64Mi' } })),
    invalid: one(hco({ liveMigrationConfig: { parallelMigrationsPerCluster: 2, parallelOutboundMigrationsPerNode: 3 } })),
  },
  { rule: 'hco-live-migration-defaults-pinned', valid: one(hco({ liveMigrationConfig: pinned })), invalid: one(hco({}), hco({ liveMigrationConfig: { parallelMigrationsPerCluster: 5 } })) },
  { rule: 'hco-singleton-name', valid: one(hco({})), invalid: one(hco({}, 'my-hco')) },
  {
    rule: 'migrationpolicy-values-nonnegative', valid: one(policy({ completionTimeoutPerGiB: 0, bandwidthPerMigration: '1Gi' })),
    invalid: one(policy({ completionTimeoutPerGiB: -1 }), policy({ bandwidthPerMigration: '-1Mi' })),
  },
  {
    rule: 'vmsnapshot-source-vm', valid: one(snapshot()),
    invalid: one(snapshot({ kind: 'VirtualMachine', name: 'vm1' }), snapshot({ apiGroup: 'kubevirt.io', kind: 'VirtualMachineInstance', name: 'vm1' }),
      snapshot({ apiGroup: 'apps', kind: 'VirtualMachine', name: 'vm1' })),
  },
  { rule: 'vmrestore-target-vm', valid: one(restore({})), invalid: one(restore({ target: { apiGroup: 'kubevirt.io', kind: 'Pod', name: 'x' } })) },
  {
    rule: 'vmrestore-patch-paths', valid: one(restore({ patches: ['{"op":"replace","path":"/spec/runStrategy","value":"Halted"}', '{"op":"add","path":"/metadata/labels/x","value":"y"}'] })),
    invalid: one(restore({ patches: ['{"op":"replace","path":"/metadata/name","value":"x"}'] }), restore({ patches: ['not json'] })),
  },
  {
    rule: 'vmclone-filters-valid', valid: one(clone({ labelFilters: ['*', '!app/*'], template: { annotationFilters: ['kubevirt.io/*'] } })),
    invalid: one(clone({ labelFilters: ['!'] }), clone({ annotationFilters: ['a!b'] }), clone({ template: { labelFilters: ['a*b'] } })),
  },
  {
    rule: 'vmclone-source-target', valid: one(clone({}), clone({ source: { apiGroup: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', name: 's1' } })),
    invalid: one(clone({ target: vmRef('vm1') }), clone({ source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachineInstance', name: 'vm1' } }),
      clone({ patches: ['{not json'] })),
  },
  { rule: 'vmclone-mac-valid', valid: one(clone({ newMacAddresses: { default: '02:00:00:00:00:01', nic1: '' } })), invalid: one(clone({ newMacAddresses: { default: '02:00:00' } })) },
  {
    rule: 'vmexport-source-valid',
    valid: one(vmExport(vmRef()), vmExport({ apiGroup: '', kind: 'PersistentVolumeClaim', name: 'disk' }), vmExport({ apiGroup: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', name: 's1' })),
    invalid: one(vmExport({ apiGroup: 'kubevirt.io', kind: 'DataVolume', name: 'd' }), vmExport({ apiGroup: 'cdi.kubevirt.io', kind: 'PersistentVolumeClaim', name: 'd' })),
  },
  {
    rule: 'forklift-plan-valid', valid: one(plan({})),
    invalid: one(plan({ targetNamespace: 'Bad_NS' }), plan({ vms: [{ name: 'a' }, { name: 'a' }] }), plan({ vms: [{ targetName: 'x' }] })),
  },
  {
    rule: 'forklift-networkmap-valid', valid: one(netMap(toNad)),
    invalid: one(netMap([{ source: { name: 'a' }, destination: { type: 'multus' } }]),
      netMap([{ source: { name: 'a' }, destination: { type: 'pod' } }, { source: { name: 'b' }, destination: { type: 'pod' } }])),
  },
  {
    rule: 'xo-data-protection-source-exists', options: { assumeComplete: true },
    valid: [[vm(), snapshot(), restore({}), clone({}), vmExport(vmRef())]],
    invalid: [[snapshot(vmRef('ghost'))], [vm(), restore({ virtualMachineSnapshotName: 'nope' })], [clone({ source: vmRef('ghost') })], [vm(), vmExport(vmRef('ghost'))]],
  },
  { rule: 'xo-restore-target-exists', valid: [[vm(), snapshot(), restore({})]], invalid: [[vm(), snapshot(), restore({ target: vmRef('vm1-old') })]] },
  {
    rule: 'xo-forklift-references-exist', options: { assumeComplete: true },
    valid: [[provider, netMap(toNad), stMap, nad, plan({ transferNetwork: { name: 'br1-public', namespace: 'vms' } })]],
    invalid: [
      [provider, netMap(toNad), stMap, plan({})],
      [provider, netMap(toNad), nad, plan({})],
      [provider, netMap(toNad), stMap, nad, plan({ transferNetwork: { name: 'migration-net', namespace: 'vms' } })],
      [netMap(toNad), nad],
      [{ apiVersion: FK, kind: 'Migration', metadata: { name: 'm', namespace: 'openshift-mtv' }, spec: { plan: { name: 'missing', namespace: 'openshift-mtv' } } }],
    ],
  },
];
