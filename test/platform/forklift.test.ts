import { Testing } from 'cdk8s';
import {
  BridgeNetwork, ForkliftMigration, ForkliftPlan, ForkliftProvider, MigrationType, NetworkDestination, NetworkMap,
  NodeNetworkPolicy, ProviderType, StorageMap, VmNamespace, DEPENDS_ON_ANNOTATION, parseDependsOn,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

function estate(netNamespace = 'vms') {
  const c = Testing.chart();
  const policy = new NodeNetworkPolicy(c, 'nncp', { metadata: { name: 'br1-policy' } });
  const br1 = policy.addLinuxBridge('br1', { ports: ['bond1'] });
  const net = new BridgeNetwork(c, 'br1-public', { metadata: { name: 'br1-public', namespace: netNamespace }, bridge: br1 });
  const vsphere = new ForkliftProvider(c, 'vsphere', {
    metadata: { name: 'vcenter', namespace: 'openshift-mtv' }, type: ProviderType.VSPHERE, url: 'https://vcenter.lab/sdk',
    secret: { name: 'vcenter-credentials' }, vddkInitImage: 'registry.lab/vddk:8.0',
  });
  const networks = new NetworkMap(c, 'nets', { metadata: { name: 'vcenter-networks', namespace: 'openshift-mtv' }, source: vsphere });
  networks.addMapping({ name: 'VM Network' }, NetworkDestination.multus(net));
  networks.addMapping({ id: 'network-17' }, NetworkDestination.pod());
  const storage = new StorageMap(c, 'ds', { metadata: { name: 'vcenter-datastores', namespace: 'openshift-mtv' }, source: vsphere });
  storage.addMapping({ name: 'datastore1' }, { storageClass: 'managed-nfs-storage', accessMode: 'ReadWriteMany', volumeMode: 'Filesystem' });
  return { c, net, vsphere, networks, storage };
}

describe('Forklift', () => {
  test('provider, maps onto a NAD construct and a storage class, a warm plan preserving IPs, a migration; all schema-valid and ordered', () => {
    const { c, net, vsphere, networks, storage } = estate();
    const ns = new VmNamespace(c, 'vms', { name: 'vms', spareVirtualMachines: 5 });
    const plan = new ForkliftPlan(c, 'plan', {
      metadata: { name: 'lab-import', namespace: 'openshift-mtv' }, provider: vsphere, networkMap: networks, storageMap: storage,
      targetNamespace: ns, type: MigrationType.WARM, preserveStaticIPs: true, transferNetwork: net,
      vms: [{ name: 'web01', targetName: 'web01' }, { id: 'vm-2044', targetPowerState: 'on' }], targetLabels: { imported: 'vmware' },
    });
    new ForkliftMigration(c, 'go', { metadata: { name: 'lab-import-1', namespace: 'openshift-mtv' }, plan, cutover: new Date('2026-12-05T22:00:00Z') });
    const objs = synthYaml(c);
    expectSchemaValid(objs.filter((o) => o.apiVersion.startsWith('forklift')));
    const by = (k: string) => objs.find((o) => o.kind === k);
    expect(by('Provider').spec).toEqual({
      type: 'vsphere', url: 'https://vcenter.lab/sdk', secret: { name: 'vcenter-credentials', namespace: 'openshift-mtv' },
      settings: { vddkInitImage: 'registry.lab/vddk:8.0', sdkEndpoint: 'vcenter' },
    });
    expect(by('NetworkMap').spec).toEqual({
      provider: { source: { name: 'vcenter', namespace: 'openshift-mtv' }, destination: { name: 'host', namespace: 'openshift-mtv' } },
      map: [
        { source: { name: 'VM Network' }, destination: { type: 'multus', name: 'br1-public', namespace: 'vms' } },
        { source: { id: 'network-17' }, destination: { type: 'pod' } },
      ],
    });
    expect(by('StorageMap').spec.map).toEqual([{ source: { name: 'datastore1' }, destination: { storageClass: 'managed-nfs-storage', accessMode: 'ReadWriteMany', volumeMode: 'Filesystem' } }]);
    expect(by('Plan').spec).toEqual({
      provider: { source: { name: 'vcenter', namespace: 'openshift-mtv' }, destination: { name: 'host', namespace: 'openshift-mtv' } },
      map: { network: { name: 'vcenter-networks', namespace: 'openshift-mtv' }, storage: { name: 'vcenter-datastores', namespace: 'openshift-mtv' } },
      targetNamespace: 'vms', type: 'warm', vms: [{ name: 'web01', targetName: 'web01' }, { id: 'vm-2044', targetPowerState: 'on' }],
      transferNetwork: { name: 'br1-public', namespace: 'vms' }, preserveStaticIPs: true, targetLabels: { imported: 'vmware' },
    });
    expect(by('Migration').spec).toEqual({ plan: { name: 'lab-import', namespace: 'openshift-mtv' }, cutover: '2026-12-05T22:00:00Z' });
    const deps = parseDependsOn(by('Plan').metadata.annotations[DEPENDS_ON_ANNOTATION]).map((d) => `${d.kind}/${d.name}`);
    expect(deps).toEqual(expect.arrayContaining(['Provider/vcenter', 'NetworkMap/vcenter-networks', 'StorageMap/vcenter-datastores',
      'Namespace/vms', 'NetworkAttachmentDefinition/br1-public']));
    const kinds = objs.map((o) => o.kind);
    expect(kinds.indexOf('NetworkAttachmentDefinition')).toBeLessThan(kinds.indexOf('NetworkMap'));
    expect(kinds.indexOf('Plan')).toBeLessThan(kinds.indexOf('Migration'));
  });

  test('the plan controller\'s checks, offline', () => {
    const { c, vsphere, networks, storage } = estate('other');
    const ova = new ForkliftProvider(c, 'ova', { metadata: { name: 'ova' }, type: ProviderType.OVA, url: 'nfs.lab:/exports/ova', secret: { name: 'ova' } });
    const plan = new ForkliftPlan(c, 'p', {
      provider: ova, networkMap: networks, storageMap: storage, targetNamespace: 'Bad_NS', type: MigrationType.WARM, preserveStaticIPs: true,
      vms: [{ name: 'a' }, { name: 'a' }, {}],
    });
    new ForkliftMigration(c, 'm', { plan, cutover: new Date() });
    const err = synthError(c);
    expect(err).toMatch(/spec\.targetNamespace: 'Bad_NS' is not a valid namespace \(Forklift: NamespaceNotValid\) \[forklift-plan-valid\]/);
    expect(err).toMatch(/spec\.vms\[1\]: 'a' is listed twice \(Forklift: DuplicateVM\) \[forklift-plan-valid\]/);
    expect(err).toMatch(/spec\.vms\[2\]: either id or name is required \(Forklift: VMRefNotValid\) \[forklift-plan-valid\]/);
    expect(err).toMatch(/warm migration is supported from vSphere and oVirt providers, not ova/);
    expect(err).toMatch(/static IPs are preserved for vSphere sources only, not ova/);
    expect(err).toMatch(/the network map 'vcenter-networks' maps provider 'vcenter', not the plan's 'ova'/);
    expect(err).toMatch(/NetworkAttachmentDefinition 'other\/br1-public' is outside the target namespace 'Bad_NS'/);
    expect(vsphere.type).toBe('vsphere');
  });

  test.each([
    [{ type: ProviderType.VSPHERE, url: 'http://vcenter/sdk' }, /a vsphere provider takes an https:\/\/ URL/],
    [{ type: ProviderType.OVA, url: 'https://x' }, /an OVA provider takes an NFS export 'server:\/path'/],
    [{ type: ProviderType.OVIRT, url: 'https://engine/ovirt-engine/api', vddkInitImage: 'x' }, /vddkInitImage and sdkEndpoint apply to vSphere providers only/],
  ])('provider %j is refused', (props, message) => {
    const c = Testing.chart();
    new ForkliftProvider(c, 'p', { secret: { name: 's' }, ...props });
    expect(synthError(c)).toMatch(message);
  });

  test('maps: empty, two sources on the pod network, a source without id or name', () => {
    const c = Testing.chart();
    const p = new ForkliftProvider(c, 'p', { type: ProviderType.OVIRT, url: 'https://engine/api', secret: { name: 's' } });
    new StorageMap(c, 'empty', { source: p });
    const nets = new NetworkMap(c, 'n', { source: p });
    nets.addMapping({ name: 'a' }, NetworkDestination.pod());
    nets.addMapping({ name: 'b' }, NetworkDestination.pod());
    nets.addMapping({}, NetworkDestination.ignored());
    const err = synthError(c);
    expect(err).toMatch(/the StorageMap maps nothing/);
    expect(err).toMatch(/more than one source network maps to the pod network .*\[forklift-networkmap-valid\]/);
    expect(err).toMatch(/spec\.map\[2\]\.source: the source needs an id, a name or a type \[forklift-networkmap-valid\]/);
  });
});
