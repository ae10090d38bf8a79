// A VM with five template disks as KubeVirt would have made them (DataVolumes, VMI and
// ControllerRevision owned by the VM), and the checks the prune tests make on what is left.
import { Chart, Testing } from 'cdk8s';
import { Applier } from '../../lib/controller/applier';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, ObjectRef, loadSourceFolder } from '../../lib/controller/objects';
import { ControllerSource, KubeVirtGitOpsController } from '../../lib/platform/gitops-controller';
import { configMap, vm, writeFolder } from '../controller/support';

export const DISKS = ['root', 'data', 'logs', 'scratch', 'swap'];

export const ref = (apiVersion: string, kind: string, namespace: string, name: string): ObjectRef => ({ apiVersion, kind, namespace, name });
export const dvRef = (ns: string, name: string) => ref('cdi.kubevirt.io/v1beta1', 'DataVolume', ns, name);
export const vmRef = (ns: string, name: string) => ref('kubevirt.io/v1', 'VirtualMachine', ns, name);
export const controlledBy = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true }];

export const templates = (name: string) => DISKS.map((d) => ({
  metadata: { name: `${name}-${d}` },
  spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
}));

/** The folder a VM with five template disks (and a ConfigMap) is applied from. */
export function writeMachine(dir: string, ns: string, name: string): void {
  writeFolder(dir, [vm(name, ns, { dataVolumeTemplates: templates(name) }), configMap('settings', ns)]);
}

/** A VM with five template disks, applied from a folder; its disks, VMI and revision created as KubeVirt would. */
export async function machine(client: KubeClient, ns: string, dir: string, name: string): Promise<{ owner: KubeObject; disks: KubeObject[] }> {
  writeMachine(dir, ns, name);
  const applied = await new Applier(client).apply(await loadSourceFolder(dir), { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false });
  expect(applied.ok).toBe(true);
  const owner = (await client.get(vmRef(ns, name)))!;
  const disks: KubeObject[] = [];
  for (const t of templates(name)) {
    disks.push(await client.create({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: t.metadata.name, namespace: ns, ownerReferences: controlledBy(owner) }, spec: t.spec }));
  }
  await client.create({
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name, namespace: ns, ownerReferences: controlledBy(owner) },
    spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } },
  });
  await client.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `revision-start-vm-${name}`, namespace: ns, ownerReferences: controlledBy(owner) }, data: { spec: {} }, revision: 1 });
  return { owner, disks };
}

/** Every disk still there (same uid, not terminating), none owned by `owner`. */
export async function expectDisksKept(client: KubeClient, ns: string, owner: KubeObject, disks: readonly KubeObject[]): Promise<void> {
  for (const disk of disks) {
    const live = await client.get(dvRef(ns, disk.metadata.name));
    expect({ name: disk.metadata.name, uid: live?.metadata.uid, terminating: !!live?.metadata.deletionTimestamp })
      .toEqual({ name: disk.metadata.name, uid: disk.metadata.uid, terminating: false });
    expect((live!.metadata.ownerReferences ?? []).map((o) => o.uid)).not.toContain(owner.metadata.uid);
  }
}

/** The VM, its VMI and its ControllerRevision are gone. */
export async function nonDataDependentsGone(client: KubeClient, ns: string, name: string): Promise<boolean> {
  return !(await client.get(vmRef(ns, name))) && !(await client.get(ref('kubevirt.io/v1', 'VirtualMachineInstance', ns, name)))
    && !(await client.get(ref('apps/v1', 'ControllerRevision', ns, `revision-start-vm-${name}`)));
}

/** The prune fence (admission policy and binding) as the controller construct ships it. */
export function shippedFence(): KubeObject[] {
  const chart = new Chart(Testing.app(), 'ops', { namespace: 'gitops' });
  new KubeVirtGitOpsController(chart, 'controller', { source: ControllerSource.gitSync({ repo: 'https://git.example.com/estate.git' }), image: 'controller:test' });
  return Testing.synth(chart).filter((m) => m.kind.startsWith('ValidatingAdmissionPolicy')) as KubeObject[];
}

/** Installs the fence as an estate run by the controller has it (prunes then print no warning). */
export async function installFence(client: KubeClient): Promise<void> {
  for (const obj of shippedFence()) await client.apply(obj, { fieldManager: 'prune-fence-test', force: true });
}
