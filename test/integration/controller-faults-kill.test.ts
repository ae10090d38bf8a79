// Fault drill: kill -9 of the real CLI controller (bin/cdk8s-kubevirt.js controller, a child
// process) in the middle of its first sync. The folder has five waves; the second holds a
// NodeNetworkConfigurationPolicy, which gates the next wave until kubernetes-nmstate reports it
// Available (played by the test), so the kill lands deterministically while wave 2 waits: wave 1
// written, waves 3 to 5 not. A second controller must converge without deleting anything and
// without writing again what the first one already wrote. Second drill: a controller killed in
// the middle of a prune that holds a VM (guard finalizer, VM marked deleted, disks still owned):
// the next one finishes it and no disk is lost, while an emulated virt-controller keeps trying
// to take the disks back.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { KubeClient, toApiError } from '../../lib/controller/kube-client';
import { KubeObject, keyOf, refOf, subjectOf } from '../../lib/controller/objects';
import { configMap, dataVolume, eventually, kubeconfigPath, newClient, nncp, setNncpStatus, sleep, tempDir, vm, writeFolder } from '../controller/support';
import { PRUNE_GUARD_FINALIZER } from '../../lib/controller/ownership';
import { describeIfCluster, uniqueName } from './cluster';
import { emulateDataVolumeAdoption } from './virt-controller-emulation';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-kubevirt.js');
const FIELD_MANAGER = 'cdk8s-kubevirt';

/** The CLI controller as a child process; its output lines are collected. */
export class ControllerProcess {
  public readonly lines: string[] = [];
  public readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(args: string[]) {
    if (!existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'index.js'))) throw new Error('build/lib/cli is missing: run `npm run build` first');
    this.child = spawn(process.execPath, [BIN, 'controller', '--kubeconfig', kubeconfigPath(), '--metrics-port', '0', ...args], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    const collect = (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      this.lines.push(...parts);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  public get pid(): number { return this.child.pid!; }
  public signal(sig: NodeJS.Signals): void { this.child.kill(sig); }
  public said(pattern: RegExp): boolean { return this.lines.some((l) => pattern.test(l)); }

  /** SIGTERM, then SIGKILL if it does not exit in time. */
  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** What the controller's field manager last wrote: the time of its Apply entry (a no-op apply leaves it). */
export function appliedAt(obj: KubeObject): string[] {
  const entries = (obj.metadata as { managedFields?: Array<{ manager?: string; operation?: string; time?: string }> }).managedFields ?? [];
  return entries.filter((m) => m.manager === FIELD_MANAGER && m.operation === 'Apply').map((m) => String(m.time));
}

function nad(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, type: 'bridge', bridge: `br-${name.slice(-4)}` }) },
  };
}

