// One implementation per rule: every finding a construct reports at synth carries either a shared
// validator rule id (run on the rendered object, with that rule's one severity) or an id from the
// documented construct-only list, and the two lists never share an id.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { CONSTRUCT_CHECKS } from '../../lib/core/construct-checks';
import { ALL_RULES } from '../../lib/validation';
import { chart } from '../compute/support';

const SHARED = new Map(ALL_RULES.map((r) => [r.id, r.severity]));
const CONSTRUCT_ONLY = new Set(Object.keys(CONSTRUCT_CHECKS));
/** Families whose construct checks are the shared rules plus the documented construct-only ones. */
const FAMILIES = ['compute', 'storage', 'flavors', 'core', 'network', 'templates', 'platform', 'gitops'];
const ID = /\[([a-z0-9]+(?:-[a-z0-9]+)+)\]$/;

/** Synth `c`, returning each error and warning line with the id it ends with. */
function findings(c: Chart): Array<{ severity: 'error' | 'warning'; line: string; id?: string }> {
  const warnings: string[] = [];
  const spy = jest.spyOn(console, 'warn').mockImplementation((m: unknown) => { warnings.push(String(m)); });
  const out: Array<{ severity: 'error' | 'warning'; line: string; id?: string }> = [];
  try {
    Testing.synth(c);
  } catch (err) {
    for (const line of String((err as Error).message).split('\n').slice(1)) out.push({ severity: 'error', line: line.trim(), id: ID.exec(line.trim())?.[1] });
  } finally {
    spy.mockRestore();
  }
  for (const line of warnings) out.push({ severity: 'warning', line, id: ID.exec(line)?.[1] });
  return out;
}

