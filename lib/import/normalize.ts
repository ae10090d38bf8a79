// What the cluster wrote is not intent: stripped before import, and every stripped field listed.
import { kindOf } from '../kinds';
import { KubeObject } from '../manifests';
import { pointerToken } from './json-patch';

/** Metadata every API server writes. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** Annotations clients and controllers add (kubectl, KubeVirt's virt-controller, CDI). */
const WRITTEN_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubevirt.io/latest-observed-api-version',
  'kubevirt.io/storage-observed-api-version',
  'cdi.kubevirt.io/storage.clone.token',
  'cdi.kubevirt.io/storage.extended.clone.token',
  'cdi.kubevirt.io/storage.usePopulator',
  'cdi.kubevirt.io/storage.pod.phase',
  'cdi.kubevirt.io/storage.condition.running',
  'cdi.kubevirt.io/storage.pod.restarts',
  'nmstate.io/webhook-mutating-timestamp',
];

/** VM template annotations KubeVirt's mutating webhook adds. */
const VM_TEMPLATE_ANNOTATIONS = ['kubevirt.io/pci-topology-version', 'kubevirt.io/pci-interface-slot-count'];

/** One object as imported: the object without cluster-written fields, and what was removed. */
export interface NormalizedObject {
  readonly object: KubeObject;
  /** JSON pointers of the removed fields. */
  readonly stripped: string[];
}

/**
 * True for an object read from a cluster (or exported with `kubectl get -o yaml`): it carries
 * server metadata or status. Only then are the fields KubeVirt seeds on create (firmware UUID and
 * serial, architecture, machine type) taken as written by the cluster rather than by the author.
 */
export function looksLive(obj: KubeObject): boolean {
  const m = obj.metadata ?? {};
  return m.uid !== undefined || m.resourceVersion !== undefined || m.managedFields !== undefined || obj.status !== undefined;
}

/** A deep copy of `input` without what the cluster wrote. */
export function normalizeObject(input: KubeObject): NormalizedObject {
  const obj = JSON.parse(JSON.stringify(input)) as KubeObject;
  const stripped: string[] = [];
  const live = looksLive(obj);
  const drop = (parent: any, keyName: string, pointer: string) => {
    if (parent && typeof parent === 'object' && parent[keyName] !== undefined) {
      delete parent[keyName];
      stripped.push(pointer);
    }
  };
  drop(obj, 'status', '/status');
  const meta = obj.metadata ?? (obj.metadata = { name: '' });
  for (const k of SERVER_METADATA) drop(meta, k, `/metadata/${k}`);
  // The API server ignores a namespace on a cluster-scoped object.
  if (kindOf(obj.apiVersion, obj.kind)?.scope === 'Cluster') drop(meta, 'namespace', '/metadata/namespace');
  if (live) {
    drop(meta, 'finalizers', '/metadata/finalizers');
    drop(meta, 'ownerReferences', '/metadata/ownerReferences');
  }
  for (const a of WRITTEN_ANNOTATIONS) drop(meta.annotations, a, `/metadata/annotations/${pointerToken(a)}`);
  if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  if (meta.labels && Object.keys(meta.labels).length === 0) delete meta.labels;
  if (obj.apiVersion === 'kubevirt.io/v1' && obj.kind === 'VirtualMachine') {
    const tpl = obj.spec?.template;
    const tplMeta = tpl?.metadata;
    for (const a of VM_TEMPLATE_ANNOTATIONS) drop(tplMeta?.annotations, a, `/spec/template/metadata/annotations/${pointerToken(a)}`);
    if (tplMeta?.annotations && Object.keys(tplMeta.annotations).length === 0) delete tplMeta.annotations;
    if (tplMeta && 'creationTimestamp' in tplMeta) drop(tplMeta, 'creationTimestamp', '/spec/template/metadata/creationTimestamp');
    for (const [i, dvt] of (obj.spec?.dataVolumeTemplates ?? []).entries()) {
      if (dvt?.metadata && 'creationTimestamp' in dvt.metadata) drop(dvt.metadata, 'creationTimestamp', `/spec/dataVolumeTemplates/${i}/metadata/creationTimestamp`);
    }
    if (live) {
      const spec = tpl?.spec;
      const firmware = spec?.domain?.firmware;
      drop(firmware, 'uuid', '/spec/template/spec/domain/firmware/uuid');
      drop(firmware, 'serial', '/spec/template/spec/domain/firmware/serial');
      if (firmware && Object.keys(firmware).length === 0) delete spec.domain.firmware;
      drop(spec, 'architecture', '/spec/template/spec/architecture');
      drop(spec?.domain?.machine, 'type', '/spec/template/spec/domain/machine/type');
      if (spec?.domain?.machine && Object.keys(spec.domain.machine).length === 0) delete spec.domain.machine;
    }
  }
  return { object: obj, stripped };
}
