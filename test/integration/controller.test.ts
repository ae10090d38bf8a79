// The applier against the real control plane: the seed example applied twice (zero writes the
// second time), prune safety with the garbage collector running, NNCP gating, 409 conflicts.
import { App, YamlOutputType } from 'cdk8s';
import { buildLab } from '../../examples/lab';
import { Applier } from '../../lib/controller/applier';
import { APPLYSET_PART_OF_LABEL, applySetId } from '../../lib/controller/inventory';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, loadSourceFolder, refOf } from '../../lib/controller/objects';
import {
  configMap, dataVolume, eventually, fakeNmstate, freshEstate, kubeconfigPath, newClient, nncp, setNncpStatus, sleep, tempDir, vm, vmWithTemplateDisk, writeFolder,
} from '../controller/support';
import { main } from '../../lib/cli';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(180_000);

describeIfCluster('controller: apply', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  const inventory = () => ({ name: uniqueName('inv'), namespace: 'default' });
  const newNamespace = async () => {
    const name = uniqueName('ctl');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    namespaces.push(name);
    return name;
  };

  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('the seed example applied twice: the second run is all unchanged with zero write requests', async () => {
    const out = tempDir('seed');
    const app = new App({ outdir: out, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    buildLab(app);
    app.synth();
    const sources = await loadSourceFolder(out);
    namespaces.push(...await freshEstate(client, sources));
    const nncps = sources.filter((s) => s.object.kind === 'NodeNetworkConfigurationPolicy').map((s) => s.object.metadata.name);
    const stopNmstate = fakeNmstate(client, nncps);
    const inv = inventory();
    const first = await new Applier(client).apply(sources, { inventory: inv, waitIntervalMs: 200, timeoutMs: 30_000 });
    await stopNmstate();
    expect(first.message).toBeUndefined();
    expect(first.ok).toBe(true);
    expect(first.changes.counts().created).toBe(sources.length);

    const versions = async () => Promise.all(sources.map(async (s) => (await client.get({ ...s.object, namespace: s.object.metadata.namespace, name: s.object.metadata.name }))!.metadata.resourceVersion));
    const before = await versions();
    // A fresh client: its request counters start at zero.
    const second = await newClient();
    const again = await new Applier(second).apply(sources, { inventory: inv, waitIntervalMs: 200, timeoutMs: 30_000 });
    expect(again.ok).toBe(true);
    expect(again.changes.counts()).toMatchObject({ unchanged: sources.length, created: 0, configured: 0, failed: 0 });
    expect(second.requests.writes).toBe(0);
    expect(second.requests.dryRuns).toBe(sources.length);
    expect(await versions()).toEqual(before);
    // Members carry the ApplySet label; the parent lists their group-kinds.
    const rhel = await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'rhel' });
    expect(rhel!.metadata.labels![APPLYSET_PART_OF_LABEL]).toBe(applySetId(inv));
    const parent = await client.get({ apiVersion: 'v1', kind: 'Secret', ...inv });
    expect(parent!.metadata.annotations!['applyset.kubernetes.io/contains-group-kinds']).toContain('VirtualMachine.kubevirt.io');
  });

  test('prune keeps every disk with the garbage collector running; --prune-data removes them', async () => {
    const ns = await newNamespace();
    const inv = inventory();
    const dir = tempDir('prune');
    const templated = vmWithTemplateDisk('db', ns, 'db-root');
    const objects = [templated, dataVolume('db-data', ns), configMap('settings', ns)];
    writeFolder(dir, objects);
    const applier = new Applier(client);
    expect((await applier.apply(await loadSourceFolder(dir), { inventory: inv })).ok).toBe(true);

    // Play KubeVirt and CDI: the template DV is owned by the VM, each DV owns its PVC.
    const live = await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'db' });
    const owner = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    const templateDv = await client.create({ ...dataVolume('db-root', ns), metadata: { name: 'db-root', namespace: ns, ownerReferences: owner(live!) } });
    const standaloneDv = (await client.get({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: ns, name: 'db-data' }))!;
    const pvcOf = (dv: KubeObject) => client.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: dv.metadata.name, namespace: ns, ownerReferences: owner(dv) },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const pvcs = [await pvcOf(templateDv), await pvcOf(standaloneDv)];
    // Not owned by the inventory: never touched.
    await client.create(configMap('foreign', ns));
    await client.create({ ...configMap('other-set', ns), metadata: { name: 'other-set', namespace: ns, labels: { [APPLYSET_PART_OF_LABEL]: 'applyset-someone-else-v1' } } });

    writeFolder(dir, [configMap('settings', ns)]);
    const pruned = await applier.apply(await loadSourceFolder(dir), { inventory: inv, prune: true });
    expect(pruned.message).toBeUndefined();
    const map = pruned.changes.toMap();
    expect(map[`VirtualMachine/${ns}/db`]).toBe('deleted');
    expect(map[`DataVolume/${ns}/db-data`]).toBe('skipped');
    const vmEntry = pruned.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/db`)!;
    expect(vmEntry.reason).toContain(`DataVolume/${ns}/db-root`);
    await eventually('the VM to be gone', async () => !(await client.get(refOf(live!))));
    await sleep(3000); // give the garbage collector time to (wrongly) cascade
    const exists = (kind: string, apiVersion: string, name: string) => client.get({ apiVersion, kind, namespace: ns, name });
    expect((await exists('DataVolume', 'cdi.kubevirt.io/v1beta1', 'db-root'))?.metadata.uid).toBe(templateDv.metadata.uid);
    expect((await exists('DataVolume', 'cdi.kubevirt.io/v1beta1', 'db-data'))?.metadata.uid).toBe(standaloneDv.metadata.uid);
    for (const pvc of pvcs) expect((await exists('PersistentVolumeClaim', 'v1', pvc.metadata.name))?.metadata.uid).toBe(pvc.metadata.uid);
    expect(await exists('ConfigMap', 'v1', 'foreign')).toBeDefined();
    expect(await exists('ConfigMap', 'v1', 'other-set')).toBeDefined();

    const withData = await applier.apply(await loadSourceFolder(dir), { inventory: inv, prune: true, pruneData: true });
    expect(withData.changes.toMap()[`DataVolume/${ns}/db-data`]).toBe('deleted');
    // The garbage collector deletes the DV's PVC; the test control plane runs no pvc-protection
    // controller, so the claim may stay Terminating on its finalizer: deleted either way.
    await eventually('the standalone DV and its PVC to be deleted', async () => {
      const pvc = await exists('PersistentVolumeClaim', 'v1', 'db-data');
      return !(await exists('DataVolume', 'cdi.kubevirt.io/v1beta1', 'db-data')) && (!pvc || !!pvc.metadata.deletionTimestamp);
    }, 60_000);
    expect(await exists('ConfigMap', 'v1', 'foreign')).toBeDefined();
    expect(await exists('ConfigMap', 'v1', 'settings')).toBeDefined();
  });

  test('prune with pruneData deletes a VM with cascade, so its template disks go too', async () => {
    const ns = await newNamespace();
    const inv = inventory();
    const dir = tempDir('prune-data');
    writeFolder(dir, [vmWithTemplateDisk('web', ns, 'web-root'), configMap('keep', ns)]);
    const applier = new Applier(client);
    await applier.apply(await loadSourceFolder(dir), { inventory: inv });
    const live = (await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'web' }))!;
    await client.create({ ...dataVolume('web-root', ns), metadata: { name: 'web-root', namespace: ns,
      ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'web', uid: live.metadata.uid!, controller: true, blockOwnerDeletion: true }] } });
    writeFolder(dir, [configMap('keep', ns)]);
    const result = await applier.apply(await loadSourceFolder(dir), { inventory: inv, prune: true, pruneData: true });
    expect(result.changes.toMap()[`VirtualMachine/${ns}/web`]).toBe('deleted');
    await eventually('the template DV to be garbage-collected', async () =>
      !(await client.get({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: ns, name: 'web-root' })), 60_000);
  });

  test('a VM is not applied before its NNCP is Available; Degraded stops the run', async () => {
    const ns = await newNamespace();
    const policy = uniqueName('br');
    const dir = tempDir('nncp');
    writeFolder(dir, [nncp(policy), vm('behind-bridge', ns)]);
    const sources = await loadSourceFolder(dir);
    const running = new Applier(client).apply(sources, { inventory: inventory(), waitIntervalMs: 100, timeoutMs: 60_000 });
    const vmRef = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'behind-bridge' };
    await eventually('the NNCP to exist', async () => !!(await client.get({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name: policy })));
    await setNncpStatus(client, policy, 'Progressing');
    await sleep(1500);
    expect(await client.get(vmRef)).toBeUndefined();
    const availableAt = Date.now();
    await setNncpStatus(client, policy, 'Available');
    const result = await running;
    expect(result.ok).toBe(true);
    const created = await client.get(vmRef);
    expect(Date.parse(created!.metadata.creationTimestamp as string)).toBeGreaterThanOrEqual(Math.floor(availableAt / 1000) * 1000);

    const degraded = uniqueName('br');
    writeFolder(dir, [nncp(degraded), vm('never', ns)]);
    const failing = new Applier(client).apply(await loadSourceFolder(dir), { inventory: inventory(), waitIntervalMs: 100, timeoutMs: 60_000 });
    await eventually('the second NNCP to exist', async () => !!(await client.get({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name: degraded })));
    await setNncpStatus(client, degraded, 'Degraded');
    const failed = await failing;
    expect(failed.ok).toBe(false);
    expect(failed.message).toContain(`NodeNetworkConfigurationPolicy/${degraded} (Failed: Degraded`);
    expect(await client.get({ ...vmRef, name: 'never' })).toBeUndefined();
    for (const name of [policy, degraded]) await client.delete({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name });
  });

  test('a field another manager owns is a reported conflict, written only with forceConflicts', async () => {
    const ns = await newNamespace();
    const inv = inventory();
    const dir = tempDir('conflict');
    writeFolder(dir, [configMap('shared', ns, { mode: 'ours' })]);
    const applier = new Applier(client);
    await applier.apply(await loadSourceFolder(dir), { inventory: inv });
    await client.apply({ ...configMap('shared', ns, { mode: 'theirs' }) }, { fieldManager: 'other', force: true });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'shared' };
    const rv = (await client.get(ref))!.metadata.resourceVersion;
    const writer = await newClient();
    const reported = await new Applier(writer).apply(await loadSourceFolder(dir), { inventory: inv });
    expect(reported.ok).toBe(false);
    const entry = reported.changes.entries.find((e) => e.subject === `ConfigMap/${ns}/shared`)!;
    expect(entry.action).toBe('failed');
    expect(entry.conflicts).toEqual(['other']);
    expect(reported.message).toContain(`ConfigMap/${ns}/shared`);
    // One write only: the ApplySet parent's status (Ready=False, naming the object); none to the object.
    expect(writer.requests.writes).toBe(1);
    const status = (await client.get({ apiVersion: 'v1', kind: 'Secret', ...inv }))!.metadata.annotations!['cdk8s-kubevirt.io/conditions'];
    expect(JSON.parse(status)[0]).toMatchObject({ type: 'Ready', status: 'False', message: expect.stringContaining(`ConfigMap/${ns}/shared`) });
    expect((await client.get(ref))!.metadata.resourceVersion).toBe(rv);
    const forced = await new Applier(client).apply(await loadSourceFolder(dir), { inventory: inv, forceConflicts: true });
    expect(forced.changes.toMap()[`ConfigMap/${ns}/shared`]).toBe('configured');
    expect((await client.get(ref))!.data).toEqual({ mode: 'ours' });
  });

  test('validation errors stop the apply before any write', async () => {
    const ns = await newNamespace();
    const dir = tempDir('invalid');
    writeFolder(dir, [{ ...vm('bad', ns), spec: { runStrategy: 'Sometimes', template: { spec: { domain: { devices: {} } } } } }]);
    const writer = await newClient();
    const result = await new Applier(writer).apply(await loadSourceFolder(dir), { inventory: inventory() });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('validation failed');
    expect(writer.requests.writes + writer.requests.dryRuns).toBe(0);
  });

  test('CLI: apply, diff (exit 1 with a unified diff on changes, 0 when in sync), --dry-run writes nothing', async () => {
    const ns = await newNamespace();
    const dir = tempDir('cli');
    writeFolder(dir, [configMap('app', ns, { level: 'info' }), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: ns }, stringData: { password: 'hunter2' } }]);
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, '--kubeconfig', kubeconfigPath(), '--inventory-name', `inv-${ns}`], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const applied = await run('apply', '.');
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(`ConfigMap/${ns}/app created`);
    expect((await run('diff', '.')).code).toBe(0);

    writeFolder(dir, [configMap('app', ns, { level: 'debug' }), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: ns }, stringData: { password: 'hunter3' } }]);
    const diff = await run('diff', '.');
    expect(diff.code).toBe(1);
    expect(diff.out).toContain('-  level: info');
    expect(diff.out).toContain('+  level: debug');
    expect(diff.out).not.toContain('hunter');
    const dry = await run('apply', '.', '--dry-run', '--output', 'json');
    const report = JSON.parse(dry.out);
    expect(report.requests.writes).toBe(0);
    expect(report.entries.find((e: { subject: string }) => e.subject === `ConfigMap/${ns}/app`).action).toBe('configured');
    expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'app' }))!.data).toEqual({ level: 'info' });
  });
});
