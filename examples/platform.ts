import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kv from '../lib';
import { INFERENCE_GPU } from './gpu-vm';
import { LabChart } from './lab';

/**
 * The cluster's own set-up for the lab: OpenShift Virtualization from OperatorHub with the lab's
 * live-migration limits, a migration policy for the RHEL VM, a snapshot and a clone of it, the
 * monitoring bundle, and an import plan bringing VMware VMs onto br1 and the NFS storage class.
 */
export function buildPlatform(app: Construct, lab: LabChart, controller?: kv.KubeVirtGitOpsController): Chart {
  const platform = new Chart(app, 'platform');
  const cnv = new kv.OperatorInstall(platform, 'openshift-virtualization', { channel: 'stable' });
  new kv.HyperConverged(platform, 'hyperconverged', {
    install: cnv,
    liveMigration: {
      parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2,
      bandwidthPerMigration: Size.mebibytes(64), completionTimeoutPerGiB: 800,
    },
    evictionStrategy: kv.EvictionStrategy.LIVE_MIGRATE,
    // Where persistent EFI/TPM state lives (the Windows VM keeps its EFI variables).
    vmStateStorageClass: 'managed-nfs-storage',
    // The GPUs VMs may pass through (the inference VM of examples/gpu-vm.ts asks for this one).
    permittedHostDevices: { pciHostDevices: [INFERENCE_GPU] },
  });
  // Big, busy VMs may converge slowly: more time per GiB and auto-converge for the RHEL VM only.
  new kv.MigrationPolicy(platform, 'rhel-migrations', {
    metadata: { name: 'rhel-migrations' },
    virtualMachineSelector: { 'vm.kubevirt.io/name': 'rhel' },
    namespaceSelector: { 'kubernetes.io/metadata.name': 'vms' },
    completionTimeoutPerGiB: 1200, allowAutoConverge: true,
  });

  const [rhel, ...others] = lab.vms;
  const protection = new Chart(app, 'data-protection', { namespace: 'vms' });
  new kv.VirtualMachineSnapshot(protection, 'rhel-snapshot', { metadata: { name: 'rhel-baseline' }, vm: rhel });
  new kv.VirtualMachineClone(protection, 'rhel-clone', {
    metadata: { name: 'rhel-clone' }, source: rhel, targetName: 'rhel-test',
    labelFilters: ['*', '!app.kubernetes.io/instance'], newMacAddresses: { 'nic-0': '' },
  });

  const monitoring = new Chart(app, 'monitoring', { namespace: 'cdk8s-kubevirt' });
  new kv.VirtualizationAlerts(monitoring, 'alerts', { metadata: { name: 'kubevirt-estate' }, vms: [rhel, ...others] });
  kv.GrafanaDashboard.virtualMachines(monitoring, 'vm-dashboard');
  kv.GrafanaDashboard.controller(monitoring, 'controller-dashboard');
  if (controller) new kv.ControllerServiceMonitor(monitoring, 'controller-metrics', { metadata: { name: 'cdk8s-kubevirt-controller' }, controller });

  // VMware VMs land next to the lab's: same bridge network, same NFS storage class.
  const mtv = new Chart(app, 'vmware-import', { namespace: kv.FORKLIFT_NAMESPACE });
  const vcenter = new kv.ForkliftProvider(mtv, 'vcenter', {
    metadata: { name: 'vcenter' }, type: kv.ProviderType.VSPHERE, url: 'https://vcenter.lab.example.com/sdk',
    secret: { name: 'vcenter-credentials' },
  });
  const networks = new kv.NetworkMap(mtv, 'networks', { metadata: { name: 'vcenter-networks' }, source: vcenter });
  networks.addMapping({ name: 'VM Network' }, kv.NetworkDestination.multus(lab.net));
  const storage = new kv.StorageMap(mtv, 'storage', { metadata: { name: 'vcenter-datastores' }, source: vcenter });
  storage.addMapping({ name: 'datastore1' }, { storageClass: 'managed-nfs-storage', accessMode: 'ReadWriteMany' });
  new kv.ForkliftPlan(mtv, 'plan', {
    metadata: { name: 'lab-vmware-import' }, provider: vcenter, networkMap: networks, storageMap: storage,
    targetNamespace: 'vms', type: kv.MigrationType.COLD, vms: [{ name: 'web01' }, { name: 'db01' }],
  });
  return platform;
}
