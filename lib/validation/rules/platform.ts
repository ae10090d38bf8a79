// Rules of the platform kinds, from their admission webhooks: HCO's HyperConverged validator
// (hyperconverged-cluster-operator pkg/webhooks/validator/validator.go, v1beta1_validator.go),
// KubeVirt's migration-policy, VM snapshot/restore/clone/export admitters
// (kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/) and Forklift's plan validation
// (kubev2v/forklift pkg/controller/plan/validation.go).
import { KubeObject } from '../types';
import { ObjectRule, RuleContext } from './types';
import { arr, has, obj, quantity } from './util';

function rule(id: string, severity: 'error' | 'warning' | 'info', kinds: string[], doc: string,
  check: (o: KubeObject, ctx: RuleContext) => void): ObjectRule {
  return { id, severity, doc, scope: 'object', kinds, check };
}

const DICT_ENABLE = 'dataimportcrontemplate.kubevirt.io/enable';

export const hcoDictEnableAnnotation = rule('hco-dict-enable-annotation', 'error', ['HyperConverged'],
  'A dataImportCronTemplate enable annotation is "true" or "false", and an enabled entry has a spec.', (o, ctx) => {
    arr(o.spec?.dataImportCronTemplates).forEach((d, i) => {
      const raw = obj(d?.metadata?.annotations)?.[DICT_ENABLE];
      const val = typeof raw === 'string' ? raw.toLowerCase() : raw;
      if (has(raw) && val !== 'true' && val !== 'false') {
        ctx.report(`spec.dataImportCronTemplates[${i}].metadata.annotations`, `the ${DICT_ENABLE} annotation must be "true" or "false", got ${JSON.stringify(raw)}`);
      }
      if ((!has(raw) || val === 'true') && !obj(d?.spec)) {
        ctx.report(`spec.dataImportCronTemplates[${i}].spec`, 'an enabled dataImportCronTemplate needs a spec (disable a common one with the annotation set to "false")');
      }
    });
  });

const GO_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 };

/** Seconds of a Go duration string (`48h0m0s`, `90m`, `1.5h`); NaN when malformed. */
export function goDurationSeconds(value: string): number {
  if (value === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(h|ms|us|µs|ns|m|s)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) { total += parseFloat(m[1]) * GO_UNITS[m[2]]; pos = re.lastIndex; }
  return pos === value.length && pos > 0 ? total : NaN;
}

export const hcoCertConfigValid = rule('hco-cert-config-valid', 'error', ['HyperConverged'],
  'certConfig durations are at least 10m, each duration >= its renewBefore, and ca.duration >= server.duration.', (o, ctx) => {
    const cc = obj(o.spec?.certConfig);
    if (!cc) return;
    const secs: Record<string, number | undefined> = {};
    for (const part of ['ca', 'server']) {
      for (const f of ['duration', 'renewBefore']) {
        const v = cc[part]?.[f];
        if (typeof v !== 'string') continue;
        const s = goDurationSeconds(v);
        secs[`${part}.${f}`] = s;
        if (Number.isNaN(s)) ctx.report(`spec.certConfig.${part}.${f}`, `'${v}' is not a Go duration`);
        else if (s < 600) ctx.report(`spec.certConfig.${part}.${f}`, `value is too small: ${v} (at least 10m)`);
      }
      const d = secs[`${part}.duration`];
      const r = secs[`${part}.renewBefore`];
      if (d !== undefined && r !== undefined && d < r) ctx.report(`spec.certConfig.${part}`, 'duration is smaller than renewBefore');
    }
    if (secs['ca.duration'] !== undefined && secs['server.duration'] !== undefined && secs['ca.duration'] < secs['server.duration']) {
      ctx.report('spec.certConfig', 'ca.duration is smaller than server.duration');
    }
  });

export const hcoTuningPolicyHighBurst = rule('hco-tuning-policy-highburst', 'warning', ['HyperConverged'],
  'tuningPolicy highBurst is deprecated (HCO 1.16) and ignored.', (o, ctx) => {
    if (o.spec?.tuningPolicy === 'highBurst') ctx.report('spec.tuningPolicy', 'the highBurst profile is deprecated and will be removed');
  });