/** Constructs with many mistakes each, across the families. */
const BAD: Array<[string, (c: Chart) => void]> = [
  ['a VM with compute, device and network mistakes', (c) => {
    const vm = new kv.VirtualMachine(c, 'vm', {
      metadata: { name: 'vm' }, memory: Size.mebibytes(1536), hugepages: Size.gibibytes(1), dedicatedCpuPlacement: true,
      resources: { cpu: { request: plus.Cpu.millis(1500), limit: plus.Cpu.units(2) } }, architecture: 'x86_64', hostname: 'Web01',
      evictionStrategy: kv.EvictionStrategy.LIVE_MIGRATE, templateLabels: { 'kubevirt.io/nodeName': 'n1' },
      cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\npassword: fedora\n') }),
    });
    const dv = new kv.DataVolume(c, 'dv', { metadata: { name: 'd' }, source: kv.DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [kv.AccessMode.READ_WRITE_ONCE] });
    vm.addDisk('Root_Disk', kv.DiskSource.containerDisk('img:1'), { device: kv.DiskDevice.LUN, bootOrder: 0 });
    vm.addDisk('iso', kv.DiskSource.containerDisk('iso:1'), { device: kv.DiskDevice.CDROM, bus: kv.DiskBus.VIRTIO });
    vm.addDisk('d', kv.DiskSource.dataVolume(dv));
    vm.addDisk('t', kv.DiskSource.dataVolumeTemplate({ source: kv.DataVolumeSource.http('ftp://x/a.img'), accessModes: [kv.AccessMode.READ_WRITE_ONCE] }));
    vm.addInterface('default', kv.Interface.podBridge(), { macAddress: 'zz:00' });
    vm.addInterface('bad.name', kv.Interface.of({ binding: kv.InterfaceBinding.SRIOV, network: kv.VmNetwork.pod() }));
  }],
  ['an instancetype VM with CPU and memory, NUMA passthrough on a plain VM', (c) => {
    new kv.VirtualMachine(c, 'it', { metadata: { name: 'it' }, instancetype: { kind: 'VirtualMachineClusterInstancetype', name: 'u1.small' }, cpu: kv.CpuTopology.cores(2), memory: Size.gibibytes(1), isolateEmulatorThread: true });
    new kv.VirtualMachine(c, 'numa', { metadata: { name: 'numa' }, memory: Size.gibibytes(1), numaGuestMappingPassthrough: true });
  }],
  ['DataVolumes, a DataSource and a DataImportCron', (c) => {
    new kv.DataVolume(c, 'pvc-form', { source: kv.DataVolumeSource.pvc({ name: 'a', namespace: 'b' }), form: kv.StorageForm.PVC });
    new kv.DataVolume(c, 'registry', { source: kv.DataVolumeSource.registry({ url: 'quay.io/x' }), size: Size.kibibytes(512), contentType: kv.DataVolumeContentType.ARCHIVE, volumeMode: 'Raw' as kv.VolumeMode });
    new kv.DataSource(c, 'ds', { metadata: { name: 'ds' }, source: kv.DataVolumeSource.fromDataSource({ name: 'ds' }) });
    new kv.DataImportCron(c, 'cron', { source: kv.DataVolumeSource.http('https://x/a.img'), schedule: '61 * * * *', managedDataSource: 'Fedora' });
  }],
  ['node network policies with interface, route and mapping mistakes', (c) => {
    const other = new kv.NodeNetworkPolicy(c, 'other', { metadata: { name: 'other' } });
    const foreign = other.addBond('bond9', { mode: kv.BondMode.ACTIVE_BACKUP, ports: ['eno9'] });
    const p = new kv.NodeNetworkPolicy(c, 'p', { metadata: { name: 'x'.repeat(64) }, maxUnavailable: 'half', nodeSelector: { 'bad key!': 'v' } });
    p.addBond('bond0', { mode: kv.BondMode.ACTIVE_BACKUP, ports: ['eno1', 'eno1', foreign], mtu: 70000, options: { lacpRate: kv.BondLacpRate.FAST, minLinks: 2, arpIpTargets: ['x'] } });
    p.addVlan('eno1.4095', { base: 'eno1', id: 4095 });
    p.addLinuxBridge('br1', { stp: { helloTime: 11 }, ports: [{ port: 'eno2', vlan: kv.BridgePortVlan.trunk([{ min: 10, max: 20 }, 15]) }], macAddress: 'zz:00' });
    p.addEthernet('eno3', { ipv4: kv.IpConfig.static(['10.0.0.1']), ipv6: kv.IpConfig.dhcp(), mtu: 1000 });
    p.addOvsInterface('ovs0');
    p.addRoute({ destination: 'default' });
    p.setDns({ servers: ['dns.example'] });
    p.addOvnBridgeMapping('physnet1', 'br-ex');
    p.addOvnBridgeMapping('physnet1', 'br-ex2');
    new kv.NodeNetworkPolicy(c, 'empty', { metadata: { name: 'empty' } });
  }],
  ['network attachments with plugin, IPAM and cross-construct mistakes', (c) => {
    const p = new kv.NodeNetworkPolicy(c, 'p', { metadata: { name: 'p' } });
    const down = p.addLinuxBridge('br-down', { state: kv.NodeInterfaceState.DOWN, mtu: 1500 });
    const vlan = p.addVlan('eno1.7', { base: 'eno1', id: 7, mtu: 1500 });
    new kv.BridgeNetwork(c, 'br', { metadata: { name: 'br' }, bridge: down, vlan: 4095, vlanTrunk: [10], hairpinMode: true, promiscMode: true, mtu: 9000, ipam: kv.CniIpam.whereabouts({ range: 'nope' }), cniVersion: 'v1' });
    new kv.BridgeNetwork(c, 'br2', { metadata: { name: 'br2' }, bridge: 'br/1' });
    new kv.MacvlanNetwork(c, 'mv', { metadata: { name: 'my.net' }, master: vlan, mtu: 9000 });
    new kv.SriovNetwork(c, 'sr', { metadata: { name: 'sr' }, resourceName: 'mlxnics', vlanQoS: 3, minTxRate: 500, maxTxRate: 100 });
    new kv.OvnLayer2Network(c, 'l2', { metadata: { name: 'l2' }, subnets: ['10.0.0.0/16', 'nope'], excludeSubnets: ['10.1.0.0/24'], allowPersistentIps: true });
    new kv.OvnLocalnetNetwork(c, 'ln', { metadata: { name: 'ln', namespace: 'vms' }, vlan: 4095 });
  }],
  ['platform constructs: HyperConverged, migration, Forklift, operator install, data protection', (c) => {
    new kv.HyperConverged(c, 'hco', { metadata: { namespace: 'openshift-cnv' }, memoryOvercommitPercentage: 5, cpuAllocationRatio: 0,
      liveMigration: { parallelOutboundMigrationsPerNode: 0 } });
    new kv.MigrationPolicy(c, 'mp', { maxDowntimeMs: 0, allowPostCopy: true });
    const provider = new kv.ForkliftProvider(c, 'p', { type: kv.ProviderType.VSPHERE, url: 'http://vcenter/sdk', secret: { name: 's' } });
    new kv.StorageMap(c, 'empty', { source: provider });
    new kv.OperatorInstall(c, 'cnv', { namespace: 'Bad_NS' });
    const vm = new kv.VirtualMachine(c, 'rhel', { metadata: { name: 'rhel' }, memory: Size.gibibytes(1), runStrategy: kv.RunStrategy.ALWAYS });
    new kv.VirtualMachineInstanceMigration(c, 'mig', { vm, metadata: { namespace: 'other' } });
    new kv.VirtualMachineRestore(c, 'restore', { snapshot: new kv.VirtualMachineSnapshot(c, 'snap', { vm }), target: vm });
    new kv.VirtualMachineExport(c, 'export', { source: vm, metadata: { namespace: 'backup' } });
  }],
  ['instancetypes and preferences', (c) => {
    new kv.ClusterInstancetype(c, 'it', { cpu: 0, memory: Size.gibibytes(1), memoryOvercommitPercent: 150, isolateEmulatorThread: true });
    new kv.ClusterPreference(c, 'pref', { cpuTopology: 'Sockets' as kv.PreferredCpuTopology, spreadOptions: { ratio: 0 }, requirements: { cpu: 0 } });
  }],
];

