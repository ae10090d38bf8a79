// The prune's fence against a late re-adoption, on the real control plane (garbage collector
// running): KubeVirt adopts an orphan DataVolume named in a VM's dataVolumeTemplates with a merge
// patch that replaces its ownerReferences (the disk's uid its only precondition). One decided
// before the prune marks the VM deleted and sent after the prune released the VM (emulated:
// virt-controller-emulation.ts, patchDelayMs) makes the gone VM the disk's owner, and the garbage
// collector deletes the disk. The policy the controller construct ships refuses that write.
import * as fs from 'fs';
import * as path from 'path';
import { runApply } from '../../lib/cli/apply';
import { CliIo } from '../../lib/cli/command';
import { Applier } from '../../lib/controller/applier';
import { KubeClient, toApiError } from '../../lib/controller/kube-client';
import { KubeObject, loadSourceFolder } from '../../lib/controller/objects';
import { DETACHED_FROM_ANNOTATION, PRUNE_FENCE_POLICY_NAME } from '../../lib/kinds/prune-fence';
import { configMap, eventually, kubeconfigPath, newClient, sleep, tempDir, writeFolder } from '../controller/support';
import { PRUNE_FENCE_INSTALL_HINT, pruneFenceWarning } from '../../lib/controller/prune-guard';
import { describeIfCluster, uniqueName, unprivilegedConfig } from './cluster';
import { DISKS, dvRef, expectDisksKept, machine, installFence, nonDataDependentsGone, ref, writeMachine } from './prune-fixtures';
import { emulateDataVolumeAdoption } from './virt-controller-emulation';

jest.setTimeout(240_000);

/** Between the adoption's quorum read and its patch: well past the end of the prune of one VM. */
const PATCH_DELAY_MS = 8000;

const ADMISSION = 'admissionregistration.k8s.io/v1';

