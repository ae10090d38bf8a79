// Every interop point with cdk8s-plus, exercised with cdk8s-plus-27 (the design's) and
// cdk8s-plus-33 (what `cdk8s init` scaffolds today): selectors, peers, RBAC grants, references.
// The type side (a user's main.ts compiling against -33) is checked by test/package/user-project.
import { Chart, Size, Testing } from 'cdk8s';
import * as plus27 from 'cdk8s-plus-27';
import * as plus33 from 'cdk8s-plus-33';
import * as kv from '../../lib';

type Plus = typeof plus27 | typeof plus33;

function estate(plus: Plus) {
  const chart = new Chart(Testing.app(), 'lab', { namespace: 'vms' });
  const vm = new kv.VirtualMachine(chart, 'rhel', { memory: Size.gibibytes(2) });
  const secret = new plus.Secret(chart, 'cloud-init', { metadata: { name: 'cloud-init' } });
  const config = new plus.ConfigMap(chart, 'ca', { metadata: { name: 'ca' } });
  const claim = new plus.PersistentVolumeClaim(chart, 'golden', { metadata: { name: 'golden', namespace: 'images' }, storage: Size.gibibytes(1) });
  const account = new plus.ServiceAccount(chart, 'sa', { metadata: { name: 'sa' } });
  vm.addDisk('config', kv.DiskSource.configMap(config as never));
  vm.addDisk('sa', kv.DiskSource.serviceAccount(account as never));
  vm.addDisk('clone', kv.DiskSource.dataVolumeTemplate({ source: kv.DataVolumeSource.pvc(claim as never), size: Size.gibibytes(1) }));
  const withCloudInit = new kv.VirtualMachine(chart, 'web', {
    memory: Size.gibibytes(2),
    cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret(secret as never) }),
    accessCredentials: [kv.AccessCredential.sshPublicKeys(secret as never, kv.SshKeyPropagation.guestAgent(['cloud-user']))],
  });
  new plus.Service(chart, 'ssh', { selector: vm as never, ports: [{ port: 22 }], metadata: { name: 'ssh' } });
  const policy = new plus.NetworkPolicy(chart, 'np', { selector: vm as never, metadata: { name: 'np' } });
  policy.addIngressRule(withCloudInit as never, [plus.NetworkPolicyPort.tcp(22)] as never);
  const role = new plus.Role(chart, 'reader', { metadata: { name: 'reader' } });
  role.allowRead(vm as never);
  return Testing.synth(chart);
}

const find = (objects: any[], kind: string, name?: string) => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name));

describe.each([['cdk8s-plus-27', plus27], ['cdk8s-plus-33', plus33]] as const)('with %s', (_label, plus) => {
  const objects = estate(plus);
  const vmName = find(objects, 'VirtualMachine', undefined).metadata.name as string;
  const web = objects.filter((o) => o.kind === 'VirtualMachine')[1];

  test('a Service selects the VM\'s virt-launcher pod', () => {
    expect(find(objects, 'Service', 'ssh').spec.selector).toEqual({ 'kubevirt.io/domain': vmName });
  });

  test('a NetworkPolicy selects the VM and admits another VM as a peer', () => {
    const np = find(objects, 'NetworkPolicy', 'np');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'kubevirt.io/domain': vmName } });
    expect(np.spec.ingress[0].from).toContainEqual(expect.objectContaining({ podSelector: { matchLabels: { 'kubevirt.io/domain': web.metadata.name } } }));
  });

  test('an RBAC grant on the VM names its resource', () => {
    const rules = find(objects, 'Role', 'reader').rules;
    expect(rules).toContainEqual(expect.objectContaining({ apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], resourceNames: [vmName] }));
  });

  test('Secret, ConfigMap, ServiceAccount and PVC references render by name (and the PVC\'s namespace)', () => {
    const vm = find(objects, 'VirtualMachine', vmName);
    const volumes = vm.spec.template.spec.volumes;
    expect(volumes).toContainEqual({ name: 'config', configMap: { name: 'ca' } });
    expect(volumes).toContainEqual({ name: 'sa', serviceAccount: { serviceAccountName: 'sa' } });
    expect(vm.spec.dataVolumeTemplates[0].spec.source.pvc).toEqual({ name: 'golden', namespace: 'images' });
    const webVolumes = web.spec.template.spec.volumes;
    expect(webVolumes).toContainEqual(expect.objectContaining({ cloudInitNoCloud: { secretRef: { name: 'cloud-init' } } }));
    expect(web.spec.template.spec.accessCredentials[0].sshPublicKey.source.secret.secretName).toBe('cloud-init');
  });
});
