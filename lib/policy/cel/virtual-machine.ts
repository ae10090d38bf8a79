// CEL for the VirtualMachine object rules and the VMI spec rules on compute (rules/virtual-machine.ts,
// rules/vmi-compute.ts). `variables.*` are the compute family's (../scopes.ts).
import { CelTranslation } from '../types';
import { and, isQ, list } from './helpers';

const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'];
const RESERVED_LABELS = ['kubevirt.io/created-by', 'kubevirt.io/nodeName', 'kubevirt.io/migrationJobUID',
  'kubevirt.io/migrationTargetNodeName', 'kubevirt.io/schedulable', 'kubevirt.io/install-strategy'];
const INSTANCETYPE_KINDS = ['virtualmachineinstancetype', 'virtualmachineinstancetypes', 'virtualmachineclusterinstancetype', 'virtualmachineclusterinstancetypes'];
const PREFERENCE_KINDS = ['virtualmachinepreference', 'virtualmachinepreferences', 'virtualmachineclusterpreference', 'virtualmachineclusterpreferences'];

const dvTemplates = 'object.?spec.?dataVolumeTemplates.orValue([])';
const evict = "variables.spec.?evictionStrategy.orValue('')";
const q = (e: string) => `quantity(${e})`;

/** `a <= b` for two quantity variables, true when either is absent or malformed (NaN compares false). */
const qLe = (a: string, b: string) => `!(${isQ(a)} && ${isQ(b)}) || ${q(a)}.compareTo(${q(b)}) <= 0`;
const qNonNeg = (a: string) => `!${isQ(a)} || ${q(a)}.compareTo(quantity('0')) >= 0`;
const kindOk = (field: string, kinds: string[]) =>
  `object.?spec.?${field}.?kind.orValue('') == '' || object.spec.${field}.kind.lowerAscii() in ${list(kinds)}`;

