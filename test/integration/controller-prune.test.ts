// Prune against the real control plane with the garbage collector running: the decision comes from
// the live ownership graph (disks a VM owns whatever its spec says), disks are detached before the
// VM is deleted with Background propagation (its VMI goes), a failed detach deletes nothing.
import { main } from '../../lib/cli';
import { Applier } from '../../lib/controller/applier';
import { KubeClient, toApiError } from '../../lib/controller/kube-client';
import { KubeObject, ObjectRef, loadSourceFolder } from '../../lib/controller/objects';
import { PRUNE_GUARD_FINALIZER } from '../../lib/controller/ownership';
import { configMap, dataVolume, eventually, kubeconfigPath, newClient, sleep, tempDir, vm, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';
import { installFence } from './prune-fixtures';

jest.setTimeout(180_000);

describeIfCluster('controller: prune from the live ownership graph', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  const cleanup: ObjectRef[] = [];
  const newNamespace = async () => {
    const name = uniqueName('prn');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    namespaces.push(name);
    return name;
  };
  const ownerRef = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true });
  const pvc = (name: string, ns: string, size: string, owner: KubeObject): KubeObject => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns, ownerReferences: [ownerRef(owner)] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
  });
  /** A VMI as virt-controller creates it: same name, controlled by the VM. */
  const vmiOf = (owner: KubeObject): KubeObject => ({
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance',
    metadata: { name: owner.metadata.name, namespace: owner.metadata.namespace, ownerReferences: [ownerRef(owner)] },
    spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } },
  });
  const ownedDv = (name: string, ns: string, owner: KubeObject, labels: Record<string, string> = {}): KubeObject =>
    ({ ...dataVolume(name, ns), metadata: { name, namespace: ns, labels, ownerReferences: [ownerRef(owner)] } });
  const ref = (kind: string, ns: string, name: string): ObjectRef => ({
    apiVersion: { DataVolume: 'cdi.kubevirt.io/v1beta1', VirtualMachine: 'kubevirt.io/v1', VirtualMachineInstance: 'kubevirt.io/v1' }[kind] ?? 'v1', kind, namespace: ns, name,
  });
  /** A VM applied from a folder, then given what KubeVirt and CDI would create for it. */
  const machineWithDisks = async (ns: string, dir: string, name: string, labels: Record<string, string> = {}) => {
    writeFolder(dir, [vm(name, ns), configMap('settings', ns)]);
    const applied = await new Applier(client).apply(await loadSourceFolder(dir), { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false });
    expect(applied.ok).toBe(true);
    const machine = (await client.get(ref('VirtualMachine', ns, name)))!;
    // Owned by the VM although its spec lists no dataVolumeTemplate (the state after a restore).
    const disk = await client.create(ownedDv(`${name}-restored`, ns, machine, labels));
    const diskClaim = await client.create(pvc(`${name}-restored`, ns, '1Gi', disk)); // CDI: the DV owns its claim
    const scratch = await client.create(pvc(`${name}-scratch`, ns, '2Gi', machine));
    const vmi = await client.create(vmiOf(machine));
    return { machine, disk, diskClaim, scratch, vmi };
  };
  const cli = async (dir: string, ns: string, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['apply', '.', ...args, '--kubeconfig', kubeconfigPath(), '--inventory-name', `inv-${ns}`],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  // As the controller construct installs it: without it every prune of a VM warns on stderr.
  beforeAll(async () => { client = await newClient(); await installFence(client); });
  afterAll(async () => {
    for (const r of cleanup) await client.delete(r).catch(() => undefined);
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('apply --prune: disks the VM owns (not in its spec) are detached and keep their UIDs; the VM and its VMI go', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-graph');
    const { machine, disk, diskClaim, scratch, vmi } = await machineWithDisks(ns, dir, 'db');

    writeFolder(dir, [configMap('settings', ns)]);
    // A dry run reports the same plan (JSON lists the kept disks) and changes nothing.
    const planned = JSON.parse((await cli(dir, ns, '--prune', '--dry-run', '--output', 'json')).out);
    expect(planned.requests.writes).toBe(0);
    expect(planned.entries.find((e: { subject: string }) => e.subject === `VirtualMachine/${ns}/db`)).toMatchObject({
      action: 'deleted', dryRun: true,
      keptDisks: [{ subject: `DataVolume/${ns}/db-restored`, size: '1Gi' }, { subject: `PersistentVolumeClaim/${ns}/db-scratch`, size: '2Gi' }],
    });
    expect((await client.get(ref('DataVolume', ns, 'db-restored')))!.metadata.ownerReferences![0].uid).toBe(machine.metadata.uid);

    const run = await cli(dir, ns, '--prune');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`VirtualMachine/${ns}/db deleted: disks kept, detached from it first: `
      + `DataVolume/${ns}/db-restored (1Gi), PersistentVolumeClaim/${ns}/db-scratch (2Gi)\n`);

    await eventually('the VM and its VMI to be deleted by the garbage collector', async () =>
      !(await client.get(ref('VirtualMachine', ns, 'db'))) && !(await client.get(ref('VirtualMachineInstance', ns, 'db'))), 60_000);
    await sleep(2000); // the garbage collector would have cascaded by now
    for (const kept of [disk, diskClaim, scratch]) {
      const live = await client.get(ref(kept.kind, ns, kept.metadata.name));
      expect(live?.metadata.uid).toBe(kept.metadata.uid);
      expect(live?.metadata.deletionTimestamp).toBeUndefined();
      expect((live?.metadata.ownerReferences ?? []).map((o) => o.uid)).not.toContain(machine.metadata.uid);
    }
    // The DataVolume still owns its claim: only references to the deleted VM were dropped.
    expect((await client.get(ref('PersistentVolumeClaim', ns, 'db-restored')))!.metadata.ownerReferences!.map((o) => o.uid)).toEqual([disk.metadata.uid]);
    expect(vmi.metadata.uid).toBeDefined();
  });

  test('apply --prune --prune-data: the disks go with the VM', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-graph-data');
    await machineWithDisks(ns, dir, 'web');
    writeFolder(dir, [configMap('settings', ns)]);
    const result = await new Applier(client).apply(await loadSourceFolder(dir),
      { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, prune: true, pruneData: true });
    expect(result.ok).toBe(true);
    const entry = result.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/web`)!;
    expect(entry.action).toBe('deleted');
    expect(entry.reason).toBe(`disk data deleted with it: DataVolume/${ns}/web-restored (1Gi), `
      + `PersistentVolumeClaim/${ns}/web-restored (1Gi), PersistentVolumeClaim/${ns}/web-scratch (2Gi)`);
    // The test control plane runs no pvc-protection controller: a claim may stay Terminating on its finalizer.
    const goneOrGoing = async (r: ObjectRef) => { const o = await client.get(r); return !o || !!o.metadata.deletionTimestamp; };
    await eventually('the VMI and every disk to be deleted', async () =>
      (await goneOrGoing(ref('VirtualMachineInstance', ns, 'web'))) && (await goneOrGoing(ref('DataVolume', ns, 'web-restored')))
      && (await goneOrGoing(ref('PersistentVolumeClaim', ns, 'web-scratch'))) && (await goneOrGoing(ref('PersistentVolumeClaim', ns, 'web-restored'))), 60_000);
  });

  test('a detach the server refuses: the VM is not deleted, nothing is lost, the report says so', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-graph-locked');
    const { machine, disk } = await machineWithDisks(ns, dir, 'locked', { 'example.com/owners-locked': 'true' });
    // An admission policy forbids changing the owners of locked DataVolumes (a real server-side refusal).
    const policy = uniqueName('lock-owners');
    cleanup.push({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', name: policy },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: policy });
    await client.create({
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: policy },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['cdi.kubevirt.io'], apiVersions: ['*'], operations: ['UPDATE'], resources: ['datavolumes'] }] },
        validations: [{ expression: 'has(object.metadata.ownerReferences) && size(object.metadata.ownerReferences) == size(oldObject.metadata.ownerReferences)', message: 'owners are locked' }],
      },
    });
    await client.create({
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: policy },
      spec: { policyName: policy, validationActions: ['Deny'], matchResources: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
        objectSelector: { matchLabels: { 'example.com/owners-locked': 'true' } },
      } },
    });
    // The policy takes effect asynchronously: probe with a locked DataVolume until an owner change is refused.
    const probeOwner = (await client.create(configMap('probe-owner', ns)));
    await client.create(ownedDv('probe', ns, probeOwner, { 'example.com/owners-locked': 'true' }));
    await eventually('the admission policy to refuse owner changes', async () => {
      const probe = (await client.get(ref('DataVolume', ns, 'probe')))!;
      try {
        await client.mergePatch({ apiVersion: probe.apiVersion, kind: probe.kind, metadata: { name: 'probe', namespace: ns, ownerReferences: [] } });
      } catch (err) {
        return toApiError(err).message.includes('owners are locked');
      }
      try {
        await client.mergePatch({ apiVersion: probe.apiVersion, kind: probe.kind, metadata: { name: 'probe', namespace: ns, ownerReferences: [ownerRef(probeOwner)] } });
      } catch (err) {
        // The policy took effect between the two patches: it refuses the restore.
        return toApiError(err).message.includes(policy);
      }
      return false;
    }, 90_000);

    writeFolder(dir, [configMap('settings', ns)]);
    const result = await new Applier(client).apply(await loadSourceFolder(dir),
      { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, prune: true });
    expect(result.ok).toBe(false);
    const entry = result.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/locked`)!;
    expect(`${entry.action}: ${entry.reason}`).toMatch(/^failed: /);
    expect(entry.reason).toMatch(new RegExp(`^not deleted: detaching DataVolume/${ns}/locked-restored \\(1Gi\\) from it would fail \\(.*owners are locked.*\\); nothing was deleted`));
    expect(result.message).toContain(`VirtualMachine/${ns}/locked`);
    await sleep(1500);
    const liveMachine = await client.get(ref('VirtualMachine', ns, 'locked'));
    expect(liveMachine?.metadata.uid).toBe(machine.metadata.uid);
    expect(liveMachine?.metadata.deletionTimestamp).toBeUndefined();
    expect(liveMachine?.metadata.finalizers ?? []).not.toContain(PRUNE_GUARD_FINALIZER);
    expect((await client.get(ref('VirtualMachineInstance', ns, 'locked')))?.metadata.deletionTimestamp).toBeUndefined();
    const liveDisk = (await client.get(ref('DataVolume', ns, 'locked-restored')))!;
    expect(liveDisk.metadata.uid).toBe(disk.metadata.uid);
    expect(liveDisk.metadata.ownerReferences!.map((o) => o.uid)).toEqual([machine.metadata.uid]);
    // The VM stays in the inventory: the next run tries again.
    const parent = await client.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: `inv-${ns}` });
    expect(parent!.metadata.annotations!['applyset.kubernetes.io/contains-group-kinds']).toContain('VirtualMachine.kubevirt.io');
  });
});
