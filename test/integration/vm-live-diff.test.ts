// `cdk8s-kubevirt diff` on a VirtualMachine against the real API server: the unified diff and, per
// change, whether KubeVirt applies it to the running VM or needs a restart, and for a stopped VM
// that a restart-only change applies at its next start.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';
import { main } from '../../lib/cli';
import { kubeconfigPath, newClient, tempDir } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

const vmYaml = (ns: string, sockets: number, cores: number, runStrategy = 'Always') => `
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: ${ns}}
spec:
  runStrategy: ${runStrategy}
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

  /** A folder of its own and `main` run in it (one ApplySet per folder). */
  const workspace = (name: string) => {
    const dir = tempDir('vmdiff');
    const write = (text: string) => fs.writeFileSync(path.join(dir, 'vm.yaml'), text);
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, '--kubeconfig', kubeconfigPath(), '--inventory-name', `inv-${name}`], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    return { dir, write, run };
  };
  /** Plays virt-controller (not in the control plane): the VM's status as KubeVirt writes it. */
  const vmStatus = (vmNs: string, status: Record<string, unknown>) => client.applyStatus(
    { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: vmNs }, status } as KubeObject, 'virt-controller');

  test('sockets within maxSockets apply live, cores need a restart; JSON carries the verdict', async () => {
    const { dir, write, run } = workspace(ns);
    write(vmYaml(ns, 2, 1));
    const applied = await run('apply', '.');
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    await vmStatus(ns, { created: true, ready: true, printableStatus: 'Running' });

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

  test('a stopped VM (Halted, no VMI): restart-only changes apply at its next start, no restart named, no RestartRequired', async () => {
    const stoppedNs = uniqueName('vmstop');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: stoppedNs } });
    try {
      const { write, run } = workspace(stoppedNs);
      write(vmYaml(stoppedNs, 2, 1, 'Halted'));
      expect((await run('apply', '.')).code).toBe(0);
      await vmStatus(stoppedNs, { printableStatus: 'Stopped' });

      write(vmYaml(stoppedNs, 4, 2, 'Halted'));
      const diff = await run('diff', '.');
      expect(diff.out).toContain(`VirtualMachine/${stoppedNs}/web: applies at next start (VM stopped)`);
      expect(diff.out).toContain('at next start  spec.template.spec.domain.cpu.cores: the VM is stopped: applies at its next start');
      const json = await run('diff', '.', '--output', 'json');
      const vm = JSON.parse(json.out).changes.find((c: { subject: string }) => c.subject === `VirtualMachine/${stoppedNs}/web`).vm;
      expect(vm.verdict).toBe('next-start');
      expect(vm.changes.map((c: { path: string; effect: string }) => `${c.effect} ${c.path}`)).toEqual([
        'live spec.template.spec.domain.cpu.sockets', 'next-start spec.template.spec.domain.cpu.cores',
      ]);

      const applied = await run('apply', '.', '--output', 'json');
      expect(applied.code).toBe(0);
      const entry = JSON.parse(applied.out).entries.find((e: { subject: string }) => e.subject === `VirtualMachine/${stoppedNs}/web`);
      expect(entry).toMatchObject({ action: 'configured', nextStartFields: ['spec.template.spec.domain.cpu.cores'] });
      expect(entry.restartFields).toBeUndefined();
      const parent = await client.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: `inv-${stoppedNs}` });
      const conditions = JSON.parse(parent!.metadata.annotations!['cdk8s-kubevirt.io/conditions']) as Array<Record<string, string>>;
      expect(conditions.find((c) => c.type === 'RestartRequired')?.status ?? 'False').toBe('False');

      write(vmYaml(stoppedNs, 4, 4, 'Halted'));
      const text = await run('apply', '.');
      expect(text.out).toContain(`VirtualMachine/${stoppedNs}/web configured: applies at next start (VM stopped): spec.template.spec.domain.cpu.cores`);
      expect(text.out).not.toContain('needs a restart');
    } finally {
      await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: stoppedNs }).catch(() => undefined);
    }
  });
});