const DEPRECATED_GATES = ['withHostPassthroughCPU', 'deployTektonTaskResources', 'nonRoot', 'enableManagedTenantQuota', 'autoResourceLimits', 'deployKubevirtIpamController'];
const MOVED_GATES: Record<string, string> = {
  enableApplicationAwareQuota: 'spec.enableApplicationAwareQuota',
  enableCommonBootImageImport: 'spec.enableCommonBootImageImport',
  deployVmConsoleProxy: 'spec.deployVmConsoleProxy',
};

export const hcoFeatureGatesDeprecated = rule('hco-feature-gates-deprecated', 'warning', ['HyperConverged'],
  'Deprecated HCO feature gates are ignored; gates that became spec fields must be set there.', (o, ctx) => {
    const gates = obj(o.spec?.featureGates) ?? {};
    for (const g of Object.keys(gates)) {
      if (DEPRECATED_GATES.includes(g)) ctx.report(`spec.featureGates.${g}`, `spec.featureGates.${g} is deprecated and ignored`);
      else if (MOVED_GATES[g]) ctx.report(`spec.featureGates.${g}`, `spec.featureGates.${g} is deprecated and ignored; use ${MOVED_GATES[g]}`);
    }
  });

export const hcoLiveMigrationLimits = rule('hco-live-migration-limits', 'warning', ['HyperConverged'],
  'liveMigrationConfig limits are consistent (outbound per node <= per cluster; bandwidth not negative).', (o, ctx) => {
    const lm = obj(o.spec?.liveMigrationConfig);
    if (!lm) return;
    const perNode = lm.parallelOutboundMigrationsPerNode;
    const perCluster = lm.parallelMigrationsPerCluster ?? 5;
    if (typeof perNode === 'number' && typeof perCluster === 'number' && perNode > perCluster) {
      ctx.report('spec.liveMigrationConfig.parallelOutboundMigrationsPerNode', `${perNode} per node exceeds the ${perCluster} allowed in the whole cluster`);
    }
    const bw = quantity(lm.bandwidthPerMigration);
    if (bw !== undefined && !(bw >= 0)) ctx.report('spec.liveMigrationConfig.bandwidthPerMigration', `'${lm.bandwidthPerMigration}' must be a quantity >= 0`);
  });

export const hcoLiveMigrationDefaultsPinned = rule('hco-live-migration-defaults-pinned', 'info', ['HyperConverged'],
  'Unset live-migration limits take the CRD schema defaults (2 per node, 150 s/GiB), not HCO 2026-08 defaults (1, 20).', (o, ctx) => {
    const lm = obj(o.spec?.liveMigrationConfig) ?? {};
    const missing = ['parallelOutboundMigrationsPerNode', 'completionTimeoutPerGiB'].filter((f) => !has(lm[f]));
    if (missing.length > 0) {
      ctx.report('spec.liveMigrationConfig', `${missing.join(' and ')} unset: the HyperConverged CRD's schema default applies (2 outbound per node, 150 s/GiB), `
        + 'not the 1 and 20 HCO uses for new installs since 2026-08', { hint: 'write them explicitly (the HyperConverged construct does)' });
    }
  });

export const hcoSingletonName = rule('hco-singleton-name', 'warning', ['HyperConverged'],
  'HCO reconciles only the HyperConverged named kubevirt-hyperconverged.', (o, ctx) => {
    const name = o.metadata?.name;
    if (typeof name === 'string' && name !== 'kubevirt-hyperconverged') {
      ctx.report('metadata.name', `HCO only reconciles a HyperConverged named kubevirt-hyperconverged; '${name}' is ignored`);
    }
  });

export const migrationPolicyNonNegative = rule('migrationpolicy-values-nonnegative', 'error', ['MigrationPolicy'],
  'completionTimeoutPerGiB and bandwidthPerMigration must not be negative.', (o, ctx) => {
    const t = o.spec?.completionTimeoutPerGiB;
    if (typeof t === 'number' && t < 0) ctx.report('spec.completionTimeoutPerGiB', 'must not be negative');
    const bw = quantity(o.spec?.bandwidthPerMigration);
    if (bw !== undefined && bw < 0) ctx.report('spec.bandwidthPerMigration', 'must not be negative');
  });

