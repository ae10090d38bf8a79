// Cross-object rules of the platform kinds: what snapshots, restores, clones, exports and Forklift
// plans point at must be in the estate (or the cluster). Forklift reports a missing map or NAD only
// as a plan condition at run time (NetworkMapRefNotValid, TransferNetworkNotValid); KubeVirt's
// admitters refuse a snapshot of a missing VM and a restore of a missing snapshot.
import { IndexedObject } from '../object-index';
import { CrossContext, CrossRule, ReportOptions } from './types';
import { arr, obj } from './util';

const VM = 'kubevirt.io/VirtualMachine';
const SNAPSHOT = 'snapshot.kubevirt.io/VirtualMachineSnapshot';
const NAD = 'k8s.cni.cncf.io/NetworkAttachmentDefinition';

function missing(ctx: CrossContext): ReportOptions {
  return { severity: ctx.options.assumeComplete ? 'error' : 'warning', hint: ctx.options.assumeComplete ? undefined : 'if it exists in the cluster, ignore this; with --assume-complete this is an error' };
}

function cross(id: string, severity: 'error' | 'warning', doc: string, check: (ctx: CrossContext) => void): CrossRule {
  return { id, severity, doc, scope: 'cross', check };
}

function refTarget(ref: any): string | undefined {
  if (ref?.kind === 'VirtualMachine' && ref?.apiGroup === 'kubevirt.io') return VM;
  if (ref?.kind === 'VirtualMachineSnapshot' && ref?.apiGroup === 'snapshot.kubevirt.io') return SNAPSHOT;
  return undefined;
}

function checkLocalRef(ctx: CrossContext, e: IndexedObject, field: string, ref: any): void {
  const gk = refTarget(ref);
  if (!gk || typeof ref.name !== 'string' || ref.name === '') return;
  if (!ctx.index.get(gk, e.namespace, ref.name)) {
    ctx.report(e, field, `${ref.kind} ${e.namespace ? `${e.namespace}/` : ''}${ref.name} not found`, missing(ctx));
  }
}

export const xoDataProtectionSourceExists = cross('xo-data-protection-source-exists', 'error',
  'Snapshot, clone and export sources (VMs, VM snapshots) and restore snapshots exist in their namespace.', (ctx) => {
    for (const e of ctx.index.ofKind(SNAPSHOT)) checkLocalRef(ctx, e, 'spec.source.name', e.object.spec?.source);
    for (const e of ctx.index.ofKind('clone.kubevirt.io/VirtualMachineClone')) checkLocalRef(ctx, e, 'spec.source.name', e.object.spec?.source);
    for (const e of ctx.index.ofKind('export.kubevirt.io/VirtualMachineExport')) checkLocalRef(ctx, e, 'spec.source.name', e.object.spec?.source);
    for (const e of ctx.index.ofKind('snapshot.kubevirt.io/VirtualMachineRestore')) {
      const name = e.object.spec?.virtualMachineSnapshotName;
      if (typeof name === 'string' && name !== '' && !ctx.index.get(SNAPSHOT, e.namespace, name)) {
        ctx.report(e, 'spec.virtualMachineSnapshotName', `VirtualMachineSnapshot ${e.namespace ? `${e.namespace}/` : ''}${name} not found`, missing(ctx));
      }
    }
  });

export const xoRestoreTargetExists = cross('xo-restore-target-exists', 'warning',
  'A restore targets a VM the estate defines (KubeVirt would create a new VM from the snapshot instead).', (ctx) => {
    for (const e of ctx.index.ofKind('snapshot.kubevirt.io/VirtualMachineRestore')) {
      const t = e.object.spec?.target;
      if (refTarget(t) !== VM || typeof t.name !== 'string') continue;
      if (!ctx.index.get(VM, e.namespace, t.name)) {
        ctx.report(e, 'spec.target.name', `VirtualMachine ${e.namespace ? `${e.namespace}/` : ''}${t.name} is not defined: the restore creates a new VM from the snapshot`,
          { hint: 'intended for a restore into a new VM; otherwise the target name is wrong' });
      }
    }
  });

export const xoForkliftReferencesExist = cross('xo-forklift-references-exist', 'error',
  "A Forklift plan's provider and maps, and a migration's plan, exist; map NADs and the transfer network exist.", (ctx) => {
    const fk = (kind: string) => `forklift.konveyor.io/${kind}`;
    const check = (e: IndexedObject, field: string, kind: string, ref: any) => {
      const r = obj(ref);
      if (!r || typeof r.name !== 'string' || r.name === '') return;
      const ns = typeof r.namespace === 'string' && r.namespace !== '' ? r.namespace : e.namespace;
      if (!ctx.index.get(kind, ns, r.name)) ctx.report(e, field, `${kind.split('/')[1]} ${ns ? `${ns}/` : ''}${r.name} not found`, missing(ctx));
    };
    for (const e of ctx.index.ofKind(fk('Plan'))) {
      const s = e.object.spec ?? {};
      // The destination `host` provider is created by Forklift itself.
      check(e, 'spec.provider.source', fk('Provider'), s.provider?.source);
      check(e, 'spec.map.network', fk('NetworkMap'), s.map?.network);
      check(e, 'spec.map.storage', fk('StorageMap'), s.map?.storage);
      check(e, 'spec.transferNetwork', NAD, s.transferNetwork);
    }
    for (const e of ctx.index.ofKind(fk('Migration'))) check(e, 'spec.plan', fk('Plan'), e.object.spec?.plan);
    for (const e of [...ctx.index.ofKind(fk('NetworkMap')), ...ctx.index.ofKind(fk('StorageMap'))]) {
      check(e, 'spec.provider.source', fk('Provider'), e.object.spec?.provider?.source);
    }
    for (const e of ctx.index.ofKind(fk('NetworkMap'))) {
      arr(e.object.spec?.map).forEach((m, i) => {
        if (m?.destination?.type === 'multus') check(e, `spec.map[${i}].destination`, NAD, m.destination);
      });
    }
  });

export const PLATFORM_CROSS_RULES: readonly CrossRule[] = [xoDataProtectionSourceExists, xoRestoreTargetExists, xoForkliftReferencesExist];
