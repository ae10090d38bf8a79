// Per-object planning for the importer: the construct code written for one object (an L2
// construct's `new` and the statements after it, with what it references), or, when no construct
// covers the object, a plain ApiObject. The kinds' mappers do the mapping; this picks one per kind.
import { KubeObject } from '../manifests';
import { camelCase, literal, sortKeys } from './code';
import { mapDataImportCron, mapDataSource } from './data-source';
import { mapDataVolumeSpec } from './data-volume';
import { FLAVOR_CONSTRUCTS, mapInstancetype, mapPreference } from './flavors';
import { DEPENDS_ON_ANNOTATION, dependencyRef, groupOf, ImportedObject, ImportScope, isObject } from './model';
import { mapBridgeNetwork, mapOtherNetwork } from './network';
import { mapNodeNetworkPolicy } from './node-network-policy';
import { isClusterScoped } from './plan-charts';
import { isVmTemplate, mapTemplate } from './template';
import { mapPoolProps, mapVirtualMachine } from './virtual-machine';

/** What the generated code renders for one object and how. */
export interface Planned {
  readonly io: ImportedObject;
  readonly construct: string;
  readonly type: string;
  readonly l2: boolean;
  readonly clusterScoped: boolean;
  create: string;
  after: string[];
  /** What the written code renders (set once it has run). */
  rendered?: KubeObject;
  dependsOn: ImportedObject[];
  rawFields: number;
  /** Member variables declared by `after` (policy interfaces). */
  members: Array<{ varName: string; type: string; statement: string }>;
  /** Why an object of an L2 kind was written as a plain ApiObject. */
  note?: string;
}

/** The object's `depends-on` entry, with the namespace of the chart it is written to. */
export function refOf(o: ImportedObject): string {
  return dependencyRef({ ...o.object, metadata: { ...o.object.metadata, namespace: o.chart.namespace || undefined } }, isClusterScoped(o.object));
}

/** The object without apiVersion and kind: what a plain ApiObject carries as raw fields. */
export function bodyOf(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Metadata props: name, labels, and the annotations the construct does not add itself. */
function metadataOf(io: ImportedObject, added: Record<string, string> = {}): Record<string, unknown> {
  const m = io.object.metadata;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    if (k === DEPENDS_ON_ANNOTATION || added[k] === v) continue;
    annotations[k] = v;
  }
  const props: Record<string, unknown> = { name: m.name };
  if (m.labels && Object.keys(m.labels).length > 0) props.labels = sortKeys(m.labels);
  if (Object.keys(annotations).length > 0) props.annotations = sortKeys(annotations);
  for (const k of ['finalizers', 'ownerReferences', 'generateName']) {
    if (m[k] !== undefined) props[k] = m[k];
  }
  return props;
}

