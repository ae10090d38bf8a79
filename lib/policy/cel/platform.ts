// CEL for the platform kinds' rules (rules/platform.ts): HyperConverged, MigrationPolicy, VM
// snapshot/restore/clone/export and Forklift plans and network maps.
import { CelTranslation } from '../types';
import { and, isDnsLabel, list } from './helpers';

const DEPRECATED_GATES = ['withHostPassthroughCPU', 'deployTektonTaskResources', 'nonRoot', 'enableManagedTenantQuota', 'autoResourceLimits', 'deployKubevirtIpamController',
  'enableApplicationAwareQuota', 'enableCommonBootImageImport', 'deployVmConsoleProxy'];
const GO_DURATION = "'^(0|(([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)(h|ms|us|µs|ns|m|s))+)$'";

/** A reference to one of `kinds` (kind -> apiGroup) with a name (rules/platform.ts vmRefCheck). */
function ref(field: string, kinds: Record<string, string>): CelTranslation {
  const map = `{${Object.entries(kinds).map(([k, g]) => `'${k}': '${g}'`).join(', ')}}`;
  return {
    expression: `type(object.?spec.?${field}.orValue(dyn(0))) != map || [object.spec.${field}].all(r, r.?kind.orValue('') in ${map} `
      + `&& r.?apiGroup.orValue('') == ${map}[r.kind] && r.?name.orValue('') != '')`,
  };
}

const filterOk = "(string(f) != '!' && (size(string(f)) <= 1 || (!string(f).substring(1).contains('!') && !string(f).substring(0, size(string(f)) - 1).contains('*'))))";
const cert = (part: string) => `object.spec.certConfig.?${part}.orValue(dyn({}))`;
const dur = (e: string) => `duration(${e})`;

export const PLATFORM_CEL: Readonly<Record<string, CelTranslation>> = {
  'hco-dict-enable-annotation': {
    expression: "object.?spec.?dataImportCronTemplates.orValue([]).all(d, [d.?metadata.?annotations.orValue({})[?'dataimportcrontemplate.kubevirt.io/enable']].all(a, "
      + "(!a.hasValue() || string(a.value()).lowerAscii() in ['true', 'false']) && ((a.hasValue() && string(a.value()).lowerAscii() != 'true') || type(d.?spec.orValue(dyn(0))) == map)))",
  },
  'hco-cert-config-valid': {
    // Go durations (CEL's duration() reads the same syntax once the text is known to parse).
    expression: '!object.?spec.?certConfig.hasValue() || ('
      + and([
        ...['ca', 'server'].flatMap((p) => ['duration', 'renewBefore'].map((f) => `type(${cert(p)}.?${f}.orValue(0)) != string || (${cert(p)}.${f}.matches(${GO_DURATION}) && ${dur(`${cert(p)}.${f}`)} >= duration('10m'))`)),
        ...['ca', 'server'].map((p) => `!(type(${cert(p)}.?duration.orValue(0)) == string && type(${cert(p)}.?renewBefore.orValue(0)) == string && ${cert(p)}.duration.matches(${GO_DURATION}) `
          + `&& ${cert(p)}.renewBefore.matches(${GO_DURATION})) || ${dur(`${cert(p)}.duration`)} >= ${dur(`${cert(p)}.renewBefore`)}`),
        `!(type(${cert('ca')}.?duration.orValue(0)) == string && type(${cert('server')}.?duration.orValue(0)) == string && ${cert('ca')}.duration.matches(${GO_DURATION}) `
          + `&& ${cert('server')}.duration.matches(${GO_DURATION})) || ${dur(`${cert('ca')}.duration`)} >= ${dur(`${cert('server')}.duration`)}`,
      ]) + ')',
  },
  'hco-tuning-policy-highburst': { expression: "object.?spec.?tuningPolicy.orValue('') != 'highBurst'" },
  'hco-feature-gates-deprecated': { expression: `!object.?spec.?featureGates.orValue(dyn({})).exists(g, g in ${list(DEPRECATED_GATES)})` },
  'hco-live-migration-limits': {
    expression: "!object.?spec.?liveMigrationConfig.hasValue() || [object.spec.liveMigrationConfig].all(lm, "
      + "(type(lm.?parallelOutboundMigrationsPerNode.orValue(dyn(''))) != int || type(lm.?parallelMigrationsPerCluster.orValue(dyn(5))) != int "
      + '|| lm.parallelOutboundMigrationsPerNode <= lm.?parallelMigrationsPerCluster.orValue(dyn(5))) '
      + "&& (!has(lm.bandwidthPerMigration) || (isQuantity(string(lm.bandwidthPerMigration)) && quantity(string(lm.bandwidthPerMigration)).compareTo(quantity('0')) >= 0)))",
  },
  'hco-singleton-name': { expression: "type(object.metadata.?name.orValue(dyn(0))) != string || object.metadata.name == 'kubevirt-hyperconverged'" },
  'migrationpolicy-values-nonnegative': {
    expression: "(type(object.?spec.?completionTimeoutPerGiB.orValue(dyn(''))) != int || object.spec.completionTimeoutPerGiB >= 0) "
      + "&& (!object.?spec.?bandwidthPerMigration.hasValue() || !isQuantity(string(object.spec.bandwidthPerMigration)) "
      + "|| quantity(string(object.spec.bandwidthPerMigration)).compareTo(quantity('0')) >= 0)",
  },
  'vmsnapshot-source-vm': ref('source', { VirtualMachine: 'kubevirt.io' }),
  'vmrestore-target-vm': ref('target', { VirtualMachine: 'kubevirt.io' }),
  'vmexport-source-valid': ref('source', { PersistentVolumeClaim: '', VirtualMachineSnapshot: 'snapshot.kubevirt.io', VirtualMachine: 'kubevirt.io' }),
  'vmclone-filters-valid': {
    expression: and(['labelFilters', 'annotationFilters'].flatMap((f) => [`object.?spec.?${f}.orValue([]).all(f, ${filterOk})`,
      `object.?spec.?template.?${f}.orValue([]).all(f, ${filterOk})`])),
  },
  'vmclone-mac-valid': {
    expression: "object.?spec.?newMacAddresses.orValue({}).all(k, object.spec.newMacAddresses[k] == '' || (type(object.spec.newMacAddresses[k]) == string "
      + "&& object.spec.newMacAddresses[k].matches('^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$')))",
  },
  'forklift-plan-valid': {
    expression: `(type(object.?spec.?targetNamespace.orValue(dyn(0))) != string || ${isDnsLabel('object.spec.targetNamespace')}) `
      + "&& [object.?spec.?vms.orValue([])].all(vms, vms.all(v, v.?id.orValue('') != '' || v.?name.orValue('') != '') "
      + "&& vms.all(a, size(vms.filter(b, (b.?id.orValue('') != '' ? 'id:' + b.id : 'name:' + b.?name.orValue('')) "
      + "== (a.?id.orValue('') != '' ? 'id:' + a.id : 'name:' + a.?name.orValue('')))) == 1))",
  },
  'forklift-networkmap-valid': {
    expression: "object.?spec.?map.orValue([]).all(m, (m.?destination.?type.orValue('') != 'multus' || m.destination.?name.orValue('') != '') "
      + "&& (!has(m.source) || m.source.?id.orValue('') != '' || m.source.?name.orValue('') != '' || m.source.?type.orValue('') != '')) "
      + "&& size(object.?spec.?map.orValue([]).filter(m, m.?destination.?type.orValue('') == 'pod')) <= 1",
  },
};
