import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kv from '../lib';

const WORKERS = { 'node-role.kubernetes.io/worker': '' };

/** Cluster-scoped host networking on the workers: bond1 over eth2/eth3, bridge br1 over bond1. */
export class HostNetworkChart extends Chart {
  /** The bridge VM networks attach to. */
  public readonly br1: kv.LinuxBridgeInterface;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const bondPolicy = new kv.NodeNetworkPolicy(this, 'worker-bond1', {
      metadata: { name: 'worker-bond1' },
      nodeSelector: WORKERS,
    });
    bondPolicy.addBond('bond1', { mode: kv.BondMode.BALANCE_ALB, ports: ['eth2', 'eth3'], miimon: 100, mtu: 1450 });

    // The seed keeps the bridge in its own policy, applied once the bond exists.
    const bridgePolicy = new kv.NodeNetworkPolicy(this, 'worker-bond1-br1', {
      metadata: { name: 'worker-bond1-br1' },
      nodeSelector: WORKERS,
    });
    bridgePolicy.addDependency(bondPolicy);
    this.br1 = bridgePolicy.addLinuxBridge('br1', { ports: ['bond1'], stp: false, mtu: 1450 });
  }
}

/** The lab's workloads in namespace `vms`: the VM network, the RHEL root disk and three VMs. */
export class LabChart extends Chart {
  /** The VM network on br1. */
  public readonly net: kv.BridgeNetwork;
  /** The RHEL root disk imported over HTTP. */
  public readonly rhelRootDisk: kv.DataVolume;
  /** The lab's three VMs (rhel, fedora01, windows2019). */
  public readonly vms: kv.VirtualMachine[];

  constructor(scope: Construct, id: string, hostNetwork: HostNetworkChart) {
    super(scope, id, { namespace: 'vms' });

    const net = this.net = new kv.BridgeNetwork(this, 'br1-public', {
      metadata: { name: 'br1-public' },
      bridge: hostNetwork.br1,
      cniNetworkName: 'bond1-br1',
    });

    const rootDisk = this.rhelRootDisk = new kv.DataVolume(this, 'rhel-rootdisk', {
      source: kv.DataVolumeSource.http('http://web.server/disk-image.qcow2'),
      size: Size.gibibytes(20),
      storageClass: 'managed-nfs-storage',
      accessModes: [kv.AccessMode.READ_WRITE_MANY],
      form: kv.StorageForm.PVC,
    });

    // Credentials live in Secrets created out of band (sealed secrets, an external secret store).
    const rhel = new kv.VirtualMachine(this, 'rhel', {
      os: kv.OsProfile.RHEL_9, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.SMALL,
      cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret('rhel-cloud-init') }),
    });
    rhel.addDisk('rootdisk', kv.DiskSource.dataVolume(rootDisk), { bootOrder: 1 });
    rhel.addInterface('nic-0', kv.Interface.bridge(net));

    const fedora = new kv.VirtualMachine(this, 'fedora01', {
      os: kv.OsProfile.FEDORA, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.SMALL,
      cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret('fedora01-cloud-init') }),
    });
    fedora.addDisk('containerdisk', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });

    const windows = new kv.VirtualMachine(this, 'windows2019', {
      os: kv.OsProfile.WINDOWS_2K19, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.MEDIUM,
    });
    windows.addDisk('rootdisk', kv.DiskSource.dataSource(
      { name: 'win2k19', namespace: 'openshift-virtualization-os-images' },
      { name: 'windows2019-rootdisk', size: Size.gibibytes(60) }), { bootOrder: 1 });
    windows.expose({ ports: [3389] });
    this.vms = [rhel, fedora, windows];
  }
}

export function buildLab(app: Construct): LabChart {
  const hostNetwork = new HostNetworkChart(app, 'host-network');
  return new LabChart(app, 'lab', hostNetwork);
}