function vmRefCheck(ctx: RuleContext, field: string, ref: any, kinds: Record<string, string>): void {
  const ref_ = obj(ref);
  if (!ref_) return;
  if (!has(ref_.apiGroup) && kinds[ref_.kind] !== '') ctx.report(`${field}.apiGroup`, 'missing apiGroup');
  else if (!(ref_.kind in kinds)) ctx.report(`${field}.kind`, `invalid kind '${ref_.kind}' (${Object.keys(kinds).join(', ')})`);
  else if ((ref_.apiGroup ?? '') !== kinds[ref_.kind]) ctx.report(`${field}.apiGroup`, `invalid apiGroup '${ref_.apiGroup}' for ${ref_.kind} (${kinds[ref_.kind] || 'the core group'})`);
  if (!ref_.name) ctx.report(`${field}.name`, 'the name must not be empty');
}

export const vmSnapshotSourceVm = rule('vmsnapshot-source-vm', 'error', ['VirtualMachineSnapshot'],
  'A snapshot source is a kubevirt.io VirtualMachine.', (o, ctx) => vmRefCheck(ctx, 'spec.source', o.spec?.source, { VirtualMachine: 'kubevirt.io' }));

export const vmRestoreTargetVm = rule('vmrestore-target-vm', 'error', ['VirtualMachineRestore'],
  'A restore target is a kubevirt.io VirtualMachine.', (o, ctx) => vmRefCheck(ctx, 'spec.target', o.spec?.target, { VirtualMachine: 'kubevirt.io' }));

export const vmRestorePatchPaths = rule('vmrestore-patch-paths', 'error', ['VirtualMachineRestore'],
  'Restore patches only touch /spec/, labels and annotations.', (o, ctx) => {
    arr(o.spec?.patches).forEach((p, i) => {
      let parsed: any;
      try { parsed = JSON.parse(String(p)); } catch { return ctx.report(`spec.patches[${i}]`, `patch is not valid JSON (${p})`); }
      const path = String(parsed?.path ?? '');
      if (!path.startsWith('/spec/') && !path.startsWith('/metadata/labels/') && !path.startsWith('/metadata/annotations/')) {
        ctx.report(`spec.patches[${i}]`, `patching is valid only for elements under /spec/ (or labels/annotations), not '${path}'`);
      }
    });
  });

function filterErrors(filters: unknown): string[] {
  const out: string[] = [];
  for (const f of arr(filters)) {
    const s = String(f);
    if (s.length === 1) { if (s === '!') out.push('a negation character is not a valid filter'); continue; }
    if (s.slice(1).includes('!')) out.push(`filter '${s}' may use '!' only at its beginning`);
    if (s.slice(0, -1).includes('*')) out.push(`filter '${s}' may use '*' only at its end`);
  }
  return out;
}

export const vmCloneFiltersValid = rule('vmclone-filters-valid', 'error', ['VirtualMachineClone'],
  "Clone label/annotation filters use '!' only first and '*' only last.", (o, ctx) => {
    for (const [field, value] of [['spec.labelFilters', o.spec?.labelFilters], ['spec.annotationFilters', o.spec?.annotationFilters],
      ['spec.template.labelFilters', o.spec?.template?.labelFilters], ['spec.template.annotationFilters', o.spec?.template?.annotationFilters]] as const) {
      for (const e of filterErrors(value)) ctx.report(field, e);
    }
  });

export const vmCloneSourceTarget = rule('vmclone-source-target', 'error', ['VirtualMachineClone'],
  'A clone source is a VM or VM snapshot, the target a VM of another name.', (o, ctx) => {
    const src = obj(o.spec?.source);
    if (src) {
      if (!['VirtualMachine', 'VirtualMachineSnapshot'].includes(src.kind)) ctx.report('spec.source.kind', `source kind '${src.kind}' is not supported (VirtualMachine, VirtualMachineSnapshot)`);
      if (!src.apiGroup) ctx.report('spec.source.apiGroup', "the source's apiGroup cannot be empty");
    }
    const tgt = obj(o.spec?.target);
    if (tgt && tgt.kind !== 'VirtualMachine') ctx.report('spec.target.kind', `target kind '${tgt.kind}' is not supported (VirtualMachine)`);
    if (src && tgt && src.kind === 'VirtualMachine' && tgt.kind === 'VirtualMachine' && src.name === tgt.name) {
      ctx.report('spec.target.name', 'the target name cannot equal the source name when both are VirtualMachines');
    }
    arr(o.spec?.patches).forEach((p, i) => { try { JSON.parse(String(p)); } catch { ctx.report(`spec.patches[${i}]`, `patch is not valid JSON (${p})`); } });
  });

