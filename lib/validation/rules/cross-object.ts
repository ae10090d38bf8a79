// Cross-object rules (catalog section 12 and vm-livemigrate-storage-rwx): lookups in the
// index built once per run. A reference that leaves the input is a warning unless the
// input is declared complete (--assume-complete).
import { forEachVm } from '../cross-run';
import { IndexedObject } from '../object-index';
import { profileAccessModes } from '../config/references';
import { resolveFlavor } from './instancetype-apply';
import { isBridgePlugin, parseCni } from './nad';
import { CrossContext, CrossRule, ReportOptions, VmPhases, VmVisit, Workload } from './types';
import { arr, has, obj } from './util';

const NAD = 'k8s.cni.cncf.io/NetworkAttachmentDefinition';
const NNCP = 'nmstate.io/NodeNetworkConfigurationPolicy';
const DV = 'cdi.kubevirt.io/DataVolume';
const DS = 'cdi.kubevirt.io/DataSource';
const DIC = 'cdi.kubevirt.io/DataImportCron';
const PVC = '/PersistentVolumeClaim';
const SNAPSHOT = 'snapshot.storage.k8s.io/VolumeSnapshot';

/**
 * A rule over VMs and VMIs, one at a time (a run visits each once for all such rules, see
 * CrossRule.eachVm; `check` visits them itself).
 */
function vmRule(id: string, severity: 'error' | 'warning', doc: string, each: (ctx: CrossContext, v: VmVisit) => void): CrossRule {
  return { id, severity, doc, scope: 'cross', check: (ctx) => forEachVm(ctx.index, (v) => each(ctx, v)), eachVm: each };
}

/** A rule over the VMI specs of VMs and VMIs (those without one are skipped). */
function workloadRule(id: string, severity: 'error' | 'warning', doc: string, each: (ctx: CrossContext, w: Workload) => void): CrossRule {
  return vmRule(id, severity, doc, (ctx, v) => {
    if (v.workload) each(ctx, v.workload);
  });
}

/** Severity for a reference the input does not resolve. */
function missing(ctx: CrossContext, hint?: string): ReportOptions {
  return { severity: ctx.options.assumeComplete ? 'error' : 'warning', hint: hint ?? (ctx.options.assumeComplete ? undefined : 'if it exists in the cluster, ignore this; with --assume-complete this is an error') };
}

function cross(id: string, severity: 'error' | 'warning', doc: string, check: (ctx: CrossContext) => void): CrossRule {
  return { id, severity, doc, scope: 'cross', check };
}

