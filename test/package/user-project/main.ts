import { ApiObject, Chart, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from 'cdk8s-kubevirt';

const app = new kv.GitOpsApp();
const host = new Chart(app, 'host-network');
const policy = new kv.NodeNetworkPolicy(host, 'worker-br1', { nodeSelector: { 'node-role.kubernetes.io/worker': '' } });
const bond1 = policy.addBond('bond1', { mode: kv.BondMode.BALANCE_ALB, ports: ['eth2', 'eth3'], miimon: 100, mtu: 1450 });
const br1 = policy.addLinuxBridge('br1', { ports: [bond1], stp: false, mtu: 1450 });

const lab = new Chart(app, 'lab', { namespace: 'vms' });
if (process.env.EXTRA_CHART) {
  // A chart added later, which the lab depends on: no existing folder may change its name.
  const early = new Chart(app, 'early');
  new plus.ConfigMap(early, 'settings', { metadata: { name: 'settings', namespace: 'default' } });
  lab.addDependency(early);
}
const net = new kv.BridgeNetwork(lab, 'br1-public', { metadata: { name: 'br1-public' }, bridge: br1 });
const root = new kv.DataVolume(lab, 'rhel-rootdisk', {
  source: kv.DataVolumeSource.http('http://web.server/disk-image.qcow2'),
  size: Size.gibibytes(20), storageClass: 'managed-nfs-storage', accessModes: [kv.AccessMode.READ_WRITE_MANY],
});
const cloudInit = new plus.Secret(lab, 'rhel-cloud-init', { metadata: { name: 'rhel-cloud-init' }, stringData: { userdata: '#cloud-config\n' } });
const rhel = new kv.VirtualMachine(lab, 'rhel', {
  os: kv.OsProfile.RHEL_9, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.SMALL,
  cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret(cloudInit) }),
});
rhel.addDisk('rootdisk', kv.DiskSource.dataVolume(root), { bootOrder: 1 });
rhel.addInterface('nic-0', kv.Interface.bridge(net));
new plus.Service(lab, 'rhel-ssh', { selector: rhel, ports: [{ port: 22 }] });

if (process.env.MISTAKE === 'validator') {
  // Written without the constructs: only the validation plugin can catch it.
  new ApiObject(lab, 'raw-vm', {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'raw-vm' },
    spec: { runStrategy: 'Sometimes', template: { spec: { domain: { devices: {}, memory: { guest: '1Gi' } } } } },
  });
}
app.synth();
