import { Size, Testing } from 'cdk8s';
import {
  CommonInstancetype, Flavor, VirtualMachine, VmNamespace, launcherPodRequests, memoryOverheadBytes,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

const MI = 1024 * 1024;
// KubeVirt's page-table term: request scaled up to kilobytes, one bit per 512 bytes.
const pageTable = (bytes: number) => Math.floor((Math.ceil(bytes / 1000) * 1000) / 512);
// virt-launcher-monitor 25 + virt-launcher 100 + virtlogd 25 + virtqemud 40 + qemu 30, IO thread 8, video 32 (MiB).
const FIXED = (25 + 100 + 25 + 40 + 30 + 8 + 32) * MI;

describe('launcher pod requests (KubeVirt GetMemoryOverhead)', () => {
  test('a 1 vCPU / 2Gi VM: 2Gi + 272Mi of memory, 100m of CPU at the default 1:10 allocation ratio', () => {
    const r = launcherPodRequests({ vcpus: 1, guestMemory: Size.gibibytes(2) });
    expect(pageTable(2 * 1024 * MI)).toBe(4 * MI);
    expect(r).toEqual({ cpuMillis: 100, memoryBytes: 2048 * MI + 4 * MI + FIXED + 8 * MI });
    expect(r.memoryBytes).toBe(2320 * MI);
  });

  test('each device term: VFIO 1Gi, TPM 53Mi, SEV 256Mi, exec probes 10Mi each + 100Mi, no graphics -32Mi, dedicated +100Mi', () => {
    const base = { vcpus: 2, guestMemory: Size.gibibytes(1) };
    const b = memoryOverheadBytes(base, 1024 * MI);
    expect(b).toBe(pageTable(1024 * MI) + FIXED + 16 * MI);
    expect(memoryOverheadBytes({ ...base, vfio: true }, 1024 * MI) - b).toBe(1024 * MI);
    expect(memoryOverheadBytes({ ...base, tpm: true }, 1024 * MI) - b).toBe(53 * MI);
    expect(memoryOverheadBytes({ ...base, sev: true }, 1024 * MI) - b).toBe(256 * MI);
    expect(memoryOverheadBytes({ ...base, execProbes: 2 }, 1024 * MI) - b).toBe(120 * MI);
    expect(memoryOverheadBytes({ ...base, graphics: false }, 1024 * MI) - b).toBe(-32 * MI);
    expect(memoryOverheadBytes({ ...base, dedicatedCpu: true }, 1024 * MI) - b).toBe(100 * MI);
    expect(memoryOverheadBytes({ ...base, downwardMetrics: true }, 1024 * MI) - b).toBe(1 * MI);
  });

  test('dedicated CPUs with an isolated emulator thread and 1Gi hugepages; cluster overcommit and allocation ratio', () => {
    const r = launcherPodRequests({ vcpus: 4, guestMemory: Size.gibibytes(8), dedicatedCpu: true, isolateEmulatorThread: true, hugepages: '1Gi' });
    expect(r).toEqual({ cpuMillis: 5000, memoryBytes: pageTable(8192 * MI) + FIXED + 32 * MI + 100 * MI, hugepages: { size: '1Gi', bytes: 8192 * MI } });
    const o = launcherPodRequests({ vcpus: 3, guestMemory: Size.gibibytes(4) }, { cpuAllocationRatio: 4, memoryOvercommitPercentage: 200 });
    expect(o.cpuMillis).toBe(750);
    expect(o.memoryBytes).toBe(2048 * MI + pageTable(2048 * MI) + FIXED + 24 * MI);
  });
});

describe('VmNamespace', () => {
  test('quota fits the added VMs plus one migration of the largest, and counts VirtualMachines', () => {
    const c = Testing.chart();
    const ns = new VmNamespace(c, 'vms', { name: 'vms', labels: { tier: 'lab' } });
    const rhel = new VirtualMachine(c, 'rhel', { metadata: { name: 'rhel', namespace: 'vms' }, flavor: Flavor.SMALL });
    const web = new VirtualMachine(c, 'web', { metadata: { name: 'web', namespace: 'vms' }, instancetype: CommonInstancetype.U1_MEDIUM });
    ns.addVirtualMachine(rhel);
    ns.addVirtualMachine(web);
    const objs = synthYaml(c);
    expectSchemaValid(objs.filter((o) => o.kind !== 'VirtualMachine'));
    expect(objs.slice(0, 3).map((o) => o.kind)).toEqual(['Namespace', 'ResourceQuota', 'LimitRange']);
    const rhelMem = 2320 * MI;
    const webMem = 4096 * MI + pageTable(4096 * MI) + FIXED + 8 * MI;
    const quota = objs.find((o) => o.kind === 'ResourceQuota');
    expect(quota.metadata).toMatchObject({ name: 'virtual-machines', namespace: 'vms' });
    expect(quota.spec.hard).toEqual({
      'requests.cpu': '300m',
      'requests.memory': String(rhelMem + webMem + webMem),
      'count/virtualmachines.kubevirt.io': '2',
    });
    expect(objs.find((o) => o.kind === 'LimitRange').spec).toEqual({ limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' } }] });
    expect(objs[0].metadata.labels).toEqual({ tier: 'lab' });
  });

  test('capacity from flavors, spare VMs, no migration headroom, hugepages and storage', () => {
    const c = Testing.chart();
    const ns = new VmNamespace(c, 'db', { name: 'db', migrationHeadroom: 0, spareVirtualMachines: 1, storage: Size.gibibytes(500) });
    ns.addCapacity({ vcpus: 1, guestMemory: Size.gibibytes(2) }, 3);
    ns.addCapacity({ vcpus: 4, guestMemory: Size.gibibytes(8), dedicatedCpu: true, hugepages: '1Gi' });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const hugeMem = pageTable(8192 * MI) + FIXED + 32 * MI + 100 * MI;
    expect(objs.find((o) => o.kind === 'ResourceQuota').spec.hard).toEqual({
      'requests.cpu': `${3 * 100 + 4000 + 4000}m`,
      'requests.memory': `${(3 * 2320 * MI + hugeMem + Math.max(2320 * MI, hugeMem)) / MI}Mi`,
      'count/virtualmachines.kubevirt.io': '5',
      'requests.hugepages-1Gi': '16Gi',
      'requests.storage': '500Gi',
    });
  });

  test('a namespace fitting nothing, or a bad name, is refused', () => {
    const c = Testing.chart();
    new VmNamespace(c, 'x', { name: 'Bad_Name' });
    const err = synthError(c);
    expect(err).toMatch(/metadata\.name: 'Bad_Name' is not a namespace name/);
    expect(err).toMatch(/the quota fits no VM/);
  });
});
