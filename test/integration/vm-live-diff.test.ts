// `cdk8s-kubevirt diff` on a VirtualMachine against the real API server: the unified diff and, per
// change, whether KubeVirt applies it to the running VM or needs a restart.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { KubeClient } from '../../lib/controller/kube-client';
import { main } from '../../lib/cli';
import { kubeconfigPath, newClient, tempDir } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

const vmYaml = (ns: string, sockets: number, cores: number) => `
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: ${ns}}
spec:
  runStrategy: Halted
  template:
    spec:
      domain:
        cpu: {sockets: ${sockets}, cores: ${cores}, threads: 1, maxSockets: 8}
        memory: {guest: 2Gi, maxGuest: 8Gi}
        devices:
          disks: [{name: rootdisk, disk: {bus: virtio}}]
      volumes: [{name: rootdisk, containerDisk: {image: quay.io/containerdisks/fedora:41}}]
`;

describeIfCluster('diff: live vs restart per VM change', () => {
  let client: KubeClient;
  let ns: string;
  beforeAll(async () => {
    client = await newClient();
    ns = uniqueName('vmdiff');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => { await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined); });

  test('sockets within maxSockets apply live, cores need a restart; JSON carries the verdict', async () => {
    const dir = tempDir('vmdiff');
    const write = (text: string) => fs.writeFileSync(path.join(dir, 'vm.yaml'), text);
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, '--kubeconfig', kubeconfigPath(), '--inventory-name', `inv-${ns}`], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    write(vmYaml(ns, 2, 1));
    const applied = await run('apply', '.');
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);

    write(vmYaml(ns, 4, 1));
    const live = await run('diff', '.');
    expect(live.code).toBe(1);
    expect(live.out).toContain('-          sockets: 2');
    expect(live.out).toContain('+          sockets: 4');
    expect(live.out).toContain(`VirtualMachine/${ns}/web: applies live`);
    expect(live.out).toContain('applies live   spec.template.spec.domain.cpu.sockets: CPU hotplug: 2 -> 4 sockets (maxSockets 8)');

    write(vmYaml(ns, 4, 2));
    const restart = await run('diff', '.', '--output', 'json');
    expect(restart.code).toBe(1);
    const vm = JSON.parse(restart.out).changes.find((c: { subject: string }) => c.subject === `VirtualMachine/${ns}/web`).vm;
    expect(vm.verdict).toBe('restart');
    expect(vm.changes).toEqual([
      { path: 'spec.template.spec.domain.cpu.sockets', effect: 'live', reason: 'CPU hotplug: 2 -> 4 sockets (maxSockets 8)' },
      { path: 'spec.template.spec.domain.cpu.cores', effect: 'restart', reason: 'not live-updatable' },
    ]);
    // The YAML the diff was computed from is what the folder holds.
    expect(yaml.parse(fs.readFileSync(path.join(dir, 'vm.yaml'), 'utf8')).spec.template.spec.domain.cpu.cores).toBe(2);

    // apply names the fields that wait for the next start (the same classification); the set's
    // RestartRequired condition waits for KubeVirt's flag on the VM (no virt-controller here).
    const appliedRestart = await run('apply', '.');
    expect(appliedRestart.err).toBe('');
    expect(appliedRestart.code).toBe(0);
    expect(appliedRestart.out).toContain(`VirtualMachine/${ns}/web configured: needs a restart for spec.template.spec.domain.cpu.cores`);
    const parent = await client.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: `inv-${ns}` });
    const conditions = JSON.parse(parent!.metadata.annotations!['cdk8s-kubevirt.io/conditions']) as Array<Record<string, string>>;
    expect(conditions.find((c) => c.type === 'RestartRequired')?.status ?? 'False').toBe('False');
  });
});
