import { createHash } from 'crypto';
import {
  APPLYSET_GROUP_KINDS_ANNOTATION, APPLYSET_ID_LABEL, APPLYSET_NAMESPACES_ANNOTATION, APPLYSET_PART_OF_LABEL,
  APPLYSET_TOOLING_ANNOTATION, applySetId, foreignOwner, inventoryOf, inventoryParent, parentConflict, readInventory, unionInventory,
} from '../../lib/controller/inventory';
import { KubeObject, refOf } from '../../lib/controller/objects';
import { PRUNE_GUARD_FINALIZER } from '../../lib/controller/ownership';
import { PRUNE_DATA_ANNOTATION, planPrune } from '../../lib/controller/prune';

const parent = { name: 'lab', namespace: 'default' };

describe('ApplySet inventory', () => {
  test('the id is applyset-<base64url(sha256(name.namespace.kind.group))>-v1, as kubectl computes it', () => {
    const digest = createHash('sha256').update('lab.default.Secret.').digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(applySetId(parent)).toBe(`applyset-${digest}-v1`);
    expect(applySetId(parent)).not.toBe(applySetId({ name: 'lab', namespace: 'other' }));
  });

  test('the parent carries id, tooling, sorted group-kinds and the additional namespaces', () => {
    const members = [
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'a' },
      { apiVersion: 'v1', kind: 'Secret', namespace: 'vms', name: 'b' },
      { apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name: 'c' },
    ];
    const p = inventoryParent(parent, inventoryOf(members, parent));
    expect(p.metadata.labels![APPLYSET_ID_LABEL]).toBe(applySetId(parent));
    expect(p.metadata.annotations![APPLYSET_TOOLING_ANNOTATION]).toMatch(/^cdk8s-kubevirt\/\d+\.\d+\.\d+$/);
    expect(p.metadata.annotations![APPLYSET_GROUP_KINDS_ANNOTATION]).toBe('NodeNetworkConfigurationPolicy.nmstate.io,Secret,VirtualMachine.kubevirt.io');
    expect(p.metadata.annotations![APPLYSET_NAMESPACES_ANNOTATION]).toBe('vms');
    // Round trip: what the parent records reads back identically.
    expect(readInventory(p)).toEqual(inventoryOf(members, parent));
  });

  test('the superset keeps kinds that left the source, so an interrupted run cannot leak them', () => {
    const old = inventoryOf([{ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: 'vms', name: 'd' }], parent);
    const now = inventoryOf([{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'v' }], parent);
    expect(unionInventory(old, now).apiKinds).toEqual(['cdi.kubevirt.io/v1beta1/DataVolume', 'kubevirt.io/v1/VirtualMachine']);
  });

  test('foreign parents and foreign members are refused', () => {
    const foreignTool: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'lab', namespace: 'default', resourceVersion: '1', annotations: { [APPLYSET_TOOLING_ANNOTATION]: 'kubectl/v1.37.2' } } };
    expect(parentConflict(foreignTool, parent)).toContain('kubectl/v1.37.2');
    const plainSecret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'lab', namespace: 'default', resourceVersion: '1' } };
    expect(parentConflict(plainSecret, parent)).toContain('not an ApplySet parent');
    expect(parentConflict(inventoryParent(parent, inventoryOf([], parent)), parent)).toBeUndefined();

    const id = applySetId(parent);
    const member = (labels: Record<string, string>, annotations: Record<string, string> = {}): KubeObject =>
      ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels, annotations } });
    expect(foreignOwner(member({ [APPLYSET_PART_OF_LABEL]: id }), id)).toBeUndefined();
    expect(foreignOwner(member({}), id)).toBeUndefined();
    expect(foreignOwner(member({ [APPLYSET_PART_OF_LABEL]: 'applyset-other-v1' }), id)).toContain('another ApplySet');
    expect(foreignOwner(member({}, { 'argocd.argoproj.io/tracking-id': 'app:/ConfigMap:ns/x' }), id)).toContain('Argo CD');
    expect(foreignOwner(member({ 'kustomize.toolkit.fluxcd.io/name': 'apps' }), id)).toContain('Flux');
    expect(foreignOwner(member({ 'kapp.k14s.io/app': '123' }), id)).toContain('kapp');
  });
});

