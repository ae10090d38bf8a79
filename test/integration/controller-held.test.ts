// Fields another manager the controller respects holds (virt-api after `virtctl stop`) against the
// real control plane: reported as held, never a failed wave; later waves and prune proceed.
import { Applier } from '../../lib/controller/applier';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, ObjectRef, loadSourceFolder } from '../../lib/controller/objects';
import { configMap, newClient, tempDir, vm, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('controller: fields held by respected managers', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  const service = (ns: string, port: number): KubeObject => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns },
    spec: { selector: { 'vm.kubevirt.io/name': 'web' }, ports: [{ name: 'http', port, targetPort: 8080 }] },
  });
  const machine = (ns: string, memory: string) => {
    const m = vm('web', ns, { runStrategy: 'Always' });
    (m.spec as any).template.spec.domain.resources.requests.memory = memory;
    return m;
  };

  test('after virtctl stop (virt-api holds runStrategy) the VM is not failed: a later Service edit and the prune land', async () => {
    const ns = uniqueName('held');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    namespaces.push(ns);
    const dir = tempDir('held');
    const inventory = { name: `inv-${ns}`, namespace: 'default' };
    const apply = async (objects: KubeObject[]) => {
      writeFolder(dir, objects);
      return new Applier(client).apply(await loadSourceFolder(dir), { inventory, prune: true, validator: false, forceConflicts: true });
    };
    expect((await apply([machine(ns, '64Mi'), service(ns, 80), configMap('old', ns)])).ok).toBe(true);
    const vmRef: ObjectRef = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'web' };

    // `virtctl stop` on a runStrategy Always VM: virt-api patches spec.runStrategy to Halted (an update).
    await client.mergePatch({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: ns }, spec: { runStrategy: 'Halted' } },
      { fieldManager: 'virt-api' });

    // Git changes the VM's memory and the Service's port (a later wave), and drops a ConfigMap (prune).
    const result = await apply([machine(ns, '128Mi'), service(ns, 8080)]);
    expect(result.message).toBeUndefined();
    expect(result.ok).toBe(true);
    const vmEntry = result.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/web`)!;
    expect(vmEntry.action).toBe('configured');
    expect(vmEntry.held).toEqual([{ field: '.spec.runStrategy', manager: 'virt-api' }]);
    expect(result.changes.toText()).toContain(`VirtualMachine/${ns}/web configured: .spec.runStrategy held by virt-api`);
    expect(result.changes.toMap()[`Service/${ns}/web`]).toBe('configured');
    expect(result.changes.toMap()[`ConfigMap/${ns}/old`]).toBe('deleted');

    const live = (await client.get(vmRef))!;
    expect((live.spec as any).runStrategy).toBe('Halted'); // the operator's stop stands
    expect((live.spec as any).template.spec.domain.resources.requests.memory).toBe('128Mi'); // Git's change landed
    const svc = (await client.get({ apiVersion: 'v1', kind: 'Service', namespace: ns, name: 'web' }))!;
    expect((svc.spec as any).ports[0].port).toBe(8080);
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'old' })).toBeUndefined();

    // Steady state: the only difference is the held field: unchanged, reported, no write.
    const writer = await newClient();
    const again = await new Applier(writer).apply(await loadSourceFolder(dir), { inventory, prune: true, validator: false, forceConflicts: true });
    expect(again.ok).toBe(true);
    const steady = again.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/web`)!;
    expect(steady.action).toBe('unchanged');
    expect(steady.held).toEqual([{ field: '.spec.runStrategy', manager: 'virt-api' }]);
    expect(writer.requests.writes).toBe(0);

    // Without forceConflicts as well: a held field is never a conflict failure.
    const plain = await new Applier(client).apply(await loadSourceFolder(dir), { inventory, validator: false });
    expect(plain.ok).toBe(true);
    expect(plain.changes.toMap()[`VirtualMachine/${ns}/web`]).toBe('unchanged');
  });
});
