// What the input refers to but does not contain: the objects `validate --kubeconfig` looks up
// in the cluster. Pure: reads the input only.
import { authoredApiVersion, requireKind } from '../../kinds';
import { ObjectIndex } from '../object-index';
import { parseCni } from '../rules/nad';
import { KubeObject } from '../types';

/** One object the input refers to. `namespace` '' for cluster-scoped (or "wherever it is applied"). */
export interface Reference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The apiVersion a reference is read at: the registry's authored version of the kind. */
function apiVersionOf(groupKind: string): string {
  const slash = groupKind.lastIndexOf('/');
  return authoredApiVersion(requireKind(groupKind.slice(0, slash), groupKind.slice(slash + 1)));
}

const ALL_NNCPS = 'all-nncps';

/** A CNI plugin that rides a host bridge or an OVN localnet mapping some NNCP has to build. */
function needsHostNetwork(plugin: Record<string, any>): boolean {
  return typeof plugin.bridge === 'string' || plugin.topology === 'localnet';
}

/** Every object the input refers to that it does not contain (no duplicates). */
export function missingReferences(objects: readonly KubeObject[]): Reference[] {
  const index = new ObjectIndex(objects.map((object) => ({ object })));
  const out = new Map<string, Reference>();
  const need = (groupKind: string, namespace: string, name: string | undefined) => {
    if (!name || index.get(groupKind, namespace, name)) return;
    const kind = groupKind.slice(groupKind.lastIndexOf('/') + 1);
    out.set(`${groupKind}|${namespace}|${name}`, { apiVersion: apiVersionOf(groupKind), kind, namespace, name });
  };
  const split = (ref: string, ns: string): [string, string] => (ref.includes('/') ? [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)] : [ns, ref]);
  const storage = (spec: any) => {
    // A DataVolume without access modes gets them from the StorageProfile of its storage class.
    if (!spec?.storage || arr(spec.storage.accessModes).length) return;
    const sc = str(spec.storage.storageClassName);
    if (sc) { need('storage.k8s.io/StorageClass', '', sc); need('cdi.kubevirt.io/StorageProfile', '', sc); }
    else out.set('default-storage-class', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', namespace: '', name: '' });
  };
  const dvSpec = (spec: any, ns: string) => {
    const ref = spec?.sourceRef;
    if (ref && (ref.kind ?? 'DataSource') === 'DataSource') need('cdi.kubevirt.io/DataSource', str(ref.namespace) ?? ns, str(ref.name));
    need('/PersistentVolumeClaim', str(spec?.source?.pvc?.namespace) ?? ns, str(spec?.source?.pvc?.name));
    need('snapshot.storage.k8s.io/VolumeSnapshot', str(spec?.source?.snapshot?.namespace) ?? ns, str(spec?.source?.snapshot?.name));
    storage(spec);
  };
  const vmiSpec = (spec: any, ns: string, templates: Set<string>) => {
    for (const n of arr(spec?.networks)) {
      const ref = str(n?.multus?.networkName);
      if (ref) { const [nadNs, name] = split(ref, ns); need('k8s.cni.cncf.io/NetworkAttachmentDefinition', nadNs, name); }
    }
    for (const v of arr(spec?.volumes)) {
      const claim = str(v?.dataVolume?.name) ?? str(v?.persistentVolumeClaim?.claimName);
      if (claim && !templates.has(claim) && !index.get('cdi.kubevirt.io/DataVolume', ns, claim)) need('/PersistentVolumeClaim', ns, claim);
      for (const src of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
        need('/Secret', ns, str(v?.[src]?.secretRef?.name));
        need('/Secret', ns, str(v?.[src]?.networkDataSecretRef?.name));
      }
      need('/Secret', ns, str(v?.secret?.secretName));
      need('/ConfigMap', ns, str(v?.configMap?.name));
      need('/Secret', ns, str(v?.sysprep?.secret?.name));
      need('/ConfigMap', ns, str(v?.sysprep?.configMap?.name));
    }
    for (const c of arr(spec?.accessCredentials)) {
      for (const t of ['sshPublicKey', 'userPassword']) need('/Secret', ns, str(c?.[t]?.source?.secret?.secretName));
    }
  };
  const flavor = (ref: any, which: 'Instancetype' | 'Preference', ns: string) => {
    const kind = String(ref?.kind ?? '').toLowerCase();
    const namespaced = kind !== '' && !kind.startsWith('virtualmachinecluster');
    need(`instancetype.kubevirt.io/VirtualMachine${namespaced ? '' : 'Cluster'}${which}`, namespaced ? ns : '', str(ref?.name));
  };

  for (const e of index.all) {
    const o = e.object;
    const ns = e.namespace;
    if (e.group === 'kubevirt.io' && e.kind === 'VirtualMachine') {
      const templates = new Set(arr(o.spec?.dataVolumeTemplates).map((t) => t?.metadata?.name));
      vmiSpec(o.spec?.template?.spec, ns, templates);
      for (const t of arr(o.spec?.dataVolumeTemplates)) dvSpec(t?.spec, ns);
      flavor(o.spec?.instancetype, 'Instancetype', ns);
      flavor(o.spec?.preference, 'Preference', ns);
    } else if (e.group === 'kubevirt.io' && e.kind === 'VirtualMachineInstance') {
      vmiSpec(o.spec, ns, new Set());
    } else if (e.group === 'cdi.kubevirt.io' && e.kind === 'DataVolume') {
      dvSpec(o.spec, ns);
    } else if (e.group === 'cdi.kubevirt.io' && e.kind === 'DataSource') {
      need('/PersistentVolumeClaim', str(o.spec?.source?.pvc?.namespace) ?? ns, str(o.spec?.source?.pvc?.name));
    } else if (e.group === 'k8s.cni.cncf.io' && e.kind === 'NetworkAttachmentDefinition' && parseCni(o).plugins.some(needsHostNetwork)) {
      // Its bridge (or localnet mapping) is made by some NNCP, found by what it builds, not by
      // name: every NNCP in the cluster is read (name '' = list them all).
      out.set(ALL_NNCPS, { apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', namespace: '', name: '' });
    }
  }
  return [...out.values()];
}

/** The default StorageClass among `classes` (annotation `storageclass.kubernetes.io/is-default-class`). */
export function defaultStorageClass(classes: readonly KubeObject[]): KubeObject | undefined {
  return classes.find((c) => c?.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
}

/**
 * Access modes CDI gives a DataVolume that names none: the first claimPropertySet of the
 * StorageProfile of its storage class (or the default class). Undefined when unknown.
 */
export function profileAccessModes(index: ObjectIndex, storageClassName: string | undefined): string[] | undefined {
  const sc = storageClassName ?? index.externalsOfKind('storage.k8s.io/StorageClass').find((e) => defaultStorageClass([e.object]))?.name;
  if (!sc) return undefined;
  const profile = index.get('cdi.kubevirt.io/StorageProfile', '', sc)?.object;
  const modes = arr(arr(profile?.status?.claimPropertySets)[0]?.accessModes).filter((m): m is string => typeof m === 'string');
  return modes.length ? modes : undefined;
}