export const VIRTUAL_MACHINE_CEL: Readonly<Record<string, CelTranslation>> = {
  'vm-template-required': {
    expression: "has(object.spec) && has(object.spec.template) && has(object.spec.template.spec) && has(object.spec.template.spec.domain) && has(object.spec.template.spec.domain.devices)",
  },
  'vm-runstrategy-required': { expression: '!has(object.spec) || has(object.spec.runStrategy) || has(object.spec.running)' },
  'vm-running-runstrategy-exclusive': { expression: '!(object.?spec.?running.hasValue() && object.?spec.?runStrategy.hasValue())' },
  'vm-runstrategy-valid': { expression: `!object.?spec.?runStrategy.hasValue() || object.spec.runStrategy in ${list(RUN_STRATEGIES)}` },
  'vm-running-deprecated': { expression: '!object.?spec.?running.hasValue() || object.?spec.?runStrategy.hasValue()' },
  'vm-dvtemplate-referenced': {
    // A template's metadata is schemaless in the VM CRD: read it as dyn.
    expression: `${dvTemplates}.all(t, dyn(t).?metadata.?name.orValue('') != '' && variables.volumes.exists(vol, `
      + "vol.?dataVolume.?name.orValue('') == dyn(t).metadata.name || vol.?persistentVolumeClaim.?claimName.orValue('') == dyn(t).metadata.name))",
  },
  'vm-dvtemplate-namespace': {
    expression: `${dvTemplates}.all(t, dyn(t).?metadata.?namespace.orValue('') == '' || object.metadata.?namespace.orValue('') == '' `
      + '|| dyn(t).metadata.namespace == object.metadata.namespace)',
  },
  'vm-instancetype-kind-valid': { expression: and([kindOk('instancetype', INSTANCETYPE_KINDS), kindOk('preference', PREFERENCE_KINDS)]) },
  'vm-template-reserved-labels': { expression: `!variables.labels.exists(k, k in ${list(RESERVED_LABELS)})` },
  'vm-memory-required': {
    expression: 'variables.hasInstancetype || variables.domain.?memory.?guest.hasValue() || variables.domain.?memory.?hugepages.hasValue() '
      + '|| variables.domain.?resources.?requests.?memory.hasValue() || variables.domain.?resources.?limits.?memory.hasValue()',
  },
  'vm-livemigrate-pod-masquerade': {
    expression: `${evict} != 'LiveMigrate' || variables.podDefaulted `
      + "|| 'kubevirt.io/allow-pod-bridge-network-live-migration' in object.metadata.?annotations.orValue({}) "
      + "|| 'kubevirt.io/allow-pod-bridge-network-live-migration' in variables.annotations "
      + "|| variables.ifaces.all(i, !has(i.bridge) || !(i.?name.orValue('') in variables.podNets))",
  },
  'vm-livemigrate-hostdevice': {
    expression: `${evict} != 'LiveMigrate' || (${and([
      'size(variables.devices.?hostDevices.orValue([])) == 0', 'size(variables.devices.?gpus.orValue([])) == 0',
      '!variables.domain.?launchSecurity.?sev.hasValue() && !variables.domain.?launchSecurity.?snp.hasValue() && !variables.domain.?launchSecurity.?tdx.hasValue()',
      'variables.domain.?features.?hypervPassthrough.?enabled.orValue(false) != true'])})`,
  },
  'vm-pod-binding-implicit': {
    // The cluster-wide eviction strategy (KubeVirt CR / HyperConverged) comes from the params.
    expression: `!variables.podDefaulted || !((variables.spec.?evictionStrategy.orValue(params.?data.?clusterEvictionStrategy.orValue(''))) in ['LiveMigrate', 'LiveMigrateIfPossible'])`,
    params: ['clusterEvictionStrategy'],
  },
  'vmi-cpu-request-le-limit': { expression: and([qNonNeg('variables.cpuReq'), qNonNeg('variables.cpuLim'), qLe('variables.cpuReq', 'variables.cpuLim')]) },
  'vmi-memory-resources-valid': {
    expression: and([qNonNeg('variables.memReq'), qNonNeg('variables.memLim'), qLe('variables.memReq', 'variables.memLim'),
      `!${isQ('variables.memReq')} || ${q('variables.memReq')}.compareTo(quantity('0')) <= 0 || ${q('variables.memReq')}.compareTo(quantity('1M')) >= 0`]),
  },
  'vmi-guest-memory-le-limit': { expression: qLe('variables.memGuest', 'variables.memLim') },
  'vmi-hugepages-valid': {
    expression: "!variables.domain.?memory.?hugepages.hasValue() || [string(variables.domain.memory.hugepages.?pageSize.orValue(''))].all(ps, "
      + `${isQ('ps')} && ${q('ps')}.compareTo(quantity('0')) > 0 && [variables.memReq != '' ? variables.memReq : variables.memGuest != '' ? variables.memGuest : variables.memLim].all(mem, `
      + `!${isQ('mem')} || (${q('mem')}.compareTo(${q('ps')}) >= 0 && (!${q('mem')}.isInteger() || !${q('ps')}.isInteger() || ${q('mem')}.asInteger() % ${q('ps')}.asInteger() == 0))))`,
  },
  'vmi-dedicated-cpu-valid': {
    expression: 'variables.cpu.?dedicatedCpuPlacement.orValue(false) != true || variables.hasInstancetype || ('
      + and([
        `!${isQ('variables.cpuReq')} || ${q('variables.cpuReq')}.isInteger()`,
        `!${isQ('variables.cpuLim')} || ${q('variables.cpuLim')}.isInteger()`,
        `!(${isQ('variables.cpuReq')} && ${isQ('variables.cpuLim')}) || ${q('variables.cpuReq')}.compareTo(${q('variables.cpuLim')}) == 0`,
        `!(${isQ('variables.memReq')} && ${isQ('variables.memLim')}) || ${q('variables.memReq')}.compareTo(${q('variables.memLim')}) == 0`,
        "variables.memReq != '' || variables.memLim != '' || variables.domain.?memory.?hugepages.hasValue() || variables.domain.?memory.?guest.hasValue()",
        // The topology's vCPU count must equal the CPU count (requests, else limits).
        'int(variables.cpu.?sockets.orValue(0)) + int(variables.cpu.?cores.orValue(0)) + int(variables.cpu.?threads.orValue(0)) == 0 '
          + "|| [variables.cpuReq != '' ? variables.cpuReq : variables.cpuLim].all(c, !" + isQ('c') + ' || '
          + "quantity(c).compareTo(quantity(string((int(variables.cpu.?sockets.orValue(0)) == 0 ? 1 : int(variables.cpu.sockets)) * "
          + '(int(variables.cpu.?cores.orValue(0)) == 0 ? 1 : int(variables.cpu.cores)) * (int(variables.cpu.?threads.orValue(0)) == 0 ? 1 : int(variables.cpu.threads))))) == 0)',
        "int(variables.cpu.?threads.orValue(0)) <= (variables.spec.?architecture.orValue('') == 'arm64' ? 1 : 2)",
      ]) + ')',
  },
  'vmi-isolate-emulator-requires-dedicated': {
    expression: 'variables.cpu.?isolateEmulatorThread.orValue(false) != true || variables.cpu.?dedicatedCpuPlacement.orValue(false) == true || variables.hasInstancetype',
  },
  'vmi-numa-realtime-requirements': {
    expression: 'variables.hasInstancetype || ('
      + '(!variables.cpu.?numa.?guestMappingPassthrough.hasValue() || (variables.cpu.?dedicatedCpuPlacement.orValue(false) == true && variables.domain.?memory.?hugepages.hasValue())) && '
      + '(!has(variables.cpu.realtime) || (variables.cpu.?dedicatedCpuPlacement.orValue(false) == true && variables.cpu.?numa.?guestMappingPassthrough.hasValue())))',
  },
  'vmi-cpu-feature-policy-valid': {
    expression: "variables.cpu.?features.orValue([]).all(f, !has(f.policy) || f.policy in ['', 'force', 'require', 'optional', 'disable', 'forbid'])",
  },
  'vmi-cpu-sockets-le-maxsockets': {
    expression: '!(has(variables.cpu.maxSockets) && has(variables.cpu.sockets)) || int(variables.cpu.sockets) <= int(variables.cpu.maxSockets)',
  },
  'vmi-architecture-valid': { expression: "variables.spec.?architecture.orValue('') in ['', 'amd64', 'arm64', 's390x']" },
  'vmi-machine-type-allowed': {
    expression: "variables.domain.?machine.?type.orValue('') == '' || ("
      + "variables.spec.?architecture.orValue('') in ['', 'amd64'] ? variables.domain.machine.type.matches('^(q35.*|pc-q35.*)$') : "
      + "variables.spec.architecture == 'arm64' ? variables.domain.machine.type.matches('^virt.*$') : "
      + "variables.spec.architecture == 's390x' ? variables.domain.machine.type.matches('^s390-ccw-virtio.*$') : true)",
  },
};