describe('planPrune', () => {
  const ns = 'vms';
  const vm = (name: string, templates: string[] = []): KubeObject => ({
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns },
    spec: { dataVolumeTemplates: templates.map((t) => ({ metadata: { name: t } })) },
  });
  const dv = (name: string, annotations: Record<string, string> = {}): KubeObject =>
    ({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: ns, annotations }, spec: { storage: { resources: { requests: { storage: '1Gi' } } } } });
  const pvc = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns } });
  const nad = (name: string): KubeObject => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace: ns } });
  const keep = [nad('keep-1'), nad('keep-2'), nad('keep-3'), nad('keep-4'), nad('keep-5'), nad('keep-6')];

  test('disks are kept and reported with their sizes; a VM is deleted (its disks are handled from the cluster graph)', () => {
    const sized = pvc('scratch');
    sized.spec = { resources: { requests: { storage: '5Gi' } } };
    sized.status = { capacity: { storage: '8Gi' } };
    const live = [...keep, vm('rhel', ['rhel-root']), dv('rhel-data'), sized, nad('old')];
    const plan = planPrune(live, keep.map(refOf));
    expect(plan.refused).toBeUndefined();
    expect(plan.deletions.map((d) => [d.object.kind, d.object.metadata.name, d.dataAllowed])).toEqual([
      ['VirtualMachine', 'rhel', false],
      ['NetworkAttachmentDefinition', 'old', false],
    ]);
    expect(plan.skipped.map((s) => [s.ref.name, s.data])).toEqual([['rhel-data', true], ['scratch', true]]);
    expect(plan.skipped[0].reason).toContain('--prune-data');
    expect(plan.skipped[0].reason).toContain('holds disk data (1Gi)');
    // A bound claim is reported by its capacity.
    expect(plan.skipped[1].reason).toContain('holds disk data (8Gi)');
  });

  test('a CustomResourceDefinition is kept without pruneData (deleting it deletes every object of its kind)', () => {
    const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'datavolumes.cdi.kubevirt.io' } };
    const plan = planPrune([...keep, crd, nad('old')], keep.map(refOf));
    expect(plan.deletions.map((d) => d.object.metadata.name)).toEqual(['old']);
    expect(plan.skipped.map((s) => [s.ref.name, s.data])).toEqual([['datavolumes.cdi.kubevirt.io', true]]);
    expect(plan.skipped[0].reason).toContain('every object of its kind');
    expect(planPrune([...keep, crd], keep.map(refOf), { pruneData: true }).deletions.map((d) => d.object.kind)).toEqual(['CustomResourceDefinition']);
  });

  test('with pruneData (or the per-object annotation) disks go too', () => {
    const live = [...keep, vm('rhel', ['rhel-root']), dv('rhel-data'), dv('opted', { [PRUNE_DATA_ANNOTATION]: 'true' })];
    const all = planPrune(live, keep.map(refOf), { pruneData: true });
    expect(all.deletions.map((d) => `${d.object.kind}/${d.object.metadata.name}/${d.dataAllowed}`))
      .toEqual(['VirtualMachine/rhel/true', 'DataVolume/opted/true', 'DataVolume/rhel-data/true']);
    const optedOnly = planPrune(live, keep.map(refOf));
    expect(optedOnly.deletions.map((d) => d.object.metadata.name)).toEqual(['rhel', 'opted']);
  });

  test('owned, terminating and opted-out objects are never deleted directly; an owned disk is kept, not left to the garbage collector', () => {
    const owned = dv('rhel-root');
    owned.metadata.ownerReferences = [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'rhel', uid: 'u1', controller: true }];
    const ownedConfig = nad('generated');
    ownedConfig.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'maker', uid: 'u2' }];
    const terminating = nad('going');
    terminating.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const optedOut = nad('pinned');
    optedOut.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false' };
    const plan = planPrune([...keep, owned, ownedConfig, terminating, optedOut], keep.map(refOf));
    expect(plan.deletions).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^holds disk data \(1Gi\), owned by VirtualMachine\/rhel: kept/),
      'owned by ConfigMap/maker: left to the garbage collector',
      expect.stringContaining('Prune=false'),
    ]);
    expect(planPrune([...keep, owned], keep.map(refOf), { pruneData: true }).skipped[0].reason).toContain('goes only with its owner');
  });

  test('a terminating member the prune holds (guard finalizer) is planned again, so the next run finishes the deletion', () => {
    const held = nad('held');
    held.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    held.metadata.finalizers = [PRUNE_GUARD_FINALIZER];
    expect(planPrune([...keep, held], keep.map(refOf)).deletions.map((d) => d.object.metadata.name)).toEqual(['held']);
  });

  test('an empty source or a mass prune is refused without allowMassPrune', () => {
    const live = [...keep, nad('a'), nad('b'), nad('c'), nad('d')];
    expect(planPrune(live, []).refused).toContain('source is empty');
    expect(planPrune(live, []).deletions).toEqual([]);
    expect(planPrune(live, keep.slice(0, 2).map(refOf)).refused).toContain('more than 30%');
    expect(planPrune(live, keep.slice(0, 2).map(refOf), { allowMassPrune: true }).deletions).toHaveLength(8);
    // Up to three deletions never trip the share guard.
    expect(planPrune(keep, keep.slice(0, 3).map(refOf)).refused).toBeUndefined();
  });
});
