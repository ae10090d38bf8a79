import { clusterInstancetype, clusterPreference, configMap, dataSource, dv, nad, nncp, pvc, secret, vm, vmOnNad, vmSpec, vmWithInstancetype } from '../fixtures';
import { RuleCase } from './types';

const ovsNad = nad({ cniVersion: '0.3.1', name: 'ovs', type: 'ovs', bridge: 'br-ovs' }, (o) => { delete o.metadata.annotations; }, 'ovs-net');
const localnetNad = nad({ cniVersion: '0.3.1', name: 'physnet', type: 'ovn-k8s-cni-overlay', topology: 'localnet', netAttachDefName: 'vms/localnet' }, (o) => { delete o.metadata.annotations; }, 'localnet');
const sriovNad = nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }, (o) => { o.metadata.annotations['k8s.v1.cni.cncf.io/resourceName'] = 'openshift.io/nics'; }, 'sriov-net');
const fedoraCron = {
  apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataImportCron', metadata: { name: 'fedora-cron', namespace: 'vms' },
  spec: { managedDataSource: 'fedora', schedule: '0 */12 * * *', template: { spec: { source: { registry: { url: 'docker://quay.io/containerdisks/fedora:latest' } }, storage: {} } } },
};
const volume = (vol: any) => vmSpec((s) => { s.volumes.push(vol); });

export const CROSS_CASES: RuleCase[] = [
  {
    rule: 'xo-multus-nad-exists', valid: [[vmOnNad('br1-net'), nad()], [vmOnNad('vms/br1-net'), nad()]],
    invalid: [[vmOnNad('br1-net')], [vmOnNad('other/br1-net'), nad()]], severity: 'warning',
  },
  { rule: 'xo-multus-nad-exists', options: { assumeComplete: true }, valid: [[vmOnNad('br1-net'), nad()]], invalid: [[vmOnNad('br1-net')]], severity: 'error' },
  { rule: 'xo-nad-bridge-has-nncp', severity: 'warning', valid: [[nad(), nncp()]], invalid: [[nad()], [nad(), nncp((o) => { o.spec.desiredState.interfaces[1].name = 'br9'; })]] },
  {
    rule: 'xo-nad-ovs-bridge-has-nncp', options: { assumeComplete: true },
    valid: [[ovsNad, nncp((o) => { o.spec.desiredState.interfaces.push({ name: 'br-ovs', type: 'ovs-bridge', state: 'up', bridge: { port: [{ name: 'eth3' }] } }); })]],
    invalid: [[ovsNad, nncp()]],
  },
  {
    rule: 'xo-localnet-bridge-mapping', options: { assumeComplete: true },
    valid: [[localnetNad, nncp((o) => { o.spec.desiredState.ovn = { 'bridge-mappings': [{ localnet: 'physnet', bridge: 'br-ex' }] }; })]],
    invalid: [[localnetNad, nncp()]],
  },
  { rule: 'xo-sriov-binding-nad', valid: [[vmOnNad('sriov-net', { sriov: {} }), sriovNad]], invalid: [[vmOnNad('br1-net', { sriov: {} }), nad()]] },
  {
    rule: 'xo-instancetype-exists', severity: 'warning',
    valid: [[vmWithInstancetype(), clusterInstancetype()]],
    invalid: [[vmWithInstancetype()], [vmWithInstancetype((o) => { o.spec.instancetype.kind = 'VirtualMachineInstancetype'; }), clusterInstancetype()]],
  },
  {
    rule: 'xo-preference-exists', options: { assumeComplete: true },
    valid: [[vm((o) => { o.spec.preference = { name: 'fedora' }; }), clusterPreference()]],
    invalid: [[vm((o) => { o.spec.preference = { name: 'windows' }; }), clusterPreference()]],
  },
  {
    rule: 'xo-datasource-exists', options: { assumeComplete: true },
    valid: [
      [dv((o) => { delete o.spec.source; o.spec.sourceRef = { kind: 'DataSource', name: 'fedora' }; }), dataSource('fedora'), pvc('fedora-pvc')],
      // A golden image: the DataImportCron creates its managedDataSource.
      [dv((o) => { delete o.spec.source; o.spec.sourceRef = { kind: 'DataSource', name: 'fedora' }; }), fedoraCron],
    ],
    invalid: [
      [dv((o) => { delete o.spec.source; o.spec.sourceRef = { kind: 'DataSource', name: 'fedora' }; })],
      [dv((o) => { delete o.spec.source; o.spec.sourceRef = { kind: 'DataSource', name: 'fedora' }; }), { ...fedoraCron, metadata: { ...fedoraCron.metadata, namespace: 'images' } }],
      [dv((o) => { o.spec.source = { pvc: { namespace: 'vms', name: 'golden' } }; })],
      [dataSource('fedora')],
    ],
  },
  {
    rule: 'xo-volume-claim-exists', options: { assumeComplete: true },
    valid: [[volume({ name: 'data', dataVolume: { name: 'disk1' } }), dv()], [volume({ name: 'data', persistentVolumeClaim: { claimName: 'data' } }), pvc('data')]],
    invalid: [[volume({ name: 'data', dataVolume: { name: 'disk1' } })], [volume({ name: 'data', persistentVolumeClaim: { claimName: 'data' } }), pvc('other')]],
  },
  {
    rule: 'xo-secret-configmap-exists', severity: 'warning',
    valid: [[volume({ name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'ud' } } }), secret('ud')], [volume({ name: 'cfg', configMap: { name: 'app' } }), configMap('app')]],
    invalid: [[volume({ name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'ud' } } })], [volume({ name: 'cfg', configMap: { name: 'app' } }), secret('app')]],
  },
  { rule: 'xo-duplicate-object', valid: [[vm(), vm((o) => { o.metadata.name = 'vm2'; })], [vm(), vm((o) => { o.metadata.namespace = 'other'; })]], invalid: [[vm(), vm()]] },
  {
    rule: 'xo-dv-name-collision', severity: 'warning',
    valid: [[vm((o) => { o.spec.dataVolumeTemplates = [{ metadata: { name: 'root' }, spec: {} }]; o.spec.template.spec.volumes[0] = { name: 'rootdisk', dataVolume: { name: 'root' } }; }), dv()]],
    invalid: [[vm((o) => { o.spec.dataVolumeTemplates = [{ metadata: { name: 'disk1' }, spec: {} }]; o.spec.template.spec.volumes[0] = { name: 'rootdisk', dataVolume: { name: 'disk1' } }; }), dv()]],
  },
];