describeIfCluster('controller: the prune fence refuses a late re-adoption of a kept disk', () => {
  let client: KubeClient;
  let canary: KubeObject;
  const namespaces: string[] = [];
  const newNamespace = async () => {
    const name = uniqueName('prn-fence');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    namespaces.push(name);
    return name;
  };
  const addOwner = (disk: KubeObject, owner: { apiVersion: string; kind: string; name: string; uid: string }, dryRun = false) => client.mergePatch({
    apiVersion: disk.apiVersion, kind: disk.kind,
    metadata: { name: disk.metadata.name, namespace: disk.metadata.namespace, ownerReferences: [...(disk.metadata.ownerReferences ?? []), owner] },
  }, { dryRun });
  const refusal = (write: Promise<unknown>) => write.then(() => 'admitted', (err) => `${toApiError(err).statusCode}: ${toApiError(err).message}`);
  /** Whether the apiserver enforces the fence now (a dry-run on a fenced canary disk). */
  const enforced = async () => (await refusal(addOwner(canary, { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'fenced-uid' }, true))) !== 'admitted';
  const install = async () => {
    await installFence(client);
    await eventually('the fence to be enforced', enforced, 30_000);
  };
  const uninstall = async () => {
    for (const kind of ['ValidatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy']) await client.delete({ apiVersion: ADMISSION, kind, name: PRUNE_FENCE_POLICY_NAME });
    await eventually('the fence to be lifted', async () => !(await enforced()), 30_000);
  };

  beforeAll(async () => {
    client = await newClient();
    const ns = await newNamespace();
    canary = await client.create({
      apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume',
      metadata: { name: 'canary', namespace: ns, annotations: { [DETACHED_FROM_ANNOTATION]: 'fenced-uid' } },
      spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    });
    await install();
  });
  afterAll(async () => {
    if (!(await enforced().catch(() => false))) await install().catch(() => undefined);
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('the shipped policy type-checks without a warning', async () => {
    let policy: KubeObject | undefined;
    await eventually('the policy to be type-checked', async () => {
      policy = await client.get({ apiVersion: ADMISSION, kind: 'ValidatingAdmissionPolicy', name: PRUNE_FENCE_POLICY_NAME });
      return policy?.status?.typeChecking !== undefined && policy?.status?.observedGeneration === policy?.metadata.generation;
    }, 60_000);
    expect(policy!.status.typeChecking.expressionWarnings ?? []).toEqual([]);
  });

  test('the prune sees the fence is installed; an identity that may not read it is told in one line', async () => {
    expect(await pruneFenceWarning(client)).toBeUndefined();
    const restricted = path.join(tempDir('prune-fence-user'), 'kubeconfig');
    fs.writeFileSync(restricted, unprivilegedConfig().exportConfig());
    const warning = await pruneFenceWarning(await newClient(restricted));
    expect(warning).toMatch(new RegExp(`^could not check that ValidatingAdmissionPolicy ${PRUNE_FENCE_POLICY_NAME} is installed \\(403 Forbidden: [^\n]*\\): without it .*; ${PRUNE_FENCE_INSTALL_HINT.replace(/[|().]/g, '\\$&')}$`));
  });

  test.each([
    { fence: true, outcome: 'the adoption is refused and every disk survives the garbage collector' },
    { fence: false, outcome: 'the adoption lands and the garbage collector deletes the disk' },
  ])('an adoption decided before the prune, landing after it; fence installed: $fence: $outcome', async ({ fence }) => {
    const ns = await newNamespace();
    const dir = tempDir('prune-fence');
    const { owner, disks } = await machine(client, ns, dir, 'late');
    // Its root disk is an orphan the VM names (a restore, a hand edit): virt-controller adopts it back.
    const orphan = disks[0];
    await client.mergePatch({ apiVersion: orphan.apiVersion, kind: orphan.kind, metadata: { name: orphan.metadata.name, namespace: ns, ownerReferences: null as any } });
    if (!fence) await uninstall();
    const emulator = await emulateDataVolumeAdoption(client, ns, { patchDelayMs: PATCH_DELAY_MS });
    try {
      await eventually('virt-controller to decide the adoption', async () => emulator.decisions() === 1, 10_000);
      writeFolder(dir, [configMap('settings', ns)]);
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir };
      const code = await runApply([dir, '--prune', '--inventory-name', `inv-${ns}`, '--kubeconfig', kubeconfigPath()], io);
      const pruned = Date.now();
      expect({ code, err }).toEqual({ code: 0, err: fence ? [] : [expect.stringMatching(
        /^cdk8s-kubevirt apply: warning: ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding cdk8s-kubevirt-prune-fence not installed: .*cdk8s-kubevirt policy --prune-fence \| kubectl apply -f -$/)] });
      expect(out).toContain(`VirtualMachine/${ns}/late deleted: disks kept, detached from it first: `
        + DISKS.slice(1).map((d) => `late-${d}`).sort().map((n) => `DataVolume/${ns}/${n} (1Gi)`).join(', '));
      await emulator.stop(); // the delayed patch has been sent
      const [patch] = emulator.patches();
      expect(emulator.patches()).toHaveLength(1);
      expect({ disk: patch.dataVolume, owner: patch.ownerUid, afterThePrune: patch.sentAt > pruned })
        .toEqual({ disk: orphan.metadata.name, owner: owner.metadata.uid, afterThePrune: true });
      await eventually('the VM, its VMI and its ControllerRevision to be deleted', () => nonDataDependentsGone(client, ns, 'late'), 60_000);
      if (fence) {
        expect(patch.refused).toContain(`ValidatingAdmissionPolicy '${PRUNE_FENCE_POLICY_NAME}'`);
        await sleep(3000); // the garbage collector would have deleted a disk owned by the gone VM by now
        await expectDisksKept(client, ns, owner, disks);
        for (const disk of disks) expect((await client.get(dvRef(ns, disk.metadata.name)))!.metadata.annotations?.[DETACHED_FROM_ANNOTATION]).toBe(owner.metadata.uid);
      } else {
        expect(patch.refused).toBeUndefined();
        await eventually('the garbage collector to delete the re-adopted disk', async () => !(await client.get(dvRef(ns, orphan.metadata.name))), 60_000);
        await expectDisksKept(client, ns, owner, disks.slice(1));
      }
    } finally {
      await emulator.stop();
      if (!fence) await install();
    }
  });

  test('the fence refuses only the deleted VM: other owners, labels, removing the annotation and the VM created again from Git pass', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-fence-other');
    const { owner, disks } = await machine(client, ns, dir, 'again');
    const emulator = await emulateDataVolumeAdoption(client, ns);
    try {
      writeFolder(dir, [configMap('settings', ns)]);
      const inventory = { name: `inv-${ns}`, namespace: 'default' };
      expect((await new Applier(client).apply(await loadSourceFolder(dir), { inventory, validator: false, prune: true })).ok).toBe(true);
      await eventually('the VM to be deleted', () => nonDataDependentsGone(client, ns, 'again'), 60_000);
      const kept = (await client.get(dvRef(ns, disks[0].metadata.name)))!;
      expect(kept.metadata.annotations?.[DETACHED_FROM_ANNOTATION]).toBe(owner.metadata.uid);

      const gone = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'again', uid: owner.metadata.uid! };
      expect(await refusal(addOwner(kept, gone))).toMatch(new RegExp(`^403: .*ValidatingAdmissionPolicy '${PRUNE_FENCE_POLICY_NAME}'.*uid ${owner.metadata.uid}`));
      const settings = (await client.get(ref('v1', 'ConfigMap', ns, 'settings')))!;
      const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: settings.metadata.uid! };
      expect(await refusal(addOwner(kept, other))).toBe('admitted');
      expect(await refusal(client.mergePatch({ apiVersion: kept.apiVersion, kind: kept.kind, metadata: { name: kept.metadata.name, namespace: ns, labels: { tier: 'db' } } }))).toBe('admitted');
      // A claim is fenced the same way.
      const claim = await client.create({
        apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', namespace: ns, annotations: { [DETACHED_FROM_ANNOTATION]: owner.metadata.uid! } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      });
      expect(await refusal(addOwner(claim, gone))).toMatch(/^403: .*cdk8s-kubevirt-prune-fence/);
      expect(await refusal(addOwner(claim, other))).toBe('admitted');

      // Back in Git: a new VM (a new uid) adopts its disks as KubeVirt does; the annotation, kept, is harmless.
      writeMachine(dir, ns, 'again');
      expect((await new Applier(client).apply(await loadSourceFolder(dir), { inventory, validator: false, prune: true })).ok).toBe(true);
      const recreated = (await client.get(ref('kubevirt.io/v1', 'VirtualMachine', ns, 'again')))!;
      expect(recreated.metadata.uid).not.toBe(owner.metadata.uid);
      await eventually('the new VM to adopt its disks', async () => {
        for (const disk of disks) {
          const live = await client.get(dvRef(ns, disk.metadata.name));
          if (!(live?.metadata.ownerReferences ?? []).some((o) => o.uid === recreated.metadata.uid)) return false;
        }
        return true;
      }, 30_000);
      expect(emulator.patches().filter((p) => p.refused)).toEqual([]);

      // Removing the annotation (a write of its own) is not refused either.
      const adopted = (await client.get(dvRef(ns, disks[1].metadata.name)))!;
      expect(adopted.metadata.annotations?.[DETACHED_FROM_ANNOTATION]).toBe(owner.metadata.uid);
      expect(await refusal(client.mergePatch({ apiVersion: adopted.apiVersion, kind: adopted.kind,
        metadata: { name: adopted.metadata.name, namespace: ns, annotations: { [DETACHED_FROM_ANNOTATION]: null as any } } }))).toBe('admitted');
    } finally {
      await emulator.stop();
    }
  });
});