/** The L2 construct code for the object when a mapper covers its kind and form, else a plain ApiObject. */
export function planObject(io: ImportedObject, scope: ImportScope): Planned {
  const obj = io.object;
  const clusterScoped = isClusterScoped(obj);
  const base = { io, clusterScoped, after: [] as string[], dependsOn: [] as ImportedObject[], rawFields: 0, members: [] as Planned['members'] };
  const namespace = io.chart.namespace || undefined;
  if (obj.apiVersion === 'kubevirt.io/v1' && obj.kind === 'VirtualMachine') {
    const meta = metadataOf(io);
    const create = (props: Record<string, unknown>) => `new kv.VirtualMachine(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...props })})`;
    const w = mapVirtualMachine(io, scope, create);
    return {
      ...base, construct: 'kv.VirtualMachine', type: 'kv.VirtualMachine', l2: true,
      create: create(w.props),
      after: w.after(io.varName), dependsOn: [...w.dependsOn], rawFields: w.rawFields,
    };
  }
  if (obj.apiVersion === 'pool.kubevirt.io/v1alpha1' && obj.kind === 'VirtualMachinePool' && isObject(obj.spec?.virtualMachineTemplate)) {
    const meta = metadataOf(io);
    const pool = mapPoolProps(obj.spec);
    const create = (props: Record<string, unknown>) => `new kv.VirtualMachinePool(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...pool, ...props })})`;
    const w = mapVirtualMachine(io, scope, create, (o) => o.spec?.virtualMachineTemplate?.spec);
    return {
      ...base, construct: 'kv.VirtualMachinePool', type: 'kv.VirtualMachinePool', l2: true,
      create: create(w.props), after: w.after(io.varName), dependsOn: [...w.dependsOn], rawFields: w.rawFields,
    };
  }
  if (isVmTemplate(obj)) {
    const t = mapTemplate(io, scope);
    if (t) return { ...base, construct: 'kv.VirtualMachineTemplate', type: 'kv.VirtualMachineTemplate', l2: true, ...t };
  }
  const flavor = FLAVOR_CONSTRUCTS[obj.kind];
  if (flavor && groupOf(obj.apiVersion) === 'instancetype.kubevirt.io') {
    const props = obj.kind.endsWith('Instancetype') ? mapInstancetype(obj.spec) : mapPreference(obj.spec);
    if (props) {
      return {
        ...base, construct: flavor, type: flavor, l2: true,
        create: `new ${flavor}(this, ${literal(io.constructId)}, ${literal({ metadata: metadataOf(io), ...props })})`,
      };
    }
  }
  if (obj.apiVersion === 'cdi.kubevirt.io/v1beta1' && obj.kind === 'DataVolume') {
    const mapped = mapDataVolumeSpec(obj.spec, obj.metadata.annotations, { namespace, from: io, scope });
    if (mapped) {
      const meta = metadataOf(io, mapped.annotations);
      return {
        ...base, construct: 'kv.DataVolume', type: 'kv.DataVolume', l2: true,
        create: `new kv.DataVolume(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...mapped.props })})`,
        dependsOn: [...mapped.dependsOn],
      };
    }
  }
  if (obj.apiVersion === 'cdi.kubevirt.io/v1beta1' && (obj.kind === 'DataSource' || obj.kind === 'DataImportCron')) {
    const mapped = obj.kind === 'DataSource' ? mapDataSource(io, scope) : mapDataImportCron(io, scope);
    if (mapped) {
      const meta = metadataOf(io, {});
      const construct = `kv.${obj.kind}`;
      return {
        ...base, construct, type: construct, l2: true,
        create: `new ${construct}(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...mapped.props })})`,
        dependsOn: [...mapped.dependsOn],
      };
    }
  }
  if (obj.apiVersion === 'k8s.cni.cncf.io/v1' && obj.kind === 'NetworkAttachmentDefinition' && isObject(obj.spec)
    && Object.keys(obj.spec).join() === 'config') {
    const nad = mapBridgeNetwork(io, scope) ?? mapOtherNetwork(io);
    if (nad) {
      const meta = metadataOf(io, nad.annotations);
      return {
        ...base, construct: nad.construct, type: nad.construct, l2: true,
        create: `new ${nad.construct}(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...nad.props })})`,
        dependsOn: [...nad.dependsOn],
      };
    }
  }
  const policy = obj.apiVersion === 'nmstate.io/v1' && obj.kind === 'NodeNetworkConfigurationPolicy'
    ? mapNodeNetworkPolicy(obj.spec, (ifaceName) => io.chart.vars.claim(camelCase(ifaceName), camelCase(`${obj.metadata.name}-${ifaceName}`)))
    : undefined;
  // A policy the construct configures nothing of stays a plain object (the construct refuses an empty policy).
  if (policy && policy.after.length > 0) {
    const mapped = policy;
    const meta = metadataOf(io, {});
    const members = mapped.after.filter((a) => a.declare).map((a) => ({
      varName: a.declare!, type: a.type!, statement: Object.entries(mapped.bridges).find(([, v]) => v === a.declare)?.[0] ?? '',
    }));
    return {
      ...base, construct: 'kv.NodeNetworkPolicy', type: 'kv.NodeNetworkPolicy', l2: true, members, rawFields: mapped.rawFields,
      create: `new kv.NodeNetworkPolicy(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...mapped.props })})`,
      after: mapped.after.map((a) => (a.declare ? `const ${a.declare} = ${a.text(io.varName)};` : a.text(io.varName))),
    };
  }
  return plainObject(io);
}

/** No L2 construct for this kind (or this form of it): the object as a plain cdk8s ApiObject. */
export function plainObject(io: ImportedObject, note?: string): Planned {
  const { apiVersion, kind, metadata, ...body } = io.object;
  const { namespace: _ns, ...meta } = metadata;
  return {
    io, clusterScoped: isClusterScoped(io.object), after: [], dependsOn: [], rawFields: 0, members: [], note,
    construct: 'ApiObject', type: 'ApiObject', l2: false,
    create: `new ApiObject(this, ${literal(io.constructId)}, ${literal(sortKeys({ apiVersion, kind, metadata: meta, ...body }))})`,
  };
}
