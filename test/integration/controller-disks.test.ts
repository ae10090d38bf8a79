// Disk growth from Git against the real control plane: a larger DataVolume or dataVolumeTemplate
// size expands the claim when its StorageClass allows it (the kube-apiserver's own resize admission
// runs too); shrinks and non-expandable classes are errors naming the object; no other DataVolume
// spec change is applied.
import * as k8s from '@kubernetes/client-node';
import { Applier, ApplyResult } from '../../lib/controller/applier';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, ObjectRef, loadSourceFolder } from '../../lib/controller/objects';
import { newClient, tempDir, writeFolder } from '../controller/support';
import { adminConfig, describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('controller: disk growth from Git', () => {
  let client: KubeClient;
  const cleanup: ObjectRef[] = [];
  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const r of cleanup) await client.delete(r).catch(() => undefined);
  });

  const dv = (name: string, ns: string, size: string, storageClassName: string, url?: string): KubeObject => ({
    apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: ns },
    spec: { source: url ? { http: { url } } : { blank: {} }, storage: { storageClassName, resources: { requests: { storage: size } } } },
  });
  const machine = (ns: string, size: string, storageClassName: string): KubeObject => ({
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: ns },
    spec: {
      runStrategy: 'Halted',
      dataVolumeTemplates: [{ metadata: { name: 'web-root' }, spec: { source: { blank: {} }, storage: { storageClassName, resources: { requests: { storage: size } } } } }],
      template: { spec: {
        domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, resources: { requests: { memory: '64Mi' } } },
        volumes: [{ name: 'root', dataVolume: { name: 'web-root' } }],
      } },
    },
  });
  /** What CDI and a provisioner do: a claim of the class, bound at the requested size. */
  const boundClaim = async (ns: string, name: string, size: string, storageClassName: string) => {
    await client.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns },
      spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } });
    const core = adminConfig().makeApiClient(k8s.CoreV1Api);
    const pvc = await core.readNamespacedPersistentVolumeClaim({ name, namespace: ns });
    pvc.status = { phase: 'Bound', capacity: { storage: size }, accessModes: ['ReadWriteOnce'] };
    await core.replaceNamespacedPersistentVolumeClaimStatus({ name, namespace: ns, body: pvc });
  };
  const claimSize = async (ns: string, name: string) =>
    ((await client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name }))!.spec as any).resources.requests.storage as string;
  const entry = (result: ApplyResult, subject: string) => result.changes.entries.find((e) => e.subject === subject)!;

  test('growth expands the claims; shrink and a non-expandable class fail naming the object; other DataVolume changes are not applied', async () => {
    const ns = uniqueName('disk');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    cleanup.push({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    const [expandable, fixed] = [uniqueName('expandable'), uniqueName('fixed')];
    for (const [name, allow] of [[expandable, true], [fixed, false]] as const) {
      await client.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'example.com/fake', allowVolumeExpansion: allow });
      cleanup.push({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name });
    }
    const dir = tempDir('disks');
    const inventory = { name: `inv-${ns}`, namespace: 'default' };
    const apply = async (objects: KubeObject[]) => {
      writeFolder(dir, objects);
      return new Applier(client).apply(await loadSourceFolder(dir), { inventory, validator: false });
    };
    expect((await apply([dv('data', ns, '1Gi', expandable), dv('fixed', ns, '1Gi', fixed), machine(ns, '1Gi', expandable)])).ok).toBe(true);
    for (const [name, sc] of [['data', expandable], ['fixed', fixed], ['web-root', expandable]]) await boundClaim(ns, name, '1Gi', sc);
    const dataUid = (await client.get({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: ns, name: 'data' }))!.metadata.uid;

    // Growth of a DataVolume and of a VM's dataVolumeTemplate.
    const grown = await apply([dv('data', ns, '2Gi', expandable), dv('fixed', ns, '1Gi', fixed), machine(ns, '3Gi', expandable)]);
    expect(grown.message).toBeUndefined();
    expect(entry(grown, `DataVolume/${ns}/data`)).toMatchObject({ action: 'configured', reason: `disk grown: PersistentVolumeClaim/${ns}/data 1Gi -> 2Gi` });
    expect(entry(grown, `VirtualMachine/${ns}/web`)).toMatchObject({ action: 'configured', reason: `disk grown: PersistentVolumeClaim/${ns}/web-root 1Gi -> 3Gi` });
    expect(await claimSize(ns, 'data')).toBe('2Gi');
    expect(await claimSize(ns, 'web-root')).toBe('3Gi');
    const liveDv = (await client.get({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: ns, name: 'data' }))!;
    expect(liveDv.metadata.uid).toBe(dataUid);
    expect((liveDv.spec as any).storage.resources.requests.storage).toBe('1Gi'); // the DataVolume spec never changes

    // Steady state: nothing more to do, no write.
    const writer = await newClient();
    const again = await new Applier(writer).apply(await loadSourceFolder(dir), { inventory, validator: false });
    expect(again.ok).toBe(true);
    expect(again.changes.counts()).toMatchObject({ configured: 0, failed: 0 });
    expect(writer.requests.writes).toBe(0);

    // A non-expandable class, a shrink, and a source change: clear errors, nothing written to those disks.
    const refused = await apply([dv('data', ns, '2Gi', expandable, 'https://images.example.com/new.qcow2'), dv('fixed', ns, '2Gi', fixed), machine(ns, '2Gi', expandable)]);
    expect(refused.ok).toBe(false);
    expect(entry(refused, `DataVolume/${ns}/fixed`)).toMatchObject({ action: 'failed',
      reason: `DataVolume/${ns}/fixed: cannot grow PersistentVolumeClaim/${ns}/fixed from 1Gi to 2Gi: StorageClass ${fixed} does not allow volume expansion (allowVolumeExpansion is not true)` });
    expect(entry(refused, `DataVolume/${ns}/data`)).toMatchObject({ action: 'skipped', reason: expect.stringContaining('DataVolume spec is immutable') });
    expect(refused.message).toContain(`DataVolume/${ns}/fixed`);
    expect(await claimSize(ns, 'fixed')).toBe('1Gi');
    const after = (await client.get({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: ns, name: 'data' }))!;
    expect((after.spec as any).source).toEqual({ blank: {} });

    const shrink = await apply([dv('data', ns, '2Gi', expandable), dv('fixed', ns, '1Gi', fixed), machine(ns, '2Gi', expandable)]);
    expect(shrink.ok).toBe(false);
    expect(entry(shrink, `VirtualMachine/${ns}/web`)).toMatchObject({ action: 'failed',
      reason: `VirtualMachine/${ns}/web (dataVolumeTemplate web-root): cannot shrink PersistentVolumeClaim/${ns}/web-root from 3Gi to 2Gi: a volume never shrinks (restore the size in Git)` });
    expect(await claimSize(ns, 'web-root')).toBe('3Gi');
  });
});