describe('construct-time findings come from the shared rules or the construct-only list', () => {
  test('the construct-only ids are not validator rule ids', () => {
    expect([...CONSTRUCT_ONLY].filter((id) => SHARED.has(id))).toEqual([]);
    for (const id of CONSTRUCT_ONLY) expect(id).toMatch(/^construct-/);
  });

  test.each(BAD)('%s', (_what, build) => {
    const c = chart();
    build(c);
    const found = findings(c);
    expect(found.filter((f) => f.severity === 'error').length).toBeGreaterThanOrEqual(3);
    for (const f of found) {
      expect({ line: f.line, known: f.id !== undefined && (SHARED.has(f.id) || CONSTRUCT_ONLY.has(f.id)) }).toEqual({ line: f.line, known: true });
      // One severity per shared id: an error at synth is an error in `validate`, a warning a warning.
      if (SHARED.has(f.id!)) expect({ id: f.id, severity: f.severity }).toEqual({ id: f.id, severity: SHARED.get(f.id!) });
    }
  });

  test('the platform constructs report under their own construct-only ids, with one severity each', () => {
    const c = chart();
    BAD.find(([what]) => what.startsWith('platform constructs'))![1](c);
    const found = findings(c);
    const ids = (severity: string) => [...new Set(found.filter((f) => f.severity === severity).map((f) => f.id))].sort();
    expect(ids('error')).toEqual(expect.arrayContaining(['construct-data-protection-ref', 'construct-forklift-map', 'construct-forklift-provider',
      'construct-hco-values', 'construct-migration-policy-values', 'construct-operator-install', 'construct-vmi-migration-values']));
    expect(ids('warning')).toContain('construct-restore-target-running');
    expect(ids('error').filter((id) => ids('warning').includes(id))).toEqual([]);
  });

  test('the isolated emulator thread and the RWO claim agree with `validate`', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { metadata: { name: 'vm' }, memory: Size.gibibytes(1), isolateEmulatorThread: true, evictionStrategy: kv.EvictionStrategy.LIVE_MIGRATE })
      .addDisk('t', kv.DiskSource.dataVolumeTemplate({ source: kv.DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [kv.AccessMode.READ_WRITE_ONCE] }));
    const found = findings(c);
    expect(found.filter((f) => f.id === 'vmi-isolate-emulator-requires-dedicated').map((f) => f.severity)).toEqual(['error']);
    expect(found.filter((f) => f.id === 'vm-livemigrate-storage-rwx').map((f) => f.severity)).toEqual(['warning']);
  });

  test('construct code names no shared rule id and only documented construct-only ids', () => {
    const lib = path.join(__dirname, '..', '..', 'lib');
    const files = FAMILIES.flatMap((family) => fs.readdirSync(path.join(lib, family)).filter((f) => f.endsWith('.ts')).map((f) => path.join(lib, family, f)));
    const problems: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/'((?:construct|vm|vmi|dv|it|pref|nad|nncp|nmstate|xo)-[a-z0-9-]+)'|\[((?:vm|vmi|dv|it|pref|nad|nncp|nmstate|xo|construct)-[a-z0-9-]+)\]/g)) {
        const id = m[1] ?? m[2];
        if (SHARED.has(id)) problems.push(`${path.relative(lib, file)}: shared rule id ${id}`);
        else if (id.startsWith('construct-') && !CONSTRUCT_ONLY.has(id)) problems.push(`${path.relative(lib, file)}: undocumented ${id}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
