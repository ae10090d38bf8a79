import { Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as YAML from 'yaml';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms } from './support';

function newVm(props: kv.VirtualMachineProps, c = chart()) {
  const vm = new kv.VirtualMachine(c, 'vm', { metadata: { name: 'vm' }, memory: Size.gibibytes(1), ...props });
  vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'), { bootOrder: 1 });
  return { c, vm };
}

describe('cloud-config builder', () => {
  test('renders users, SSH keys, packages, runcmd and write_files as #cloud-config YAML', () => {
    const config = new kv.CloudConfig({
      users: [{ name: 'ops', sudo: 'ALL=(ALL) NOPASSWD:ALL', groups: ['wheel', 'adm'], sshAuthorizedKeys: ['ssh-ed25519 AAAA ops'] }],
      packages: ['qemu-guest-agent'],
      packageUpdate: true,
      runcmd: [['systemctl', 'enable', '--now', 'qemu-guest-agent']],
    });
    config.addSshAuthorizedKey('ssh-ed25519 BBBB admin').addPackage('tmux').addRunCommand('echo done > /run/provisioned')
      .addFile({ path: '/etc/motd', content: 'managed by cdk8s\n', permissions: '0644' });
    const text = config.render();
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    expect(YAML.parse(text)).toEqual({
      users: ['default', { name: 'ops', sudo: 'ALL=(ALL) NOPASSWD:ALL', groups: 'wheel, adm', ssh_authorized_keys: ['ssh-ed25519 AAAA ops'] }],
      ssh_authorized_keys: ['ssh-ed25519 BBBB admin'],
      package_update: true,
      packages: ['qemu-guest-agent', 'tmux'],
      write_files: [{ path: '/etc/motd', content: 'managed by cdk8s\n', permissions: '0644' }],
      runcmd: [['systemctl', 'enable', '--now', 'qemu-guest-agent'], 'echo done > /run/provisioned'],
    });
    expect(config.hasPlaintextPassword).toBe(false);
  });

  test('a password sets chpasswd.expire false and is flagged', () => {
    const config = new kv.CloudConfig({ password: 'secret', keepDefaultUser: false, users: [{ name: 'x' }] });
    const doc = YAML.parse(config.render());
    expect(doc.password).toBe('secret');
    expect(doc.chpasswd).toEqual({ expire: false });
    expect(doc.users).toEqual([{ name: 'x' }]);
    expect(config.hasPlaintextPassword).toBe(true);
  });
});