/** `ns/name` or `name` (in the referrer's namespace). */
function splitRef(ref: string, namespace: string): [string, string] {
  const slash = ref.indexOf('/');
  return slash < 0 ? [namespace, ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
}

/** NNCPs of the input and those known outside it (the cluster with --kubeconfig, the config's externals). */
function nncps(ctx: CrossContext): readonly IndexedObject[] {
  const external = ctx.index.externalsOfKind(NNCP);
  return external.length ? [...ctx.index.ofKind(NNCP), ...external] : ctx.index.ofKind(NNCP);
}

/** An entry's object, read once per run for every rule asking (CrossContext.shared); read anew for a rule alone. */
function readOnce(ctx: CrossContext, entry: IndexedObject): IndexedObject['object'] {
  const { shared } = ctx;
  if (!shared) return entry.object;
  let object = shared.get(entry) as IndexedObject['object'] | undefined;
  if (object === undefined) {
    object = entry.object;
    shared.set(entry, object);
  }
  return object;
}

/** What the three NAD rules read of the NNCPs (each NNCP read once per run, not once per rule). */
interface NncpNetworks {
  /** Linux bridges created (state up). */
  readonly bridges: ReadonlySet<unknown>;
  /** OVS bridges not removed. */
  readonly ovsBridges: ReadonlySet<unknown>;
  /** Localnet names in ovn.bridge-mappings (not removed). */
  readonly localnets: ReadonlySet<unknown>;
}

const NNCP_NETWORKS = Symbol('nncp-networks');

function nncpNetworks(ctx: CrossContext): NncpNetworks {
  const known = ctx.shared?.get(NNCP_NETWORKS) as NncpNetworks | undefined;
  if (known) return known;
  const bridges = new Set<unknown>();
  const ovsBridges = new Set<unknown>();
  const localnets = new Set<unknown>();
  for (const e of nncps(ctx)) {
    const state = e.object.spec?.desiredState;
    for (const i of arr(state?.interfaces)) {
      if (i?.type === 'linux-bridge' && (i.state ?? 'up') === 'up') bridges.add(i.name);
      if (i?.type === 'ovs-bridge' && i.state !== 'absent') ovsBridges.add(i.name);
    }
    for (const m of arr(state?.ovn?.['bridge-mappings'])) if (m?.state !== 'absent') localnets.add(m?.localnet);
  }
  const made = { bridges, ovsBridges, localnets };
  ctx.shared?.set(NNCP_NETWORKS, made);
  return made;
}

export const xoMultusNadExists = workloadRule('xo-multus-nad-exists', 'error', 'Every multus.networkName resolves to a NetworkAttachmentDefinition.', (ctx, w) => {
  arr(w.spec.networks).forEach((n, i) => {
    const ref = n?.multus?.networkName;
    if (typeof ref !== 'string' || ref === '') return;
    const [ns, name] = splitRef(ref, w.entry.namespace);
    if (!ctx.index.get(NAD, ns, name)) {
      ctx.report(w.entry, `${w.base}.networks[${i}].multus.networkName`, `NetworkAttachmentDefinition ${ns ? `${ns}/` : ''}${name} not found`, missing(ctx));
    }
  });
});

export const xoNadBridgeHasNncp = cross('xo-nad-bridge-has-nncp', 'warning', 'A bridge NAD names a Linux bridge that some NNCP creates.', (ctx) => {
  const { bridges } = nncpNetworks(ctx);
  for (const nad of ctx.index.ofKind(NAD)) {
    for (const p of parseCni(readOnce(ctx, nad)).plugins) {
      if (isBridgePlugin(p) && typeof p.bridge === 'string' && !bridges.has(p.bridge)) {
        ctx.report(nad, 'spec.config', `no NodeNetworkConfigurationPolicy creates bridge '${p.bridge}': the CNI plugin would create an isolated bridge with no uplink`);
      }
    }
  }
});

export const xoNadOvsBridgeHasNncp = cross('xo-nad-ovs-bridge-has-nncp', 'error', "An ovs-cni NAD's bridge is an OVS bridge created by an NNCP.", (ctx) => {
  const bridges = nncpNetworks(ctx).ovsBridges;
  for (const nad of ctx.index.ofKind(NAD)) {
    for (const p of parseCni(readOnce(ctx, nad)).plugins) {
      if (p.type === 'ovs' && typeof p.bridge === 'string' && !bridges.has(p.bridge)) {
        ctx.report(nad, 'spec.config', `no NodeNetworkConfigurationPolicy creates OVS bridge '${p.bridge}'`, missing(ctx));
      }
    }
  }
});

export const xoLocalnetBridgeMapping = cross('xo-localnet-bridge-mapping', 'error', "An OVN localnet NAD's network name is mapped in an NNCP's ovn.bridge-mappings.", (ctx) => {
  const mapped = nncpNetworks(ctx).localnets;
  for (const nad of ctx.index.ofKind(NAD)) {
    for (const p of parseCni(readOnce(ctx, nad)).plugins) {
      if (p.type === 'ovn-k8s-cni-overlay' && p.topology === 'localnet' && !mapped.has(p.name)) {
        ctx.report(nad, 'spec.config', `localnet network '${p.name}' has no ovn.bridge-mappings entry in any NodeNetworkConfigurationPolicy`, missing(ctx));
      }
    }
  }
});

export const xoSriovBindingNad = workloadRule('xo-sriov-binding-nad', 'error', 'An sriov interface points at an SR-IOV NAD.', (ctx, w) => {
  const ifaces = arr(w.spec.domain?.devices?.interfaces);
  if (!ifaces.some((iface) => has(iface?.sriov))) return;
  const nets = new Map(arr(w.spec.networks).map((n) => [n?.name, n] as const));
  ifaces.forEach((iface, i) => {
    if (!has(iface?.sriov)) return;
    const ref = nets.get(iface.name)?.multus?.networkName;
    if (typeof ref !== 'string') return;
    const [ns, name] = splitRef(ref, w.entry.namespace);
    const nad = ctx.index.get(NAD, ns, name);
    if (!nad) return; // xo-multus-nad-exists reports it
    const isSriov = parseCni(readOnce(ctx, nad)).plugins.some((p) => p.type === 'sriov');
    if (!isSriov) ctx.report(w.entry, `${w.base}.domain.devices.interfaces[${i}].sriov`, `interface '${iface.name}' uses sriov binding but NAD ${name} is not an SR-IOV network`);
  });
});

function flavorExists(which: 'instancetype' | 'preference') {
  return (ctx: CrossContext, v: VmVisit) => {
    if (!v.vm) return;
    const entry = v.entry;
    const ref = obj(v.object.spec?.[which]);
    if (!ref?.name) return;
    const found = resolveFlavor(ref, which, entry.namespace, ctx.index);
    if (found && !found.entry) {
      const kind = found.groupKind.split('/')[1];
      ctx.report(entry, `spec.${which}.name`, `${kind} ${found.namespaced ? `${entry.namespace}/` : ''}${ref.name} not found`,
        missing(ctx, ref.kind ? undefined : `no kind means ${kind}; set spec.${which}.kind for a namespaced one`));
    }
  };
}

export const xoInstancetypeExists = vmRule('xo-instancetype-exists', 'error', 'The referenced instancetype exists with the right scope (no kind = cluster-scoped).', flavorExists('instancetype'));
export const xoPreferenceExists = vmRule('xo-preference-exists', 'error', 'The referenced preference exists with the right scope (no kind = cluster-scoped).', flavorExists('preference'));

/** Claims a DataVolume or PVC provides in a namespace (a DataVolume creates a PVC of its name). */
function claimExists(ctx: CrossContext, ns: string, name: string): boolean {
  return !!(ctx.index.get(PVC, ns, name) || ctx.index.get(DV, ns, name));
}

/**
 * xo-datasource-exists: DataVolumes first, then VMs' dataVolumeTemplates (in the run's one VM
 * walk: each VM read once), then DataSources.
 */
function dataSourcePhases(ctx: CrossContext): VmPhases {
  // A DataImportCron creates and keeps its managedDataSource (a golden image) in its namespace.
  const managed = new Set(ctx.index.ofKind(DIC).map((c) => `${c.namespace}/${c.object.spec?.managedDataSource}`));
  const checkDv = (on: IndexedObject, spec: any, base: string) => {
    const ns = on.namespace;
    const ref = obj(spec?.sourceRef);
    if (ref?.name && (ref.kind ?? 'DataSource') === 'DataSource') {
      const dsNs = ref.namespace ?? ns;
      if (!ctx.index.get(DS, dsNs, ref.name) && !managed.has(`${dsNs}/${ref.name}`)) ctx.report(on, `${base}.sourceRef`, `DataSource ${dsNs ? `${dsNs}/` : ''}${ref.name} not found`, missing(ctx));
    }
    checkClone(on, spec?.source, `${base}.source`, ns);
  };
  const checkClone = (on: IndexedObject, source: any, base: string, ns: string) => {
    const pvc = obj(source?.pvc);
    if (pvc?.name && !claimExists(ctx, pvc.namespace ?? ns, pvc.name)) ctx.report(on, `${base}.pvc`, `source PVC ${pvc.namespace ?? ns}/${pvc.name} not found`, missing(ctx));
    const snap = obj(source?.snapshot);
    if (snap?.name && !ctx.index.get(SNAPSHOT, snap.namespace ?? ns, snap.name)) ctx.report(on, `${base}.snapshot`, `source VolumeSnapshot ${snap.namespace ?? ns}/${snap.name} not found`, missing(ctx));
  };
  for (const dv of ctx.index.ofKind(DV)) checkDv(dv, dv.object.spec, 'spec');
  return {
    each: (v) => {
      if (!v.vm) return;
      arr(v.object.spec?.dataVolumeTemplates).forEach((t, i) => checkDv(v.entry, t?.spec, `spec.dataVolumeTemplates[${i}].spec`));
    },
    end: () => {
      for (const ds of ctx.index.ofKind(DS)) checkClone(ds, ds.object.spec?.source, 'spec.source', ds.namespace);
    },
  };
}

export const xoDataSourceExists: CrossRule = {
  ...cross('xo-datasource-exists', 'error', 'sourceRef names an existing DataSource; clone sources name existing PVCs/snapshots.', (ctx) => {
    const phases = dataSourcePhases(ctx);
    forEachVm(ctx.index, phases.each);
    phases.end?.();
  }),
  vmPhases: dataSourcePhases,
};

export const xoVolumeClaimExists = workloadRule('xo-volume-claim-exists', 'error', 'Every dataVolume/persistentVolumeClaim volume names a DataVolume, PVC or dataVolumeTemplate in the VM namespace.', (ctx, w) => {
  const templates = new Set(arr(w.object.spec?.dataVolumeTemplates).map((t) => t?.metadata?.name));
  arr(w.spec.volumes).forEach((vol, i) => {
    const name = vol?.dataVolume?.name ?? vol?.persistentVolumeClaim?.claimName;
    if (typeof name !== 'string' || name === '' || templates.has(name) || claimExists(ctx, w.entry.namespace, name)) return;
    const what = has(vol.dataVolume) ? 'DataVolume' : 'PersistentVolumeClaim';
    ctx.report(w.entry, `${w.base}.volumes[${i}]`, `${what} ${w.entry.namespace ? `${w.entry.namespace}/` : ''}${name} not found`, missing(ctx));
  });
});

const SECRET_MISSING_ERROR: ReportOptions = { severity: 'error' };
const SECRET_MISSING_HINT: ReportOptions = { hint: 'if it exists in the cluster, ignore this' };

export const xoSecretConfigMapExists = workloadRule('xo-secret-configmap-exists', 'warning', 'Secrets and ConfigMaps referenced by cloud-init, access credentials and volumes exist.', (ctx, w) => {
  const severity = ctx.options.assumeComplete ? SECRET_MISSING_ERROR : SECRET_MISSING_HINT;
  const ns = w.entry.namespace;
  const need = (kind: 'Secret' | 'ConfigMap', name: unknown, path: string) => {
    if (typeof name !== 'string' || name === '' || ctx.index.get(`/${kind}`, ns, name)) return;
    ctx.report(w.entry, path, `${kind} ${ns ? `${ns}/` : ''}${name} not found`, severity);
  };
  arr(w.spec.volumes).forEach((vol, i) => {
    const at = `${w.base}.volumes[${i}]`;
    for (const src of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
      need('Secret', vol?.[src]?.secretRef?.name, `${at}.${src}.secretRef`);
      need('Secret', vol?.[src]?.networkDataSecretRef?.name, `${at}.${src}.networkDataSecretRef`);
    }
    need('Secret', vol?.secret?.secretName, `${at}.secret.secretName`);
    need('ConfigMap', vol?.configMap?.name, `${at}.configMap.name`);
    need('Secret', vol?.sysprep?.secret?.name, `${at}.sysprep.secret.name`);
    need('ConfigMap', vol?.sysprep?.configMap?.name, `${at}.sysprep.configMap.name`);
  });
  arr(w.spec.accessCredentials).forEach((c, i) => {
    for (const t of ['sshPublicKey', 'userPassword']) need('Secret', c?.[t]?.source?.secret?.secretName, `${w.base}.accessCredentials[${i}].${t}.source.secret.secretName`);
  });
});

export const xoDuplicateObject = cross('xo-duplicate-object', 'error', 'No two objects share group/kind/namespace/name.', (ctx) => {
  for (const group of ctx.index.duplicates()) {
    for (const dup of group.slice(1)) {
      const first = group[0];
      ctx.report(dup, 'metadata.name', `duplicate ${dup.kind} ${dup.namespace ? `${dup.namespace}/` : ''}${dup.name}${first.file ? ` (first defined in ${first.file})` : ''}: the second apply overwrites the first`);
    }
  }
});

export const xoDvNameCollision = vmRule('xo-dv-name-collision', 'warning', 'A VM dataVolumeTemplates name does not equal a standalone DataVolume/PVC name in the namespace.', (ctx, v) => {
  if (!v.vm) return;
  const vm = v.entry;
  arr(v.object.spec?.dataVolumeTemplates).forEach((t, i) => {
    const name = t?.metadata?.name;
    if (typeof name === 'string' && claimExists(ctx, vm.namespace, name)) {
      ctx.report(vm, `spec.dataVolumeTemplates[${i}].metadata.name`, `DataVolume template '${name}' has the name of a standalone DataVolume/PVC in the namespace (ownership conflict)`);
    }
  });
});

/** Access modes of the claim a volume uses, when the input says; undefined when unknown. */
function claimAccessModes(ctx: CrossContext, vm: IndexedObject, vmObject: Record<string, any>, name: string): string[] | undefined {
  const tpl = arr(vmObject.spec?.dataVolumeTemplates).find((t) => t?.metadata?.name === name);
  const dvSpec = tpl?.spec ?? ctx.index.get(DV, vm.namespace, name)?.object.spec;
  if (dvSpec) {
    const modes = arr(dvSpec.storage?.accessModes ?? dvSpec.pvc?.accessModes);
    if (modes.length) return modes;
    // `storage` without access modes: CDI takes them from the storage class's StorageProfile (known from a cluster).
    return dvSpec.storage ? profileAccessModes(ctx.index, typeof dvSpec.storage.storageClassName === 'string' ? dvSpec.storage.storageClassName : undefined) : undefined;
  }
  const pvc = ctx.index.get(PVC, vm.namespace, name)?.object.spec;
  const modes = arr(pvc?.accessModes);
  return modes.length ? modes : undefined;
}

export const vmLiveMigrateStorageRwx: CrossRule = { local: true, ...workloadRule('vm-livemigrate-storage-rwx', 'warning', 'With evictionStrategy LiveMigrate, every PVC/DataVolume volume is ReadWriteMany.', (ctx, w) => {
  if (w.spec.evictionStrategy !== 'LiveMigrate') return;
  arr(w.spec.volumes).forEach((vol, i) => {
    const name = vol?.dataVolume?.name ?? vol?.persistentVolumeClaim?.claimName;
    if (typeof name !== 'string') return;
    const modes = claimAccessModes(ctx, w.entry, w.object, name);
    if (modes && !modes.includes('ReadWriteMany')) {
      ctx.report(w.entry, `${w.base}.volumes[${i}]`, `volume '${vol.name}' uses claim ${name} with ${modes.join(', ')}: the VMI is not live-migratable and node drains block`,
        { hint: 'use accessModes: [ReadWriteMany] (shared storage) or another evictionStrategy' });
    }
  });
}) };

export const CROSS_OBJECT_RULES = [xoMultusNadExists, xoNadBridgeHasNncp, xoNadOvsBridgeHasNncp, xoLocalnetBridgeMapping, xoSriovBindingNad,
  xoInstancetypeExists, xoPreferenceExists, xoDataSourceExists, xoVolumeClaimExists, xoSecretConfigMapExists, xoDuplicateObject,
  xoDvNameCollision, vmLiveMigrateStorageRwx];