describeIfCluster('controller: kill -9 mid-wave', () => {
  let client: KubeClient;
  let ns: string;
  const children: ControllerProcess[] = [];
  const policy = uniqueName('drill-br');
  const inventory = uniqueName('inv-kill');
  beforeAll(async () => {
    client = await newClient();
    ns = uniqueName('fault-kill');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => {
    for (const c of children) await c.stop();
    await client.delete({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name: policy }).catch(() => undefined);
    await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: inventory }).catch(() => undefined);
    await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('a controller killed while a gated wave waits: the next one converges, deletes nothing, rewrites nothing', async () => {
    const dir = tempDir('kill-wave');
    const wave1 = Array.from({ length: 4 }, (_, i) => configMap(`cfg-${i}`, ns, { i: String(i) }));
    const gate = nncp(policy);
    const later = [nad('net-0', ns), nad('net-1', ns), dataVolume('disk-0', ns), dataVolume('disk-1', ns), vm('vm-0', ns), vm('vm-1', ns)];
    const objects = [...wave1, gate, ...later];
    writeFolder(dir, objects);
    const args = ['--source', dir, '--inventory-name', inventory, '--inventory-namespace', 'default', '--resync', '10m'];
    const live = async (o: KubeObject) => client.get(refOf(o));

    const first = new ControllerProcess(args);
    children.push(first);
    await eventually('wave 1 and the gating policy to be written', async () => {
      for (const o of [...wave1, gate]) if (!(await live(o))) return false;
      return first.said(new RegExp(`${subjectOf(refOf(gate))} created`));
    }, 120_000);
    await sleep(1500); // it waits on the policy's health now
    for (const o of later) expect(`${subjectOf(refOf(o))}: ${!!(await live(o))}`).toBe(`${subjectOf(refOf(o))}: false`);
    first.signal('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // kubernetes-nmstate reports the policy Available; then the state the kill left is recorded.
    await setNncpStatus(client, policy, 'Available');
    const before = new Map<string, KubeObject>();
    for (const o of [...wave1, gate]) before.set(keyOf(refOf(o)), (await live(o))!);
    for (const obj of before.values()) expect(appliedAt(obj)).toHaveLength(1);

    const restarted = Date.now();
    const second = new ControllerProcess(args);
    children.push(second);
    await eventually('the second controller to finish its first sync', async () => second.said(/watching /), 120_000);
    const convergedMs = Date.now() - restarted;
    const creations = second.lines.filter((l) => / created$/.test(l));
    console.log(`kill -9 while wave 2 waited: a new controller process converged ${convergedMs} ms after its start (process start included); `
      + `${creations.length} objects created, ${before.size} already written kept as they were`);

    // Everything exists, each written once by the controller ...
    for (const o of objects) {
      const obj = await live(o);
      expect(`${subjectOf(refOf(o))}: ${!!obj}`).toBe(`${subjectOf(refOf(o))}: true`);
      expect(appliedAt(obj!)).toHaveLength(1);
    }
    expect(creations.map((l) => l.replace(/^\S+ sync: /, '')).sort()).toEqual(later.map((o) => `${subjectOf(refOf(o))} created`).sort());
    // ... and what the killed run wrote is untouched: same uid (nothing deleted), same resourceVersion (no second write).
    await sleep(2000);
    for (const [key, was] of before) {
      const now = (await client.get(refOf(was)))!;
      expect({ key, uid: now.metadata.uid, resourceVersion: now.metadata.resourceVersion, applied: appliedAt(now) })
        .toEqual({ key, uid: was.metadata.uid, resourceVersion: was.metadata.resourceVersion, applied: appliedAt(was) });
    }
    expect(second.said(/ (configured|deleted|failed)/)).toBe(false);
    await second.stop();
    expect((await second.exited).code).toBe(0);
  });
  test('a controller killed mid-prune (VM held and marked deleted, disks still owned): the next one finishes it, no disk lost', async () => {
    const dir = tempDir('kill-prune');
    const prunedInventory = uniqueName('inv-kill-prune');
    const lockLabel = { 'example.com/detach-locked': 'true' };
    const templates = ['root', 'data', 'logs'].map((d) => ({
      metadata: { name: `db-${d}` }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    }));
    const settings = configMap('settings', ns);
    // Valid for the CLI's validation: every template disk is used by a volume.
    const machine = vm('db', ns, { dataVolumeTemplates: templates });
    const podSpec = (machine.spec as any).template.spec;
    podSpec.domain.devices = { disks: templates.map((t) => ({ name: t.metadata.name, disk: { bus: 'virtio' } })) };
    podSpec.volumes = templates.map((t) => ({ name: t.metadata.name, dataVolume: { name: t.metadata.name } }));
    writeFolder(dir, [machine, settings]);
    const args = ['--source', dir, '--inventory-name', prunedInventory, '--inventory-namespace', 'default', '--resync', '10m', '--prune'];
    const vmRef = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'db' };
    const controlledBy = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true }];

    // The VM as the controller applies it; its disks, VMI and revision as KubeVirt makes them.
    const setup = new ControllerProcess(args);
    children.push(setup);
    await eventually('the VM to be applied', async () => setup.said(/watching /), 120_000);
    await setup.stop();
    const owner = await client.get(vmRef);
    if (!owner) throw new Error(`the controller did not apply the VM:\n${setup.lines.join('\n')}`);
    const disks: KubeObject[] = [];
    for (const t of templates) {
      disks.push(await client.create({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: t.metadata.name, namespace: ns, labels: lockLabel, ownerReferences: controlledBy(owner) }, spec: t.spec }));
    }
    await client.create({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'db', namespace: ns, ownerReferences: controlledBy(owner) },
      spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } } });

    // Holds the prune between marking the VM deleted and detaching its disks: real detaches are
    // refused, server-side dry-runs (the prune's admission check) pass.
    const policy = uniqueName('hold-detach');
    const policyRefs = [{ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', name: policy },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: policy }];
    await client.create({
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: policy },
      spec: { failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['cdi.kubevirt.io'], apiVersions: ['*'], operations: ['UPDATE'], resources: ['datavolumes'] }] },
        validations: [{ expression: 'request.dryRun == true || (has(object.metadata.ownerReferences) && size(object.metadata.ownerReferences) >= size(oldObject.metadata.ownerReferences))', message: 'detach held' }] },
    });
    await client.create({
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: policy },
      spec: { policyName: policy, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, objectSelector: { matchLabels: lockLabel } } },
    });
    const probeOwner = await client.create(configMap('probe-owner', ns));
    const probeRef = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: ns, name: 'probe' };
    await client.create({ ...dataVolume('probe', ns), metadata: { name: 'probe', namespace: ns, labels: lockLabel, ownerReferences: controlledBy(probeOwner) } });
    /** True once the policy refuses a real detach (it takes effect asynchronously, both ways). */
    const detachRefused = async () => {
      const probe = (await client.get(probeRef))!;
      try {
        await client.mergePatch({ apiVersion: probe.apiVersion, kind: probe.kind, metadata: { name: 'probe', namespace: ns, ownerReferences: [] } });
      } catch (err) {
        if (toApiError(err).message.includes('detach held')) return true;
        throw err;
      }
      await client.mergePatch({ apiVersion: probe.apiVersion, kind: probe.kind, metadata: { name: 'probe', namespace: ns, ownerReferences: controlledBy(probeOwner) } })
        .catch(() => undefined);
      return false;
    };
    const emulator = await emulateDataVolumeAdoption(client, ns);
    try {
      await eventually('the admission policy to hold detaches', detachRefused, 90_000);

      writeFolder(dir, [settings]);
      const first = new ControllerProcess(args);
      children.push(first);
      await eventually('the prune to hold the VM, marked deleted, disks still owned', async () => {
        const live = await client.get(vmRef);
        return !!live?.metadata.deletionTimestamp && (live.metadata.finalizers ?? []).includes(PRUNE_GUARD_FINALIZER) && first.said(/VirtualMachine\/\S+\/db failed/);
      }, 120_000);
      first.signal('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const heldLine = first.lines.find((l) => /VirtualMachine\/\S+\/db failed/.test(l))!;
      expect(heldLine).toMatch(/deletion started, but .*detach held.*the next run finishes it/);
      for (const disk of disks) {
        const live = (await client.get({ ...probeRef, name: disk.metadata.name }))!;
        expect((live.metadata.ownerReferences ?? []).map((o) => o.uid)).toEqual([owner.metadata.uid]);
      }

      for (const ref of policyRefs) await client.delete(ref);
      await eventually('the admission policy to let detaches through again', async () => !(await detachRefused()), 90_000);

      const restarted = Date.now();
      const second = new ControllerProcess(args);
      children.push(second);
      await eventually('the VM and its VMI to be gone', async () => !(await client.get(vmRef))
        && !(await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', namespace: ns, name: 'db' })), 120_000);
      console.log(`kill -9 mid-prune: the next controller process finished the prune ${Date.now() - restarted} ms after its start (process start included); `
        + `emulated virt-controller: ${emulator.adoptions()} adoptions, ${emulator.refusals()} refused (VM marked deleted)`);
      expect(second.said(/VirtualMachine\/\S+\/db deleted: disks kept/)).toBe(true);
      await sleep(3000); // the garbage collector would have deleted a disk still owned by the VM by now
      for (const disk of disks) {
        const live = await client.get({ ...probeRef, name: disk.metadata.name });
        expect({ name: disk.metadata.name, uid: live?.metadata.uid, terminating: !!live?.metadata.deletionTimestamp, owners: live?.metadata.ownerReferences ?? [] })
          .toEqual({ name: disk.metadata.name, uid: disk.metadata.uid, terminating: false, owners: [] });
      }
      expect((await client.get(refOf(settings)))?.metadata.uid).toBeDefined();
      await second.stop();
    } finally {
      await emulator.stop();
      for (const ref of policyRefs) await client.delete(ref).catch(() => undefined);
      await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: prunedInventory }).catch(() => undefined);
    }
  });
});