describe('cloud-init disks', () => {
  test('NoCloud with typed user data and network data, rendered inline', () => {
    const { c } = newVm({
      cloudInit: kv.CloudInit.noCloud({
        userData: kv.UserData.cloudConfig(new kv.CloudConfig({ sshAuthorizedKeys: ['ssh-ed25519 AAAA me'] })),
        networkData: kv.NetworkData.fromObject({ version: 2, ethernets: { eth0: { dhcp4: true } } }),
      }),
    });
    const [vm] = synthVms(c);
    const volume = vm.spec.template.spec.volumes[1];
    expect(volume.name).toBe('cloudinitdisk');
    expect(YAML.parse(volume.cloudInitNoCloud.userData)).toEqual({ ssh_authorized_keys: ['ssh-ed25519 AAAA me'] });
    expect(YAML.parse(volume.cloudInitNoCloud.networkData)).toEqual({ version: 2, ethernets: { eth0: { dhcp4: true } } });
    expect(vm.spec.template.spec.domain.devices.disks[1]).toEqual({ name: 'cloudinitdisk', disk: { bus: 'virtio' } });
    expectSchemaValid([vm]);
  });

  test('ConfigDrive with user and network data from Secrets; the VM follows the Secret constructs', () => {
    const c = chart();
    const userData = new plus.Secret(c, 'ud', { metadata: { name: 'vm-userdata' }, stringData: { userdata: '#cloud-config\n{}' } });
    newVm({
      cloudInit: kv.CloudInit.configDrive({ userData: kv.UserData.fromSecret(userData), networkData: kv.NetworkData.fromSecret('vm-netdata'), diskName: 'config' }),
    }, c);
    const manifest = Testing.synth(c);
    expect(manifest.map((o) => o.kind)).toEqual(['Secret', 'VirtualMachine']);
    const vm = manifest[1];
    expect(vm.spec.template.spec.volumes[1]).toEqual({
      name: 'config', cloudInitConfigDrive: { secretRef: { name: 'vm-userdata' }, networkDataSecretRef: { name: 'vm-netdata' } },
    });
    expectSchemaValid([vm]);
  });

  test('a plaintext password is a synth warning recorded on the construct', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { c, vm } = newVm({ cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\npassword: fedora\nchpasswd: { expire: False }\n') }) });
      Testing.synth(c);
      const warnings = kv.synthWarnings(vm).map((w) => w.message);
      expect(warnings).toEqual([
        "spec.template.spec.volumes[1].cloudInitNoCloud.userData: cloud-init user data carries a plaintext password ('password'): it ends up in Git and in the VM object [vmi-cloudinit-plaintext-password]",
      ]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('[test/vm] warning: spec.template.spec.volumes[1].cloudInitNoCloud.userData: cloud-init user data carries a plaintext password'));
    } finally {
      warn.mockRestore();
    }
  });

  test('oversized inline user data and a cloud-init without data fail', () => {
    const big = newVm({ cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw(`#cloud-config\n# ${'x'.repeat(3000)}`) }) });
    expect(synthError(big.c)).toContain('spec.template.spec.volumes[1].cloudInitNoCloud.userData: inline userData is 3016 bytes, more than 2048 [vmi-cloudinit-size-limit]');
    const empty = newVm({ cloudInit: kv.CloudInit.noCloud({}) });
    expect(synthError(empty.c)).toContain('spec.template.spec.volumes[1].cloudInitNoCloud: cloudInitNoCloud volume \'cloudinitdisk\' needs user data or network data [vmi-cloudinit-data-valid]');
  });
});

describe('access credentials', () => {
  test('SSH keys via the guest agent and via NoCloud; passwords via the guest agent', () => {
    const c = chart();
    const keys = new plus.Secret(c, 'keys', { metadata: { name: 'ops-keys' } });
    const { vm } = newVm({
      cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\n{}') }),
      accessCredentials: [kv.AccessCredential.sshPublicKeys(keys, kv.SshKeyPropagation.guestAgent(['cloud-user']))],
    }, c);
    vm.addAccessCredential(kv.AccessCredential.sshPublicKeys('more-keys', kv.SshKeyPropagation.noCloud()));
    vm.addAccessCredential(kv.AccessCredential.userPasswords('passwords'));
    const manifest = Testing.synth(c);
    expect(manifest.map((o) => o.kind)).toEqual(['Secret', 'VirtualMachine']);
    expect(manifest[1].spec.template.spec.accessCredentials).toEqual([
      { sshPublicKey: { source: { secret: { secretName: 'ops-keys' } }, propagationMethod: { qemuGuestAgent: { users: ['cloud-user'] } } } },
      { sshPublicKey: { source: { secret: { secretName: 'more-keys' } }, propagationMethod: { noCloud: {} } } },
      { userPassword: { source: { secret: { secretName: 'passwords' } }, propagationMethod: { qemuGuestAgent: {} } } },
    ]);
    expectSchemaValid([manifest[1]]);
  });

  test('propagation needs the matching cloud-init disk, and guest-agent users', () => {
    const { c, vm } = newVm({ cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\n{}') }) });
    vm.addAccessCredential(kv.AccessCredential.sshPublicKeys('k', kv.SshKeyPropagation.configDrive()));
    vm.addAccessCredential(kv.AccessCredential.sshPublicKeys('k2', kv.SshKeyPropagation.guestAgent([])));
    const error = synthError(c);
    expect(error).toContain('spec.template.spec.accessCredentials[0].sshPublicKey.propagationMethod.configDrive: configDrive propagation needs a cloudInitConfigDrive volume [vmi-access-credential-propagation-volume]');
    expect(error).toContain('spec.template.spec.accessCredentials[1].sshPublicKey.propagationMethod.qemuGuestAgent.users: qemuGuestAgent propagation needs at least one user [vmi-access-credential-valid]');
  });
});
