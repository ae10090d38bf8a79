// Pod-level options of a VM: DNS, topology spread, a paused start, the scheduler, and the
// launcher annotations KubeVirt reads; the YAML, schema validity and refused combinations.
import { Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms } from './support';

const base = { cpu: kv.CpuTopology.cores(2), memory: Size.gibibytes(4) };

describe('pod options', () => {
  test('dnsPolicy/dnsConfig, topology spread, paused start, scheduler and launcher annotations: YAML and schema', () => {
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', {
      ...base,
      dnsPolicy: kv.DnsPolicy.NONE,
      dnsConfig: { nameservers: ['10.0.0.10'], searches: ['vms.svc.cluster.local'], options: { ndots: '2', 'single-request': '' } },
      topologySpread: [kv.TopologySpread.of({ topology: plus.Topology.ZONE, matchLabels: { app: 'web' }, maxSkew: 2, whenUnsatisfiable: kv.UnsatisfiableSpreadAction.SCHEDULE_ANYWAY })],
      startPaused: true,
      schedulerName: 'numa-aware',
      launcher: { keepAfterFailure: true, libvirtLogFilters: '3:remote 1:*', disableFreePageReporting: true, allowPodBridgeNetworkLiveMigration: true },
      templateAnnotations: { 'example.com/owner': 'team-a' },
    });
    const [out] = synthVms(c);
    const spec = out.spec.template.spec;
    expect(spec.dnsPolicy).toBe('None');
    expect(spec.dnsConfig).toEqual({ nameservers: ['10.0.0.10'], searches: ['vms.svc.cluster.local'], options: [{ name: 'ndots', value: '2' }, { name: 'single-request' }] });
    expect(spec.topologySpreadConstraints).toEqual([{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }]);
    expect(spec.startStrategy).toBe('Paused');
    expect(spec.schedulerName).toBe('numa-aware');
    expect(out.spec.template.metadata.annotations).toEqual({
      'kubevirt.io/keep-launcher-alive-after-failure': 'true',
      'kubevirt.io/libvirt-log-filters': '3:remote 1:*',
      'kubevirt.io/free-page-reporting-disabled': 'true',
      'kubevirt.io/allow-pod-bridge-network-live-migration': 'true',
      'example.com/owner': 'team-a',
    });
    expectSchemaValid(out);
    expect(kv.synthWarnings(vm)).toEqual([]);
  });

  test('no pod options: nothing rendered', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', base);
    const [out] = synthVms(c);
    for (const f of ['dnsPolicy', 'dnsConfig', 'topologySpreadConstraints', 'startStrategy']) expect(out.spec.template.spec[f]).toBeUndefined();
    expect(out.spec.template.metadata.annotations).toBeUndefined();
  });

  test.each([
    ['a paused start with a liveness probe', { startPaused: true, livenessProbe: kv.VmProbe.guestAgentPing() }, 'spec.template.spec.startStrategy', 'vmi-start-strategy-valid'],
    ['dnsPolicy None without nameservers', { dnsPolicy: kv.DnsPolicy.NONE }, 'spec.template.spec.dnsConfig.nameservers', 'vmi-dns-config-valid'],
    ['more than 3 nameservers', { dnsConfig: { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] } }, 'spec.template.spec.dnsConfig.nameservers', 'vmi-dns-config-valid'],
    ['a spread with maxSkew 0', { topologySpread: [kv.TopologySpread.of({ topology: plus.Topology.HOSTNAME, matchLabels: { app: 'web' }, maxSkew: 0 })] },
      'spec.template.spec.topologySpreadConstraints[0].maxSkew', 'vmi-scheduling-constraints-valid'],
  ])('rejects %s with path and rule id', (_what, props, path, id) => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { ...base, ...props } as kv.VirtualMachineProps);
    const error = synthError(c);
    expect(error.split('\n').some((l) => l.includes(`${path}: `) && l.endsWith(`[${id}]`))).toBe(true);
  });

  test('a scheduler name next to an instancetype construct that sets one is refused with path and rule id', () => {
    const c = chart();
    const it = new kv.Instancetype(c, 'it', { metadata: { name: 'rt-small' }, cpu: 2, memory: Size.gibibytes(4), schedulerName: 'rt-scheduler' });
    new kv.VirtualMachine(c, 'vm', { instancetype: it, schedulerName: 'numa-aware' });
    expect(synthError(c)).toContain('spec.template.spec.schedulerName: schedulerName conflicts with the instancetype, which sets it too [vm-instancetype-other-conflict]');
  });

  test('launcher annotations that cannot act are synth warnings with the rule id', () => {
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', { ...base, launcher: { emulatorThreadCompleteToEvenParity: true, disableMemfd: true } });
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    synthVms(c);
    spy.mockRestore();
    expect(kv.synthWarnings(vm).map((w) => w.message)).toEqual([
      'spec.template.metadata.annotations["alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity"]: has no effect without domain.cpu.isolateEmulatorThread [vmi-launcher-annotation-effect]',
      'spec.template.metadata.annotations["kubevirt.io/memfd"]: has no effect without domain.memory.hugepages [vmi-launcher-annotation-effect]',
    ]);
  });
});
