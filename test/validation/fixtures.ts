// Baseline objects that pass every rule, and builders that change one thing at a time.
export type Obj = Record<string, any>;
export type Patch = (o: Obj) => void;

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));
const build = (base: Obj) => (patch?: Patch): Obj => {
  const o = clone(base);
  patch?.(o);
  return o;
};

export const NS = 'vms';

export const baseVm: Obj = {
  apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm1', namespace: NS },
  spec: {
    runStrategy: 'Always',
    template: {
      metadata: { labels: { app: 'vm1' } },
      spec: {
        domain: {
          cpu: { cores: 2 },
          memory: { guest: '2Gi' },
          devices: {
            disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }],
            interfaces: [{ name: 'default', masquerade: {} }],
          },
        },
        networks: [{ name: 'default', pod: {} }],
        volumes: [{ name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }],
      },
    },
  },
};

/** A VM; `patch` gets the whole object. */
export const vm = build(baseVm);

/** A VM whose template spec (`spec.template.spec`) is changed by `patch`. */
export const vmSpec = (patch: Patch): Obj => vm((o) => patch(o.spec.template.spec));

/** A VMI carrying the same spec as the baseline VM's template. */
export const vmi = (patch?: Patch): Obj => {
  const o: Obj = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'vmi1', namespace: NS }, spec: clone(baseVm.spec.template.spec) };
  patch?.(o);
  return o;
};

export const dv = build({
  apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'disk1', namespace: NS },
  spec: { source: { http: { url: 'https://images.example.com/disk.qcow2' } }, storage: { resources: { requests: { storage: '10Gi' } } } },
});

export const pvc = (name: string, accessModes = ['ReadWriteMany']): Obj => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: NS },
  spec: { accessModes, resources: { requests: { storage: '10Gi' } } },
});

export const secret = (name: string, namespace = NS): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, stringData: { userdata: '#cloud-config' } });
export const configMap = (name: string): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: {} });

export const dataSource = (name: string, namespace = NS): Obj => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataSource', metadata: { name, namespace },
  spec: { source: { pvc: { name: `${name}-pvc`, namespace } } },
});

export const nncp = build({
  apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'br1-policy' },
  spec: {
    nodeSelector: { 'node-role.kubernetes.io/worker': '' },
    desiredState: {
      interfaces: [
        { name: 'bond1', type: 'bond', state: 'up', 'link-aggregation': { mode: 'active-backup', options: { miimon: '100' }, port: ['eth1', 'eth2'] } },
        { name: 'br1', type: 'linux-bridge', state: 'up', bridge: { options: { stp: { enabled: false } }, port: [{ name: 'bond1' }] } },
      ],
    },
  },
});

/** The first interface (the bond) or the second (the bridge) of the baseline NNCP. */
export const nncpIface = (index: number, patch: Patch): Obj => nncp((o) => patch(o.spec.desiredState.interfaces[index]));

export const bridgeConfig = (extra: Obj = {}): Obj => ({ cniVersion: '0.3.1', name: 'br1-net', type: 'bridge', bridge: 'br1', ...extra });

/** A NAD in `vms`; `config: null` leaves spec.config out. */
export const nad = (config: Obj | string | null = bridgeConfig(), patch?: Patch, name = 'br1-net'): Obj => {
  const o: Obj = {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition',
    metadata: { name, namespace: NS, annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'bridge.network.kubevirt.io/br1' } },
    spec: config === null ? {} : { config: typeof config === 'string' ? config : JSON.stringify(config) },
  };
  patch?.(o);
  return o;
};

export const clusterInstancetype = build({
  apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterInstancetype', metadata: { name: 'u1.medium' },
  spec: { cpu: { guest: 2 }, memory: { guest: '4Gi' } },
});

export const clusterPreference = build({
  apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterPreference', metadata: { name: 'fedora' },
  spec: { cpu: { preferredCPUTopology: 'cores' } },
});

/** A VM using the u1.medium cluster instancetype (no CPU/memory of its own). */
export const vmWithInstancetype = (patch?: Patch): Obj => vm((o) => {
  o.spec.instancetype = { name: 'u1.medium' };
  delete o.spec.template.spec.domain.cpu;
  delete o.spec.template.spec.domain.memory;
  patch?.(o);
});

/** A VM with a multus bridge interface on NAD `ref`. */
export const vmOnNad = (ref: string, binding: Obj = { bridge: {} }): Obj => vmSpec((s) => {
  s.domain.devices.interfaces.push({ name: 'public', ...binding });
  s.networks.push({ name: 'public', multus: { networkName: ref } });
});
