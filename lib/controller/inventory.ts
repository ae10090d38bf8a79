import { createHash } from 'crypto';
import { KubeObject, ObjectRef, groupKindOf } from './objects';
import { CHART_LABEL } from '../core/chart-label';

/** kubectl ApplySet labels and annotations (KEP-3659, as shipped in kubectl). */
export const APPLYSET_ID_LABEL = 'applyset.kubernetes.io/id';
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
export const APPLYSET_TOOLING_ANNOTATION = 'applyset.kubernetes.io/tooling';
export const APPLYSET_GROUP_KINDS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';
export const APPLYSET_NAMESPACES_ANNOTATION = 'applyset.kubernetes.io/additional-namespaces';
/**
 * apiVersion of every kind in the set (`apiVersion/Kind`, comma-separated): kubectl's hint holds
 * group-kinds only, and listing a kind that left the source needs a version.
 */
export const INVENTORY_VERSIONS_ANNOTATION = 'cdk8s-kubevirt.io/contains-api-versions';

/** The tool name written in the tooling annotation. */
export const TOOLING_NAME = 'cdk8s-kubevirt';
export const TOOLING_VERSION = '0.1.0';

/** Labels and annotations of other GitOps tools: an object carrying one is not adopted. */
const FOREIGN_OWNER_MARKERS: Array<{ where: 'labels' | 'annotations'; key: string; tool: string }> = [
  { where: 'annotations', key: 'argocd.argoproj.io/tracking-id', tool: 'Argo CD' },
  { where: 'labels', key: 'kustomize.toolkit.fluxcd.io/name', tool: 'Flux' },
  { where: 'labels', key: 'kapp.k14s.io/app', tool: 'kapp' },
];

/** Where the ApplySet parent lives: a Secret, as kubectl's default. */
export interface InventoryRef {
  readonly name: string;
  readonly namespace: string;
}

/**
 * The ApplySet id: `applyset-` + unpadded URL-safe base64 of SHA-256 of
 * `name.namespace.kind.group` + `-v1`. It ties the id to the parent so it cannot be impersonated.
 */
export function applySetId(parent: InventoryRef, kind = 'Secret', group = ''): string {
  const digest = createHash('sha256').update(`${parent.name}.${parent.namespace}.${kind}.${group}`).digest('base64url');
  return `applyset-${digest}-v1`;
}

/** What an inventory parent records. */
export interface InventoryContents {
  /** `apiVersion/Kind` entries, sorted. */
  readonly apiKinds: string[];
  /** Namespaces of members (the parent's own included), sorted. */
  readonly namespaces: string[];
}

/** Reads the contents recorded on a live parent (empty when there is none). */
export function readInventory(parent: KubeObject | undefined): InventoryContents {
  const annotations = parent?.metadata.annotations ?? {};
  const list = (v: string | undefined) => (v ? v.split(',').filter((s) => s.length > 0) : []);
  const namespaces = list(annotations[APPLYSET_NAMESPACES_ANNOTATION]);
  if (parent?.metadata.namespace) namespaces.push(parent.metadata.namespace);
  return { apiKinds: sortedUnique(list(annotations[INVENTORY_VERSIONS_ANNOTATION])), namespaces: sortedUnique(namespaces) };
}

/** The contents describing a set of objects. */
export function inventoryOf(objects: readonly ObjectRef[], parent: InventoryRef): InventoryContents {
  return {
    apiKinds: sortedUnique(objects.map((o) => `${o.apiVersion}/${o.kind}`)),
    namespaces: sortedUnique([parent.namespace, ...objects.map((o) => o.namespace).filter((n): n is string => !!n)]),
  };
}

/** The union of two inventories: written before apply, so an interrupted run cannot leak objects. */
export function unionInventory(a: InventoryContents, b: InventoryContents): InventoryContents {
  return { apiKinds: sortedUnique([...a.apiKinds, ...b.apiKinds]), namespaces: sortedUnique([...a.namespaces, ...b.namespaces]) };
}

export function sameInventory(a: InventoryContents, b: InventoryContents): boolean {
  return a.apiKinds.join(',') === b.apiKinds.join(',') && a.namespaces.join(',') === b.namespaces.join(',');
}

