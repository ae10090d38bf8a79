// VMs with their NICs, disks and flavors, and the storage chain behind the disks:
// DataVolume -> HTTP URL / registry image / cloned PVC / DataSource -> DataImportCron -> image.
import { KubeObject } from '../manifests/types';
import { arr, obj } from '../validation/rules/util';
import { GraphBuilder, objectKey } from './builder';
import { nadReference } from './network';
import { TopologyNode } from './model';

const POD_NETWORK = 'pod-network';

/** The VMI spec inside a workload object, if it has one. */
export function vmiSpecOf(object: KubeObject): Record<string, any> | undefined {
  switch (object.kind) {
    case 'VirtualMachine': return obj(object.spec?.template?.spec);
    case 'VirtualMachineInstance': return obj(object.spec);
    case 'VirtualMachinePool': return obj(object.spec?.virtualMachineTemplate?.spec?.template?.spec);
    case 'VirtualMachineInstanceReplicaSet': return obj(object.spec?.template?.spec);
    default: return undefined;
  }
}

/** Data volume templates of a VM or pool (their DataVolumes are created with the VM). */
function dataVolumeTemplates(object: KubeObject): any[] {
  if (object.kind === 'VirtualMachine') return arr(object.spec?.dataVolumeTemplates);
  if (object.kind === 'VirtualMachinePool') return arr(object.spec?.virtualMachineTemplate?.spec?.dataVolumeTemplates);
  return [];
}

export function addWorkload(b: GraphBuilder, object: KubeObject, file: string | undefined): void {
  const vm = b.addObject(object, 'workload', file);
  const spec = vmiSpecOf(object) ?? {};
  const ns = vm.namespace;
  if (object.spec?.runStrategy) vm.details.push(`runStrategy ${object.spec.runStrategy}`);
  const cpu = obj(spec.domain?.cpu);
  const memory = spec.domain?.memory?.guest ?? spec.domain?.resources?.requests?.memory;
  if (cpu || memory) vm.details.push([cpu ? `${(cpu.cores ?? 1) * (cpu.sockets ?? 1) * (cpu.threads ?? 1)} vCPU` : '', memory ? `${memory}` : ''].filter(Boolean).join(', '));

  for (const [field, kindDefault, nsKind] of [['instancetype', 'VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype'], ['preference', 'VirtualMachineClusterPreference', 'VirtualMachinePreference']] as const) {
    const ref = obj(object.spec?.[field]);
    if (!ref || typeof ref.name !== 'string') continue;
    const kind = typeof ref.kind === 'string' && ref.kind ? ref.kind : kindDefault;
    b.link(vm.id, b.reference(kind, kind === nsKind ? ns : undefined, ref.name, 'flavor').id, 'flavor', field);
  }

  const bindings = new Map<string, string>();
  for (const i of arr(spec.domain?.devices?.interfaces)) {
    const binding = Object.keys(obj(i) ?? {}).find((k) => ['bridge', 'masquerade', 'sriov', 'slirp', 'passt', 'binding'].includes(k));
    if (typeof i?.name === 'string') bindings.set(i.name, binding === 'binding' ? String(i.binding?.name ?? 'plugin') : binding ?? '');
  }
  for (const n of arr(spec.networks)) {
    if (typeof n?.name !== 'string') continue;
    const label = `${n.name}${bindings.get(n.name) ? ` (${bindings.get(n.name)})` : ''}`;
    if (typeof n.multus?.networkName === 'string') b.link(nadReference(b, n.multus.networkName, ns), vm.id, 'network', label);
    else if (n.pod !== undefined) {
      b.ensure(POD_NETWORK, { kind: 'PodNetwork', name: 'pod network', category: 'network' });
      b.link(POD_NETWORK, vm.id, 'network', label);
    }
  }

  const templates = new Map<string, any>();
  for (const t of dataVolumeTemplates(object)) if (typeof t?.metadata?.name === 'string') templates.set(t.metadata.name, t);
  for (const v of arr(spec.volumes)) {
    if (typeof v?.name !== 'string') continue;
    let target: TopologyNode | undefined;
    if (typeof v.dataVolume?.name === 'string') {
      const name = v.dataVolume.name;
      const template = templates.get(name);
      target = b.get(objectKey('DataVolume', ns, name));
      if (!target && template) {
        target = b.ensure(objectKey('DataVolume', ns, name), { kind: 'DataVolume', name, namespace: ns, category: 'disk', external: 'implied' });
        target.details.push(`template of ${vm.name}`);
        addDataVolumeSpec(b, target, obj(template.spec) ?? {});
      }
      target ??= b.get(objectKey('PersistentVolumeClaim', ns, name)) ?? b.reference('DataVolume', ns, name, 'disk');
    } else if (typeof v.persistentVolumeClaim?.claimName === 'string') {
      const name = v.persistentVolumeClaim.claimName;
      target = b.get(objectKey('PersistentVolumeClaim', ns, name)) ?? b.get(objectKey('DataVolume', ns, name)) ?? b.reference('PersistentVolumeClaim', ns, name, 'disk');
    } else if (typeof v.containerDisk?.image === 'string') {
      target = image(b, v.containerDisk.image);
    }
    if (target) b.link(vm.id, target.id, 'disk', v.name);
  }
}

