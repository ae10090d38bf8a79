import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { buildLab } from '../../examples/lab';
import { formatImportReport } from '../../lib/import';
import { loadPaths } from '../../lib/manifests';
import { REPO_ROOT, roundTrip, RoundTripSet } from './round-trip';

const CORPUS = path.join(REPO_ROOT, 'test/fixtures/validation/corpus');
const OWN = path.join(REPO_ROOT, 'test/fixtures/import');

function fromPaths(name: string, paths: string[]): RoundTripSet {
  const loaded = loadPaths(paths);
  if (loaded.problems.length > 0) throw new Error(`${name}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return { name, inputs: loaded.sources.map((s) => ({ object: s.object, origin: `${path.relative(REPO_ROOT, s.file ?? '')}:${s.line}` })) };
}

function seedLab(): RoundTripSet {
  const app = new App({ yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildLab(app);
  const objects = app.charts.flatMap((c) => c.toJson());
  return { name: 'seed-lab', inputs: objects.map((o, i) => ({ object: o, origin: `seed lab #${i}` })) };
}

describe('import round trip', () => {
  const workDir = path.join(REPO_ROOT, 'build', 'import-round-trip');
  const corpus = fs.readdirSync(CORPUS).filter((d) => /^(valid|warn)-/.test(d)).sort()
    .map((d) => fromPaths(d, [path.join(CORPUS, d)]));
  // The importer's own sets: kinds the validation corpus has few of, in the forms their constructs carry.
  const own = fs.readdirSync(OWN).sort().map((d) => fromPaths(`import-${d}`, [path.join(OWN, d)]));
  const sets = [seedLab(), fromPaths('estate', [path.join(REPO_ROOT, 'test/fixtures/validation/estate')]), ...corpus, ...own];
  const { outcomes, diagnostics } = roundTrip(sets, workDir);
  // The report over every set, kept for reading (the escape hatch by kind, as the CLI prints it).
  fs.writeFileSync(path.join(workDir, 'report.txt'), `${formatImportReport(outcomes.flatMap((o) => o.result.objects), { verbose: true })}\n`);
  fs.writeFileSync(path.join(workDir, 'report-shared-fixtures.txt'),
    `${formatImportReport(outcomes.filter((o) => !o.name.startsWith('import-')).flatMap((o) => o.result.objects))}\n`);

  test('the generated code compiles under strict TypeScript', () => {
    expect(diagnostics).toEqual([]);
  });

  test.each(sets.map((s) => s.name))('%s synthesizes back to its input, object by object', (name) => {
    const outcome = outcomes.find((o) => o.name === name)!;
    expect(outcome.compared.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(outcome.extra).toEqual([]);
    expect(outcome.compared.length).toBeGreaterThan(0);
  });

  test('the seed lab is written with L2 constructs, profiles and references, and no escape hatch', () => {
    const outcome = outcomes.find((o) => o.name === 'seed-lab')!;
    const l2 = outcome.result.objects.filter((o) => o.construct !== 'ApiObject');
    expect(l2.map((o) => `${o.kind}/${o.name}:${o.patchFields}`)).toEqual(expect.arrayContaining([
      'VirtualMachine/rhel:0', 'VirtualMachine/fedora01:0', 'VirtualMachine/windows2019:0', 'DataVolume/rhel-rootdisk:0',
      'NetworkAttachmentDefinition/br1-public:0', 'NodeNetworkConfigurationPolicy/worker-bond1:0', 'NodeNetworkConfigurationPolicy/worker-bond1-br1:0',
    ]));
    const vms = fs.readFileSync(path.join(workDir, 'seed-lab', 'vms.ts'), 'utf8');
    expect(vms).toContain('os: kv.OsProfile.RHEL_9');
    expect(vms).toContain('flavor: kv.Flavor.SMALL');
    expect(vms).toContain("rhel.addDisk('rootdisk', kv.DiskSource.dataVolume(rhelRootdisk), { bootOrder: 1 });");
    expect(vms).toContain("rhel.addInterface('nic-0', kv.Interface.bridge(br1Public));");
    expect(vms).toContain('bridge: cluster.br1');
  });

  test('a VM as people write it (no template labels, a volume without a disk, a NIC without a model) needs no escape hatch', () => {
    const outcome = outcomes.find((o) => o.name === 'valid-json-manifests')!;
    expect(outcome.result.objects.find((o) => o.name === 'json-vm')!.patch).toEqual([]);
    const apps = fs.readFileSync(path.join(workDir, 'valid-json-manifests', 'apps.ts'), 'utf8');
    expect(apps).toContain('select: false');
    expect(apps).toContain('explicitInterfaceModel: false');
    expect(apps).toContain("jsonVm.addVolume('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));");
  });

  test('pinned revisions, inference with a failure policy, disk-less and hot-plugged volumes are written with the API', () => {
    const outcome = outcomes.find((o) => o.name === 'import-vm-shapes')!;
    expect(outcome.result.objects.map((o) => `${o.name}:${o.patch.map((p) => p.path).join(',')}`).sort()).toEqual([
      'inferred-lenient:/spec/template/spec/domain/devices/autoattachPodInterface', 'pinned:',
    ]);
    const shapes = fs.readFileSync(path.join(workDir, 'import-vm-shapes', 'shapes.ts'), 'utf8');
    expect(shapes).toContain("instancetype: kv.InstancetypeRef.of(kv.CommonInstancetype.U1_MEDIUM, { revisionName: 'pinned-u1.medium-v1beta1-1' })");
    expect(shapes).toContain("kv.PreferenceRef.inferFromVolume('root', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE })");
    expect(shapes).toContain("pinned.addVolume('data', kv.DiskSource.persistentVolumeClaim('shop-data'), { hotpluggable: true });");
    expect(shapes).toContain('volumeOnly: true');
  });

  test('node policies with routes, DNS or OVN bridge mappings (and no interface) are NodeNetworkPolicy constructs', () => {
    const localnet = outcomes.find((o) => o.name === 'valid-ovn-localnet')!.result.objects.find((o) => o.kind === 'NodeNetworkConfigurationPolicy')!;
    expect(`${localnet.construct}:${localnet.rawFields}`).toBe('kv.NodeNetworkPolicy:0');
    const cluster = fs.readFileSync(path.join(workDir, 'valid-nncp-vlan-bridge', 'cluster.ts'), 'utf8');
    // the next hop is the bridge of the same policy, by reference
    expect(cluster).toContain("vlan200Bridge.addRoute({ destination: '10.30.0.0/16', nextHopAddress: '10.20.0.1', nextHopInterface: br200 });");
    expect(cluster).toContain("vlan200Bridge.setDns({ servers: ['10.20.0.1'] });");
  });

  test('CPU requests and limits are written with cdk8s-plus Cpu values, as the resources prop takes them', () => {
    const q = fs.readFileSync(path.join(workDir, 'valid-quantities', 'q.ts'), 'utf8');
    expect(q).toContain("import * as plus from 'cdk8s-plus-27';");
    expect(q).toContain('cpu: { request: plus.Cpu.millis(500), limit: plus.Cpu.units(1) }');
    const ml = outcomes.find((o) => o.name === 'valid-gpu-no-livemigrate')!.result.objects.find((o) => o.kind === 'VirtualMachine')!;
    expect(ml.patch.map((p) => p.path)).not.toContain('/spec/template/spec/domain/resources/requests/cpu');
  });

  test('instancetypes and preferences are L2 constructs, and a VM refers to the imported ones', () => {
    const outcome = outcomes.find((o) => o.name === 'import-flavors')!;
    expect(outcome.result.objects.map((o) => `${o.kind}/${o.name}:${o.construct}`)).toEqual(expect.arrayContaining([
      'VirtualMachineClusterInstancetype/db-large:kv.ClusterInstancetype', 'VirtualMachineClusterInstancetype/gpu-medium:kv.ClusterInstancetype',
      'VirtualMachineClusterPreference/windows-desktop:kv.ClusterPreference', 'VirtualMachineInstancetype/app-small:kv.Instancetype',
      'VirtualMachinePreference/app-linux:kv.Preference',
    ]));
    const apps = fs.readFileSync(path.join(workDir, 'import-flavors', 'apps.ts'), 'utf8');
    expect(apps).toContain('instancetype: appSmall');
    expect(apps).toContain('preference: appLinux');
    expect(apps).toContain('firmware: kv.PreferenceFirmware.biosWithSerialOutput()');
  });

  test('macvlan, OVN and SR-IOV attachments are L2 constructs, and the VM NICs refer to them', () => {
    const outcome = outcomes.find((o) => o.name === 'import-networks')!;
    expect(outcome.result.objects.map((o) => `${o.name}:${o.construct}:${o.patchFields + o.rawFields}`).sort()).toEqual([
      'east-west:kv.OvnLayer2Network:0', 'fast-vf:kv.SriovNetwork:0', 'router:kv.VirtualMachine:0',
      'storage-macvlan:kv.MacvlanNetwork:0', 'tenant-localnet:kv.OvnLocalnetNetwork:0',
    ]);
    const net = fs.readFileSync(path.join(workDir, 'import-networks', 'net.ts'), 'utf8');
    expect(net).toContain("router.addInterface('fast', kv.Interface.sriov(fastVf));");
    expect(net).toContain("router.addInterface('tenant', kv.Interface.bridge(tenantLocalnet));");
  });

  test('a VirtualMachinePool is written with the pool construct, its VM template like a VM', () => {
    const outcome = outcomes.find((o) => o.name === 'import-pools')!;
    const pool = outcome.result.objects.find((o) => o.kind === 'VirtualMachinePool')!;
    expect(pool.construct).toBe('kv.VirtualMachinePool');
    // Only the served version differs (the construct writes the newer one).
    expect(pool.patch.map((p) => p.path)).toEqual(['/apiVersion']);
    const web = fs.readFileSync(path.join(workDir, 'import-pools', 'web.ts'), 'utf8');
    expect(web).toContain("vmLabels: { tier: 'frontend' }");
    expect(web).toContain("webVirtualmachinepool.addInterface('web', kv.Interface.bridge(webVlan));");
  });

  test('VM templates are written with the template construct: console props, the VM like a VM, parameters, other objects', () => {
    const outcome = outcomes.find((o) => o.name === 'import-templates')!;
    expect(outcome.result.objects.map((o) => `${o.kind}/${o.name}:${o.construct}`).sort()).toEqual([
      'DataSource/fedora:kv.DataSource', 'DataSource/web-image:kv.DataSource',
      'Template/fedora-server-small:kv.VirtualMachineTemplate', 'Template/sized-by-parameters:kv.VirtualMachineTemplate',
      'Template/web-server:kv.VirtualMachineTemplate', 'VirtualMachineTemplate/cirros-tiny:kv.VirtualMachineTemplate',
    ]);
    const fedora = fs.readFileSync(path.join(workDir, 'import-templates', 'openshift.ts'), 'utf8');
    expect(fedora).toContain("operatingSystems: [{ id: 'fedora', name: 'Fedora Linux' }]");
    expect(fedora).toContain('os: kv.OsProfile.FEDORA');
    expect(fedora).toContain("fedoraServerSmall.addDisk('rootdisk', kv.DiskSource.dataSource({ name: '${DATA_SOURCE_NAME}', namespace: '${DATA_SOURCE_NAMESPACE}' }, { name: '${NAME}', size: Size.gibibytes(30) }));");
    expect(fedora).toContain("fedoraServerSmall.addParameter({ name: 'DATA_SOURCE_NAME', description: 'Name of the DataSource to clone', value: 'fedora' });");
    const tenant = fs.readFileSync(path.join(workDir, 'import-templates', 'tenant-templates.ts'), 'utf8');
    // The imported DataSource is referenced by its construct; the Service goes through addObject.
    expect(tenant).toContain("webServer.addDisk('root', kv.DiskSource.dataSource(webImage, { size: Size.gibibytes(20) }), { bootOrder: 1 });");
    expect(tenant).toContain('webServer.addObject({');
    expect(tenant).toContain('format: kv.VmTemplateFormat.KUBEVIRT');
    expect(tenant).toContain("}, { beforeVm: true });");
    // A volume without a disk is written with the template's addVolume(), not patched.
    expect(tenant).toContain("cirrosTiny.addVolume('tools', kv.DiskSource.containerDisk('quay.io/kubevirt/alpine-container-disk-demo'));");
    expect(outcome.result.objects.find((o) => o.name === 'cirros-tiny')!.patch.filter((p) => /volumes|disks/.test(p.path))).toEqual([]);
    // Parameters in typed fields go through the escape hatch.
    const sized = outcome.result.objects.find((o) => o.name === 'sized-by-parameters')!;
    expect(sized.patch.map((p) => p.path)).toEqual(expect.arrayContaining(['/objects/1/spec/template/spec/domain/memory']));
    const web = outcome.result.objects.find((o) => o.name === 'web-server')!;
    // Only the VM's own pod labels are patched (the VM construct writes them for every VM).
    expect(web.patch.every((p) => p.path.startsWith('/objects/0/spec/template/metadata/labels/'))).toBe(true);
  });
});
