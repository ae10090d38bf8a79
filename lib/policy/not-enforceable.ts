// Why a catalog rule has no CEL translation. A ValidatingAdmissionPolicy sees one object (plus its
// params), has no JSON or base64 decoding, and its expressions run under the apiserver's cost limits.
import { NotEnforceable, NotEnforceableReason } from './types';

const r = (reason: NotEnforceableReason, why: string): NotEnforceable => ({ reason, why });
const cross = (why: string) => r('cross-object', why);
const state = (why: string) => r('cluster-state', why);
const cel = (why: string) => r('cel-limits', why);
const later = (why: string) => r('untranslated', why);
const NAD_JSON = 'reads the CNI config inside spec.config, a JSON string: Kubernetes CEL has no JSON decoding';

export const NOT_ENFORCEABLE: Readonly<Record<string, NotEnforceable>> = {
  'vm-instancetype-cpu-conflict': state('compares the template with the referenced instancetype object, which the VM admission request does not carry'),
  'vm-instancetype-memory-conflict': state('compares the template with the referenced instancetype object, which the VM admission request does not carry'),
  'vm-instancetype-other-conflict': state('compares the template with the referenced instancetype object, which the VM admission request does not carry'),
  'vm-flavor-matcher-valid': later('name/inferFromVolume/kind/failure-policy combinations: expressible in CEL, not translated yet'),
  'vm-infer-volume-exists': later('a lookup of the named volume in the template: expressible in CEL, not translated yet'),
  'vm-infer-volume-supported': state('a DataVolume outside the template is judged from that object, which the VM admission request does not carry'),
  'vm-infer-ignore-memory-fallback': later('a warning on a missing memory fallback: expressible in CEL, not translated yet'),
  'vm-memory-hotplug-valid': state("depends on the cluster's VM rollout strategy (KubeVirt CR), which the VM admission request does not carry"),
  'vm-hotplug-disk-valid': later('the bus of the disk of each hotpluggable volume: expressible in CEL, not translated yet'),
  'vm-preference-requirements': state('needs the referenced preference and instancetype objects'),
  'vm-preference-spread-divisible': state('needs the referenced preference and instancetype objects'),
  'vm-permitted-host-device': state("needs the cluster's KubeVirt or HyperConverged CR (permittedHostDevices), not part of the request"),
  'vm-binding-plugin-registered': state("needs the cluster's KubeVirt CR (network.binding), not part of the request"),
  'vm-persistent-state-storage': state("needs the cluster's KubeVirt or HyperConverged CR and its StorageClasses"),
  'vmi-cloudinit-plaintext-password': cel('needs base64 decoding of userDataBase64 and line-by-line YAML value inspection (CEL has no base64 decoding)'),
  'nmstate-port-exists': state("needs the nodes' NIC inventory (NodeNetworkState), not part of the request"),
  'nmstate-iface-values': later('kernel names, MAC syntax, duplicates and value ranges: expressible in CEL, not translated yet'),
  'nmstate-bond-option-ranges': later('bond option ranges, enums and mode constraints: expressible in CEL, not translated yet'),
  'nad-interface-names-valid': cel(NAD_JSON),
  'nad-plugin-values': cel(NAD_JSON),
  'nad-ovn-persistent-ips-subnets': cel(NAD_JSON),
  'nad-ipam-valid': cel(NAD_JSON),
  'dic-spec-valid': cel('parses the schedule with the cron grammar CDI uses (gorhill/cronexpr: 5-7 fields, L, W, #, names); a CEL regex would only approximate it'),
  'nad-config-json': cel(NAD_JSON),
  'nad-config-type-required': cel(NAD_JSON),
  'nad-conflist-valid': cel(NAD_JSON),
  'nad-config-best-practice': cel(NAD_JSON),
  'nad-bridge-vlan-range': cel(NAD_JSON),
  'nad-bridge-resource-match': cel(NAD_JSON),
  'nad-ovn-netattachdefname-match': cel(NAD_JSON),
  'nad-sriov-resource-name': cel(NAD_JSON),
  'vmrestore-patch-paths': cel('parses each spec.patches entry, a JSON patch held in a string: Kubernetes CEL has no JSON decoding'),
  'vmclone-source-target': cel('also checks that each spec.patches entry parses as JSON: Kubernetes CEL has no JSON decoding'),
  'hco-live-migration-defaults-pinned': r('advice', 'an info finding (a reminder about defaults), not an admission decision'),
  'xo-multus-nad-exists': cross('looks up the NetworkAttachmentDefinition a VM network names'),
  'xo-nad-bridge-has-nncp': cross('looks for the NNCP that creates the bridge a NAD names'),
  'xo-nad-ovs-bridge-has-nncp': cross('looks for the NNCP that creates the OVS bridge a NAD names'),
  'xo-localnet-bridge-mapping': cross("looks for the NNCP whose ovn.bridge-mappings map a localnet NAD's network"),
  'xo-sriov-binding-nad': cross('looks up the NAD an sriov interface attaches to'),
  'xo-instancetype-exists': cross('looks up the referenced instancetype'),
  'xo-preference-exists': cross('looks up the referenced preference'),
  'xo-datasource-exists': cross('looks up DataSources, PVCs and snapshots a DataVolume clones from'),
  'xo-volume-claim-exists': cross('looks up the DataVolumes and PVCs VM volumes name'),
  'xo-secret-configmap-exists': cross('looks up the Secrets and ConfigMaps a VM refers to'),
  'xo-duplicate-object': cross('compares objects with each other (the apiserver refuses duplicates itself)'),
  'xo-dv-name-collision': cross('compares VM dataVolumeTemplates with standalone DataVolumes and PVCs'),
  'vm-livemigrate-storage-rwx': cross('reads the access modes of the PVCs and DataVolumes a VM uses'),
  'xo-data-protection-source-exists': cross('looks up the VMs and snapshots that snapshots, clones and exports name'),
  'xo-restore-target-exists': cross('looks up the VM a restore targets'),
  'xo-forklift-references-exist': cross("looks up a Forklift plan's provider, maps and NADs"),
};
