// What the controller writes for people to see, against the real control plane: Events on managed
// objects (drift corrected, pruned, apply failed), conditions + revision + counts on the ApplySet
// parent, and RestartRequired as a per-VM gauge, a log line and a parent condition.
import * as fs from 'fs';
import * as path from 'path';
import { GitOpsController } from '../../lib/controller/enforcer';
import { EventRecorder } from '../../lib/controller/events';
import { KubeClient } from '../../lib/controller/kube-client';
import { ControllerMetrics } from '../../lib/controller/metrics';
import { KubeObject } from '../../lib/controller/objects';
import { CONDITIONS_ANNOTATION, COUNTS_ANNOTATION, REVISION_ANNOTATION, SetCondition } from '../../lib/controller/set-status';
import { configMap, eventually, newClient, tempDir, vm, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('controller: events, ApplySet conditions, RestartRequired', () => {
  let client: KubeClient;
  let controller: GitOpsController | undefined;
  const namespaces: string[] = [];
  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    await controller?.stop();
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('drift corrections, prunes and failed applies leave Events; the parent carries Ready, revision, counts and RestartRequired', async () => {
    const ns = uniqueName('status');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    namespaces.push(ns);
    // A Git checkout: the folder lives in a worktree whose HEAD names the commit.
    const checkout = tempDir('status-git');
    const commit = 'a'.repeat(40);
    fs.mkdirSync(path.join(checkout, '.git', 'refs', 'heads'), { recursive: true });
    fs.writeFileSync(path.join(checkout, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(checkout, '.git', 'refs', 'heads', 'main'), `${commit}\n`);
    const dir = path.join(checkout, 'dist');
    fs.mkdirSync(dir);
    writeFolder(dir, [vm('app', ns, { runStrategy: 'Always' }), configMap('cfg', ns), configMap('old', ns)]);

    const inventory = { name: `inv-${ns}`, namespace: 'default' };
    const metrics = new ControllerMetrics();
    const lines: string[] = [];
    const writer = await newClient();
    const events = new EventRecorder(writer, { instance: 'test-replica', onError: (m) => lines.push(m) });
    controller = new GitOpsController(writer, {
      source: dir, inventory, prune: true, validator: false, debounceMs: 50, resyncIntervalMs: 600_000, sourcePollMs: 600_000,
      forceConflicts: true, metrics, events, log: (l) => lines.push(l),
    });
    await controller.start();
    const parent = async () => (await client.get({ apiVersion: 'v1', kind: 'Secret', ...inventory }))!.metadata.annotations!;
    const condition = async (type: string) => (JSON.parse((await parent())[CONDITIONS_ANNOTATION]) as SetCondition[]).find((c) => c.type === type)!;
    expect(await condition('Ready')).toMatchObject({ status: 'True', reason: 'Applied' });
    expect((await parent())[REVISION_ANNOTATION]).toBe(commit);
    expect(JSON.parse((await parent())[COUNTS_ANNOTATION])).toMatchObject({ created: 3, failed: 0 });
    const eventsOn = async (name: string, reason: string) => (await client.list('events.k8s.io/v1', 'Event', { namespace: ns })).items
      .filter((e: KubeObject) => (e.regarding as { name: string }).name === name && e.reason === reason);

    // KubeVirt marks the VM RestartRequired: gauge, one log line, and a parent condition at the next sync.
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await client.applyStatus({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'app', namespace: ns },
      status: { printableStatus: 'Running', ready: true, conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'RestartRequired', status: 'True', lastTransitionTime: now, message: 'a non-live-updatable field was changed in the template spec' },
      ] } } as unknown as KubeObject, 'virt-controller');
    await eventually('the RestartRequired gauge', async () =>
      (await metrics.registry.metrics()).includes(`cdk8s_kubevirt_vm_restart_required{namespace="${ns}",name="app"} 1`), 10_000);
    expect(lines).toContain(`VirtualMachine/${ns}/app: restart required to run the applied spec`);
    await controller.syncNow();
    expect(await condition('RestartRequired')).toMatchObject({ status: 'True', message: expect.stringContaining(`VirtualMachine/${ns}/app`) });
    expect(lines.some((l) => l.includes(`VirtualMachine/${ns}/app unchanged: restart required to run the applied spec`))).toBe(true);
    const vmAfter = await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'app' });
    expect((vmAfter!.spec as { runStrategy: string }).runStrategy).toBe('Always'); // never restarted by the controller

    // An out-of-band edit is reverted: a DriftCorrected Event on the object.
    await client.apply(configMap('cfg', ns, { a: 'edited' }), { fieldManager: 'kubectl-edit', force: true });
    await eventually('a DriftCorrected event on the ConfigMap', async () => (await eventsOn('cfg', 'DriftCorrected')).length === 1, 15_000);
    const corrected = (await eventsOn('cfg', 'DriftCorrected'))[0];
    expect(corrected).toMatchObject({ type: 'Normal', reportingController: 'cdk8s-kubevirt.io/controller', reportingInstance: 'test-replica', action: 'Apply' });

    // A prune: a Pruned Event.
    writeFolder(dir, [vm('app', ns, { runStrategy: 'Always' }), configMap('cfg', ns)]);
    await controller.syncNow();
    await eventually('a Pruned event', async () => (await eventsOn('old', 'Pruned')).length === 1, 10_000);

    // A failed apply (another manager holds a field and conflicts are not forced): a Warning, and the parent says Ready=False.
    await client.apply(configMap('cfg', ns, { a: 'theirs' }), { fieldManager: 'other', force: true });
    await controller.stop();
    controller = new GitOpsController(writer, {
      source: dir, inventory, prune: true, validator: false, resyncIntervalMs: 600_000, sourcePollMs: 600_000, metrics, events, log: (l) => lines.push(l),
    });
    await controller.start();
    await eventually('an ApplyFailed event', async () => (await eventsOn('cfg', 'ApplyFailed')).length === 1, 10_000);
    const failedEvents = await eventsOn('cfg', 'ApplyFailed');
    expect(failedEvents[0]).toMatchObject({ type: 'Warning', note: expect.stringContaining('conflict') });
    expect(await condition('Ready')).toMatchObject({ status: 'False', reason: 'ApplyFailed', message: expect.stringContaining(`ConfigMap/${ns}/cfg`) });
    expect(await condition('Stalled')).toMatchObject({ status: 'True' });
    expect(lines.filter((l) => l.startsWith('events not recorded'))).toEqual([]);
  });

  test('restart only on opt-in: a VM annotated restart-on-change gets a new VMI; one without keeps its VMI', async () => {
    const ns = uniqueName('restart');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    namespaces.push(ns);
    const dir = tempDir('restart');
    const optedIn = vm('auto', ns, { runStrategy: 'Always' });
    optedIn.metadata.annotations = { 'cdk8s-kubevirt.io/restart-on-change': 'true' };
    writeFolder(dir, [optedIn, vm('manual', ns, { runStrategy: 'Always' })]);
    const lines: string[] = [];
    await controller?.stop();
    controller = new GitOpsController(await newClient(), {
      source: dir, inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, forceConflicts: true,
      resyncIntervalMs: 600_000, sourcePollMs: 600_000, log: (l) => lines.push(l),
    });
    await controller.start();
    const vmis: Record<string, string> = {};
    for (const name of ['auto', 'manual']) {
      const owner = (await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name }))!;
      const vmi = await client.create({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance',
        metadata: { name, namespace: ns, ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name, uid: owner.metadata.uid!, controller: true }] },
        spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } } });
      vmis[name] = vmi.metadata.uid!;
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await client.applyStatus({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns },
        status: { printableStatus: 'Running', conditions: [{ type: 'RestartRequired', status: 'True', lastTransitionTime: now }] } } as unknown as KubeObject, 'virt-controller');
    }
    const vmiRef = (name: string) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', namespace: ns, name });
    await eventually('the opted-in VM restarted (its VMI deleted)', async () => {
      const live = await client.get(vmiRef('auto'));
      return !live || !!live.metadata.deletionTimestamp;
    }, 15_000);
    expect(lines).toContain(`VirtualMachine/${ns}/auto: restarted to run the applied spec (restart-on-change)`);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await client.get(vmiRef('manual')))?.metadata.uid).toBe(vmis.manual);
    expect((await client.get(vmiRef('manual')))?.metadata.deletionTimestamp).toBeUndefined();
  });
});