const MAC48 = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;
export const vmCloneMacValid = rule('vmclone-mac-valid', 'error', ['VirtualMachineClone'],
  'newMacAddresses values are MAC addresses (or empty).', (o, ctx) => {
    for (const [iface, mac] of Object.entries(obj(o.spec?.newMacAddresses) ?? {})) {
      if (mac !== '' && !(typeof mac === 'string' && MAC48.test(mac))) ctx.report(`spec.newMacAddresses.${iface}`, `interface ${iface} has a malformed MAC address (${mac})`);
    }
  });

export const vmExportSourceValid = rule('vmexport-source-valid', 'error', ['VirtualMachineExport'],
  'An export source is a PVC, a VirtualMachineSnapshot or a VirtualMachine, with a name.', (o, ctx) =>
    vmRefCheck(ctx, 'spec.source', o.spec?.source, { PersistentVolumeClaim: '', VirtualMachineSnapshot: 'snapshot.kubevirt.io', VirtualMachine: 'kubevirt.io' }));

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const forkliftPlanValid = rule('forklift-plan-valid', 'error', ['ForkliftPlan'],
  'A plan has a DNS-1123 target namespace and VMs referenced by id or name, each once.', (o, ctx) => {
    const ns = o.spec?.targetNamespace;
    if (typeof ns === 'string' && !(ns.length <= 63 && DNS_LABEL.test(ns))) ctx.report('spec.targetNamespace', `'${ns}' is not a valid namespace (Forklift: NamespaceNotValid)`);
    const seen = new Set<string>();
    arr(o.spec?.vms).forEach((v, i) => {
      if (!v?.id && !v?.name) return ctx.report(`spec.vms[${i}]`, 'either id or name is required (Forklift: VMRefNotValid)');
      const key = v.id ? `id:${v.id}` : `name:${v.name}`;
      if (seen.has(key)) ctx.report(`spec.vms[${i}]`, `'${v.id ?? v.name}' is listed twice (Forklift: DuplicateVM)`);
      seen.add(key);
    });
  });

export const forkliftNetworkMapValid = rule('forklift-networkmap-valid', 'error', ['ForkliftNetworkMap'],
  'Multus destinations name a NAD; at most one source network maps to the pod network.', (o, ctx) => {
    let pods = 0;
    arr(o.spec?.map).forEach((m, i) => {
      if (m?.destination?.type === 'multus' && !m.destination.name) ctx.report(`spec.map[${i}].destination.name`, 'a multus destination names a NetworkAttachmentDefinition');
      if (m?.destination?.type === 'pod') pods++;
      if (m?.source && !m.source.id && !m.source.name && !m.source.type) ctx.report(`spec.map[${i}].source`, 'the source needs an id, a name or a type');
    });
    if (pods > 1) ctx.report('spec.map', 'more than one source network maps to the pod network (Forklift: VMMultiplePodNetworkMappings for VMs on both)');
  });

export const PLATFORM_RULES: readonly ObjectRule[] = [
  hcoDictEnableAnnotation, hcoCertConfigValid, hcoTuningPolicyHighBurst, hcoFeatureGatesDeprecated, hcoLiveMigrationLimits,
  hcoLiveMigrationDefaultsPinned, hcoSingletonName, migrationPolicyNonNegative, vmSnapshotSourceVm, vmRestoreTargetVm,
  vmRestorePatchPaths, vmCloneFiltersValid, vmCloneSourceTarget, vmCloneMacValid, vmExportSourceValid, forkliftPlanValid,
  forkliftNetworkMapValid,
];
