// Disk growth from Git: a larger size on a DataVolume, or on a VM's dataVolumeTemplate, expands
// the claim CDI created for it (same name) when its StorageClass allows expansion. A DataVolume's
// spec is immutable (CDI's webhook refuses any change), so the claim is what grows.
import { quantity } from '../validation/rules/util';
import { KubeClient } from './kube-client';
import { KubeObject, ObjectRef, cloneObject, groupOf, refOf, subjectOf } from './objects';

/** One claim to expand. */
export interface ClaimGrowth {
  readonly claim: ObjectRef;
  readonly from: string;
  readonly to: string;
  /** What asks for it: `DataVolume/ns/x` or `VirtualMachine/ns/vm (dataVolumeTemplate x)`. */
  readonly via: string;
}

/** What growing an object's disks takes. */
export interface GrowthPlan {
  readonly growth: ClaimGrowth[];
  /** Growth that cannot happen yet (the claim is not bound): noted, retried on the next sync. */
  readonly deferred: string[];
  /** Shrinks and non-expandable classes: the object fails with this message. */
  readonly errors: string[];
}

const SIZE_PATHS = [['storage', 'resources', 'requests', 'storage'], ['pvc', 'resources', 'requests', 'storage']];

export function isDataVolume(obj: { apiVersion: string; kind: string }): boolean {
  return groupOf(obj.apiVersion) === 'cdi.kubevirt.io' && obj.kind === 'DataVolume';
}

/** The storage request of a DataVolume spec (`storage` or `pvc` form). */
export function dataVolumeSize(spec: unknown): string | undefined {
  for (const path of SIZE_PATHS) {
    const value = path.reduce<any>((node, key) => (node && typeof node === 'object' ? node[key] : undefined), spec);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** A copy of a DataVolume spec with its storage request set to `size` (where the spec declares one). */
export function withDataVolumeSize(spec: unknown, size: string): unknown {
  const copy = cloneObject(spec) as any;
  for (const path of SIZE_PATHS) {
    const parent = path.slice(0, -1).reduce<any>((node, key) => (node && typeof node === 'object' ? node[key] : undefined), copy);
    if (parent && typeof parent === 'object' && path[path.length - 1] in parent) {
      parent[path[path.length - 1]] = size;
      return copy;
    }
  }
  return copy;
}

/** The claims an object declares sizes for: a DataVolume's own, each dataVolumeTemplate's of a VM. */
export function declaredClaims(obj: KubeObject): Array<{ claim: ObjectRef; size: string; via: string }> {
  const namespace = obj.metadata.namespace;
  const claimRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name });
  if (isDataVolume(obj)) {
    const size = dataVolumeSize(obj.spec);
    return size ? [{ claim: claimRef(obj.metadata.name), size, via: subjectOf(refOf(obj)) }] : [];
  }
  if (groupOf(obj.apiVersion) === 'kubevirt.io' && obj.kind === 'VirtualMachine') {
    const templates = ((obj.spec as any)?.dataVolumeTemplates ?? []) as Array<{ metadata?: { name?: string }; spec?: unknown }>;
    return templates.flatMap((t) => {
      const size = dataVolumeSize(t.spec);
      const name = t.metadata?.name;
      return size && name ? [{ claim: claimRef(name), size, via: `${subjectOf(refOf(obj))} (dataVolumeTemplate ${name})` }] : [];
    });
  }
  return [];
}

/**
 * Compares each size the desired object declares with what the live object declares (no request
 * when equal): smaller is an error naming the object; larger grows the claim unless it already
 * holds that much (CDI adds filesystem overhead to claims), when its StorageClass has
 * `allowVolumeExpansion: true`, once it is bound. A disk the live object does not declare yet is
 * created at the declared size.
 */
export async function planGrowth(client: KubeClient, desired: KubeObject, live: KubeObject): Promise<GrowthPlan> {
  const plan: GrowthPlan = { growth: [], deferred: [], errors: [] };
  const liveSizes = new Map(declaredClaims(live).map((d) => [d.claim.name, d.size]));
  for (const { claim, size, via } of declaredClaims(desired)) {
    const declared = liveSizes.get(claim.name);
    const wanted = quantity(size);
    const before = quantity(declared);
    if (declared === undefined || !isSize(wanted) || !isSize(before) || wanted === before) continue;
    if (wanted < before) {
      plan.errors.push(`${via}: cannot shrink ${subjectOf(claim)} from ${declared} to ${size}: a volume never shrinks (restore the size in Git)`);
      continue;
    }
    const pvc = await client.get(claim);
    const current = (pvc?.spec as any)?.resources?.requests?.storage as string | undefined;
    const have = quantity(current);
    if (!pvc || !isSize(have) || have >= wanted) continue;
    const target = `${subjectOf(claim)} from ${current} to ${size}`;
    const className = (pvc.spec as any)?.storageClassName as string | undefined;
    if (!className) {
      plan.errors.push(`${via}: cannot grow ${target}: the claim has no StorageClass, so it cannot be expanded`);
      continue;
    }
    const storageClass = await client.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: className });
    if (storageClass?.allowVolumeExpansion !== true) {
      plan.errors.push(`${via}: cannot grow ${target}: StorageClass ${className} ${storageClass ? 'does not allow volume expansion (allowVolumeExpansion is not true)' : 'does not exist'}`);
      continue;
    }
    if ((pvc.status as any)?.phase !== 'Bound') {
      plan.deferred.push(`${subjectOf(claim)} grows to ${size} once bound`);
      continue;
    }
    plan.growth.push({ claim, from: current!, to: size, via });
  }
  return plan;
}

function isSize(n: number | undefined): n is number {
  return n !== undefined && !Number.isNaN(n);
}

/** Expands one claim: server-side apply of its storage request alone (taking that one field over). */
export async function growClaim(client: KubeClient, growth: ClaimGrowth, fieldManager: string): Promise<void> {
  await client.apply({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: growth.claim.name, namespace: growth.claim.namespace },
    spec: { resources: { requests: { storage: growth.to } } },
  }, { fieldManager, force: true });
}

/** `disk grown: PersistentVolumeClaim/ns/x 10Gi -> 20Gi` lines for a report. */
export function describeGrowth(growth: readonly ClaimGrowth[]): string {
  return growth.map((g) => `${subjectOf(g.claim)} ${g.from} -> ${g.to}`).join(', ');
}
