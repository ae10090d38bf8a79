import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { DataVolume, DataVolumeSpecPvcResourcesRequests } from '../imports/cdi.kubevirt.io';
import { NetworkAttachmentDefinition } from '../imports/k8s.cni.cncf.io';
import { VirtualMachine, VirtualMachineSpecTemplateSpecDomainMemoryGuest } from '../imports/kubevirt.io';
import { NodeNetworkConfigurationPolicy } from '../imports/nmstate.io';

const WORKERS = { 'node-role.kubernetes.io/worker': '' };

/** Cluster-scoped host networking: bond1 over eth2/eth3 and bridge br1 over bond1. */
export class HostNetworkChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NodeNetworkConfigurationPolicy(this, 'worker-bond1', {
      metadata: { name: 'worker-bond1' },
      spec: {
        nodeSelector: WORKERS,
        desiredState: {
          interfaces: [{
            name: 'bond1', type: 'bond', state: 'up', mtu: 1450,
            ipv4: { enabled: false }, ipv6: { enabled: false },
            'link-aggregation': { mode: 'balance-alb', options: { miimon: '100' }, port: ['eth2', 'eth3'] },
          }],
        },
      },
    });
    new NodeNetworkConfigurationPolicy(this, 'worker-bond1-br1', {
      metadata: { name: 'worker-bond1-br1' },
      spec: {
        nodeSelector: WORKERS,
        desiredState: {
          interfaces: [{
            name: 'br1', type: 'linux-bridge', state: 'up', mtu: 1450,
            ipv4: { enabled: false }, ipv6: { enabled: false },
            bridge: { options: { stp: { enabled: false } }, port: [{ name: 'bond1' }] },
          }],
        },
      },
    });
  }
}

/** The namespaced workloads: the VM network, the RHEL root disk and the three VMs. */
export class LabChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'vms' });

    new NetworkAttachmentDefinition(this, 'br1-public', {
      metadata: {
        name: 'br1-public',
        annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'bridge.network.kubevirt.io/br1' },
      },
      spec: {
        config: JSON.stringify({
          cniVersion: '0.3.1',
          name: 'bond1-br1',
          plugins: [
            { type: 'bridge', bridge: 'br1', macspoofchk: true, ipam: {} },
            { type: 'tuning' },
          ],
        }),
      },
    });

    new DataVolume(this, 'rhel-rootdisk', {
      metadata: { name: 'rhel-rootdisk' },
      spec: {
        source: { http: { url: 'http://web.server/disk-image.qcow2' } },
        pvc: {
          accessModes: ['ReadWriteMany'],
          storageClassName: 'managed-nfs-storage',
          resources: { requests: { storage: DataVolumeSpecPvcResourcesRequests.fromString('20Gi') } },
        },
      },
    });

    vm(this, 'rhel', {
      labels: { 'os.template.kubevirt.io/rhel9.4': 'true', 'flavor.template.kubevirt.io/small': 'true' },
      cpu: 1, memory: '2Gi',
      domainExtras: {},
      disks: [
        { name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 },
        { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
      ],
      volumes: [
        { name: 'rootdisk', dataVolume: { name: 'rhel-rootdisk' } },
        { name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'rhel-cloud-init' } } },
      ],
      interfaces: [{ name: 'nic-0', bridge: {}, model: 'virtio' }],
      networks: [{ name: 'nic-0', multus: { networkName: 'br1-public' } }],
    });

    vm(this, 'fedora01', {
      labels: { 'os.template.kubevirt.io/fedora': 'true', 'flavor.template.kubevirt.io/small': 'true' },
      cpu: 1, memory: '2Gi',
      domainExtras: {},
      disks: [
        { name: 'containerdisk', disk: { bus: 'virtio' }, bootOrder: 1 },
        { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
      ],
      volumes: [
        { name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:latest' } },
        { name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'fedora01-cloud-init' } } },
      ],
      interfaces: [{ name: 'default', masquerade: {}, model: 'virtio' }],
      networks: [{ name: 'default', pod: {} }],
    });

    const win = vm(this, 'windows2019', {
      labels: { 'os.template.kubevirt.io/win2k19': 'true', 'flavor.template.kubevirt.io/medium': 'true' },
      cpu: 2, memory: '4Gi',
      domainExtras: {
        clock: { utc: {}, timer: { hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {} } },
        features: {
          acpi: {}, apic: {},
          hyperv: { relaxed: {}, vapic: {}, spinlocks: { spinlocks: 8191 }, vpindex: {}, runtime: {}, synic: {}, stimer: {}, frequencies: {}, tlbflush: {}, ipi: {}, reset: {} },
        },
      },
      disks: [{ name: 'rootdisk', disk: { bus: 'sata' }, bootOrder: 1 }],
      volumes: [{ name: 'rootdisk', dataVolume: { name: 'windows2019-rootdisk' } }],
      interfaces: [{ name: 'default', masquerade: {}, model: 'e1000e' }],
      networks: [{ name: 'default', pod: {} }],
    });
    win.addJsonPatch(JsonPatch.add('/spec/dataVolumeTemplates', [{
      metadata: { name: 'windows2019-rootdisk' },
      spec: {
        sourceRef: { kind: 'DataSource', name: 'win2k19', namespace: 'openshift-virtualization-os-images' },
        storage: { resources: { requests: { storage: '60Gi' } } },
      },
    }]));
  }
}

export function buildLab(app: Construct): void {
  new HostNetworkChart(app, 'host-network');
  new LabChart(app, 'lab');
}

interface SeedVm {
  labels: Record<string, string>;
  cpu: number;
  memory: string;
  domainExtras: Record<string, unknown>;
  disks: Record<string, unknown>[];
  volumes: Record<string, unknown>[];
  interfaces: Record<string, unknown>[];
  networks: Record<string, unknown>[];
}

function vm(scope: Construct, name: string, p: SeedVm): ApiObject {
  const selector = { 'kubevirt.io/domain': name };
  return new VirtualMachine(scope, name, {
    metadata: { name, labels: p.labels },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: { labels: selector },
        spec: {
          domain: {
            cpu: { cores: p.cpu, sockets: 1, threads: 1 },
            memory: { guest: VirtualMachineSpecTemplateSpecDomainMemoryGuest.fromString(p.memory) },
            devices: { disks: p.disks as any, interfaces: p.interfaces as any },
            ...p.domainExtras,
          },
          networks: p.networks as any,
          volumes: p.volumes as any,
        },
      },
    },
  });
}