function image(b: GraphBuilder, ref: string): TopologyNode {
  const name = ref.replace(/^docker:\/\//, '');
  return b.ensure(`image:${name}`, { kind: 'Image', name, category: 'source' });
}

/** A DataVolume object (standalone). */
export function addDataVolume(b: GraphBuilder, object: KubeObject, file: string | undefined): void {
  addDataVolumeSpec(b, b.addObject(object, 'disk', file), obj(object.spec) ?? {});
}

/** Size, storage class and the source of a DataVolume spec (standalone or a VM's template). */
function addDataVolumeSpec(b: GraphBuilder, dv: TopologyNode, spec: Record<string, any>): void {
  const claim = obj(spec.storage) ?? obj(spec.pvc) ?? {};
  const size = claim.resources?.requests?.storage;
  if (size !== undefined) dv.details.push(`${size}${claim.storageClassName ? ` on ${claim.storageClassName}` : ''}`);
  const ns = dv.namespace;
  const source = obj(spec.source) ?? {};
  if (typeof source.http?.url === 'string') b.link(dv.id, b.ensure(`url:${source.http.url}`, { kind: 'URL', name: source.http.url, category: 'source' }).id, 'source', 'http');
  else if (typeof source.registry?.url === 'string') b.link(dv.id, image(b, source.registry.url).id, 'source', 'registry');
  else if (typeof source.pvc?.name === 'string') b.link(dv.id, claimNode(b, source.pvc.namespace ?? ns, source.pvc.name).id, 'source', 'clone');
  else if (typeof source.snapshot?.name === 'string') b.link(dv.id, b.reference('VolumeSnapshot', source.snapshot.namespace ?? ns, source.snapshot.name, 'disk').id, 'source', 'clone');
  else if (source.upload !== undefined) dv.details.push('upload');
  else if (source.blank !== undefined) dv.details.push('blank');
  const ref = obj(spec.sourceRef);
  if (ref && typeof ref.name === 'string') {
    b.link(dv.id, (b.get(objectKey('DataSource', ref.namespace ?? ns, ref.name)) ?? b.reference('DataSource', ref.namespace ?? ns, ref.name, 'source')).id, 'source', 'sourceRef');
  }
}

/** A claim by name: the PVC, else the DataVolume that creates it, else a missing PVC. */
function claimNode(b: GraphBuilder, namespace: string | undefined, name: string): TopologyNode {
  return b.get(objectKey('PersistentVolumeClaim', namespace, name)) ?? b.get(objectKey('DataVolume', namespace, name)) ?? b.reference('PersistentVolumeClaim', namespace, name, 'disk');
}

export function addDataSource(b: GraphBuilder, object: KubeObject, file: string | undefined): void {
  const ds = b.addObject(object, 'source', file);
  const source = obj(object.spec?.source) ?? {};
  if (typeof source.pvc?.name === 'string') b.link(ds.id, claimNode(b, source.pvc.namespace ?? ds.namespace, source.pvc.name).id, 'source', 'pvc');
  else if (typeof source.snapshot?.name === 'string') b.link(ds.id, b.reference('VolumeSnapshot', source.snapshot.namespace ?? ds.namespace, source.snapshot.name, 'disk').id, 'source', 'snapshot');
  else if (typeof source.dataSource?.name === 'string') b.link(ds.id, b.reference('DataSource', source.dataSource.namespace ?? ds.namespace, source.dataSource.name, 'source').id, 'source', 'dataSource');
}

/** A golden-image cron: it manages a DataSource (implied if not in the input) fed from a registry. */
export function addDataImportCron(b: GraphBuilder, object: KubeObject, file: string | undefined): void {
  const cron = b.addObject(object, 'source', file);
  if (typeof object.spec?.schedule === 'string') cron.details.push(`schedule ${object.spec.schedule}`);
  const managed = object.spec?.managedDataSource;
  if (typeof managed === 'string') {
    const ds = b.get(objectKey('DataSource', cron.namespace, managed)) ?? b.reference('DataSource', cron.namespace, managed, 'source', 'implied');
    b.link(ds.id, cron.id, 'source', 'managed by');
  }
  const url = object.spec?.template?.spec?.source?.registry?.url;
  if (typeof url === 'string') b.link(cron.id, image(b, url).id, 'source', 'registry');
}

/** Size and class of a PVC. */
export function addClaim(b: GraphBuilder, object: KubeObject, file: string | undefined): void {
  const pvc = b.addObject(object, 'disk', file);
  const size = object.spec?.resources?.requests?.storage;
  if (size !== undefined) pvc.details.push(`${size}${object.spec?.storageClassName ? ` on ${object.spec.storageClassName}` : ''}`);
}