/** The parent Secret as applied (server-side) by the controller. */
export function inventoryParent(parent: InventoryRef, contents: InventoryContents): KubeObject {
  const groupKinds = sortedUnique(contents.apiKinds.map((ak) => {
    const slash = ak.lastIndexOf('/');
    return groupKindOf({ apiVersion: ak.slice(0, slash), kind: ak.slice(slash + 1) });
  }));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: parent.name,
      namespace: parent.namespace,
      labels: { [APPLYSET_ID_LABEL]: applySetId(parent) },
      annotations: {
        [APPLYSET_TOOLING_ANNOTATION]: `${TOOLING_NAME}/${TOOLING_VERSION}`,
        [APPLYSET_GROUP_KINDS_ANNOTATION]: groupKinds.join(','),
        [APPLYSET_NAMESPACES_ANNOTATION]: contents.namespaces.filter((n) => n !== parent.namespace).join(','),
        [INVENTORY_VERSIONS_ANNOTATION]: contents.apiKinds.join(','),
      },
    },
    type: 'Opaque',
  };
}

/**
 * Why the controller must not touch a live parent: a different tool owns the set, or the id
 * label does not match the parent's own identity.
 */
export function parentConflict(live: KubeObject | undefined, parent: InventoryRef): string | undefined {
  if (!live) return undefined;
  const tooling = live.metadata.annotations?.[APPLYSET_TOOLING_ANNOTATION];
  if (tooling && !tooling.startsWith(`${TOOLING_NAME}/`)) return `the ApplySet parent is managed by ${tooling}`;
  const id = live.metadata.labels?.[APPLYSET_ID_LABEL];
  if (id && id !== applySetId(parent)) return `the ApplySet parent carries a foreign id ${id}`;
  if (!tooling && !id && live.metadata.resourceVersion) return 'a Secret of that name exists and is not an ApplySet parent';
  return undefined;
}

/** A desired object labelled as a member of the set: a copy, or the object itself when it already is one. */
export function withMembership(obj: KubeObject, setId: string): KubeObject {
  // Already a member: the same object, so caches keyed by it (digests) keep working across syncs.
  if (obj.metadata.labels?.[APPLYSET_PART_OF_LABEL] === setId) return obj;
  return { ...obj, metadata: { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), [APPLYSET_PART_OF_LABEL]: setId } } };
}

/**
 * Why a live object must not be adopted into this set (another ApplySet, Argo CD, Flux, kapp),
 * or undefined when it is free or already ours.
 */
export function foreignOwner(live: KubeObject | undefined, setId: string): string | undefined {
  if (!live) return undefined;
  const partOf = live.metadata.labels?.[APPLYSET_PART_OF_LABEL];
  if (partOf && partOf !== setId) return `belongs to another ApplySet (${partOf})`;
  if (partOf === setId) return undefined;
  for (const marker of FOREIGN_OWNER_MARKERS) {
    const value = live.metadata[marker.where]?.[marker.key];
    if (value !== undefined) return `managed by ${marker.tool} (${marker.key}=${value})`;
  }
  return undefined;
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * The chart a folder's objects were synthesized from (their `cdk8s-kubevirt.io/chart` label),
 * when they all name the same one; undefined for hand-written folders and folders of several charts.
 */
export function chartOfObjects(objects: readonly { readonly metadata?: { readonly labels?: Record<string, string> } }[]): string | undefined {
  const charts = new Set<string>();
  for (const obj of objects) {
    const chart = obj.metadata?.labels?.[CHART_LABEL];
    if (chart) charts.add(chart);
  }
  return charts.size === 1 ? [...charts][0] : undefined;
}

/** The ApplySet parent's name for a folder: after its chart (so a moved folder keeps its set), else after the folder. */
export function inventoryNameFor(folderName: string, objects: Parameters<typeof chartOfObjects>[0]): string {
  const base = (chartOfObjects(objects) ?? folderName).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
  return `cdk8s-kubevirt-${base}`.slice(0, 63).replace(/-+$/, '');
}
