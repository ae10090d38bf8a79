// The checks that stay in the constructs: each needs typed construct state the rendered object
// does not carry (another construct's settings, a name the chart has not resolved, a typed
// enum a JavaScript caller can bypass). Everything else is a rule of the validator, run on the
// rendered object (resource.ts), so one rule id has one implementation and one severity.
// These ids never collide with the validator's rule ids (a test enforces both).

/** Construct-only check ids and what each checks. */
export const CONSTRUCT_CHECKS = {
  'construct-object-name': 'A VM, pool or DataVolume named by its construct path has a DNS-1123 label name (at most 63 characters, 57 for a pool) that no other object of its kind and namespace in the app has.',
  'construct-dv-template-name-unique': 'Two disks of one VM render the same DataVolume template name.',
  'construct-dv-volume-mode-valid': 'The volume mode is one of the VolumeMode values.',
  'construct-dv-clone-self': 'A DataVolume does not clone its own PVC.',
  'construct-datasource-source-valid': 'A DataSource points at a named PVC or snapshot (with a namespace), not at itself.',
  'construct-import-cron-valid': 'A DataImportCron is built from a registry DataVolumeSource and sets no contentType (schedule, retention and the managed DataSource are the shared rule dic-spec-valid).',
  'construct-service-port-names': 'Every port of a multi-port Service a VM exposes has a name, a DNS label unique in the Service (the API server refuses the Service otherwise).',
  'construct-hotplug-volume-kind': 'A hot-plugged disk (addHotplugVolume, hotpluggable) is backed by a DataVolume or a PVC, the only volumes KubeVirt hot-plugs.',
  'construct-pool-values': 'A VirtualMachinePool has a whole, non-negative replica count and a positive start-up failure threshold.',
  'construct-pool-shared-claim': 'A disk of a pool with several VMs is not one RWO claim shared by every VM (warning: use a DataVolume template, one disk per VM, or a ReadWriteMany claim).',
  'construct-interface-ports-masquerade': 'Port forwarding is declared only on a masquerade interface.',
  'construct-interface-plugin-name': 'A binding-plugin interface names its plugin.',
  'construct-livemigrate-claim-rwx': 'With evictionStrategy LiveMigrate, a disk on another construct\'s claim (DataVolume, PVC) is ReadWriteMany (warning; templates are checked by vm-livemigrate-storage-rwx).',
  'construct-nad-binding-match': "An interface's binding is the one its NetworkAttachmentDefinition construct takes (SR-IOV only on an SR-IOV network); admission accepts a mismatch, the VM then fails to start.",
  'construct-instancetype-values': 'Instancetype values admission accepts but no VM can use, or KubeVirt ignores silently (guest CPU/memory not positive, maxGuest below guest, maxSockets, supplemental pool threads, emulator thread without dedicated CPUs).',
  'construct-preference-values': 'Preference values admission accepts but KubeVirt ignores or no VM satisfies (spread options without spread, non-positive ratio or requirements, negative grace period).',
  'construct-nmstate-port-ref': 'A port, VLAN base, next-hop interface or OVN bridge given as an object is an interface of the same NodeNetworkPolicy (another policy\'s interface may not exist on these nodes); bridge port VLANs are BridgePortVlan values.',
  'construct-nmstate-ip-static': 'IpConfig.static() gets at least one address, each in CIDR notation (the rendered ip/prefix-length cannot show a missing prefix).',
  'construct-nncp-not-empty': 'A NodeNetworkPolicy configures something: an interface, route, DNS setting or OVN bridge mapping.',
  'construct-nad-node-bridge': "A BridgeNetwork's node bridge is up in its policy construct of this app, or some policy of the app creates it (warning); the bridge carries the NAD's VLAN and MTU (warnings). validate: xo-nad-bridge-has-nncp.",
  'construct-localnet-bridge-mapping': "An OvnLocalnetNetwork's bridge mapping construct is present and names its physical network; without one, some policy of the app maps the network (warning). validate: xo-localnet-bridge-mapping.",
  'construct-macvlan-master': "A MacvlanNetwork's parent interface construct is up, with an MTU at least the network's.",
  'construct-hco-values': 'A HyperConverged construct has a namespace, whole overcommit/allocation ratios, rate limits that match its tuning policy, live-migration limits (whole numbers, a migration NAD in the operator namespace) and golden images each added once and not also disabled.',
  'construct-migration-policy-values': 'A MigrationPolicy has a whole completion timeout, a positive max downtime, post-copy only with workload disruption allowed, and every VM construct added to it still carries its selector labels.',
  'construct-vmi-migration-values': 'A VirtualMachineInstanceMigration names a VM (a DNS name) that is not Halted, in its own namespace.',
  'construct-data-protection-ref': 'A snapshot, restore, clone or export refers to a VM (or source) in its own namespace by a valid name; a clone maps MAC addresses only of interfaces its source VM has; an export has a Secret name for its token and a TTL of at least one second.',
  'construct-restore-target-running': 'A restore targets a VM construct that is not running (warning: KubeVirt restores only a stopped VM).',
  'construct-forklift-provider': 'A Forklift Provider has a known type, a URL of the form its type takes, vSphere-only settings only on vSphere, and a credentials Secret.',
  'construct-forklift-map': 'A Forklift network or storage map maps something, each source once.',
  'construct-forklift-plan': 'A Forklift Plan moves at least one VM (DNS-label target names), warm only from vSphere/oVirt, static IPs only from vSphere, maps of its own provider, a transfer network and NADs in the target namespace; a Migration cut-over only for warm plans.',
  'construct-operator-install': 'An OperatorGroup, Subscription or Namespace of an operator install has namespace names, package/source/CSV names, a channel and an approval mode the API takes, and a namespace where one is needed.',
  'construct-route-values': 'A Route (or the Ingress fallback) targets a port its Service exposes, with a DNS host, a path starting with / (not on passthrough) and an insecure-edge policy only with TLS.',
  'construct-vm-namespace-values': 'A VM namespace has an RFC 1123 name, a quota that fits at least one VM, whole non-negative counts and capacity shapes that render.',
  'construct-template-parameters': 'A VirtualMachineTemplate has each parameter once, with an upper-case name, and a generated value only with its `from` expression.',
  'construct-template-os-combination': 'The OS, workload and flavor of a VirtualMachineTemplate are a combination common-templates offer (warning).',
  'construct-template-validation-rules': 'The template\'s own VM and each VM instantiated from it pass the template\'s `vm.kubevirt.io/validations` rules, which are well-formed.',
  'construct-template-validation-advice': 'A VM instantiated from a template meets its justWarning validation rules (warning).',
  'construct-grafana-dashboard': "A Grafana dashboard has a uid by Grafana's rule that makes a ConfigMap name, and panels, each with a query.",
} as const;

/** An id of a check that stays in the constructs. */
export type ConstructCheckId = keyof typeof CONSTRUCT_CHECKS;

/** `<path>: <message> [<id>]`, the construct-validation message style. */
export function constructCheck(path: string, message: string, id: ConstructCheckId): string {
  return `${path}: ${message} [${id}]`;
}

const TRAILING_ID = /\[[a-z0-9]+(?:-[a-z0-9]+)+\]$/;

/**
 * Ends each message with `[id]` unless it already names one (messages of nested constructs keep
 * theirs): for a construct whose own validate() checks all fall under one construct-only id.
 */
export function withCheckId(messages: readonly string[], id: ConstructCheckId): string[] {
  return messages.map((m) => (TRAILING_ID.test(m) ? m : `${m} [${id}]`));
}
