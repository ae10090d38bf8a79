import { clusterPreference, vm, vmSpec } from '../fixtures';
import { RuleCase } from './types';

const one = (...objs: any[]) => objs.map((o) => [o]);
const res = (requests: any, limits?: any) => vmSpec((s) => { delete s.domain.memory; s.domain.resources = { requests, ...(limits ? { limits } : {}) }; });

export const VMI_CASES: RuleCase[] = [
  { rule: 'vmi-cpu-request-le-limit', valid: one(res({ cpu: '1', memory: '1Gi' }, { cpu: '2' })), invalid: one(res({ cpu: '3', memory: '1Gi' }, { cpu: '2' })) },
  { rule: 'vmi-memory-resources-valid', valid: one(res({ memory: '1Gi' }, { memory: '2Gi' })), invalid: one(res({ memory: '2Gi' }, { memory: '1Gi' }), res({ memory: '1k' })) },
  {
    rule: 'vmi-guest-memory-le-limit', severity: 'warning',
    valid: one(vmSpec((s) => { s.domain.resources = { limits: { memory: '4Gi' } }; })),
    invalid: one(vmSpec((s) => { s.domain.resources = { limits: { memory: '1Gi' } }; })),
  },
  {
    rule: 'vmi-hugepages-valid',
    valid: one(vmSpec((s) => { s.domain.memory.hugepages = { pageSize: '1Gi' }; })),
    invalid: one(vmSpec((s) => { s.domain.memory = { guest: '1536Mi', hugepages: { pageSize: '1Gi' } }; }), vmSpec((s) => { s.domain.memory.hugepages = { pageSize: 'huge' }; })),
  },
  {
    rule: 'vmi-dedicated-cpu-valid',
    valid: one(vmSpec((s) => { s.domain.cpu = { cores: 2, dedicatedCpuPlacement: true }; s.domain.resources = { requests: { cpu: '2' }, limits: { cpu: '2' } }; })),
    invalid: one(
      vmSpec((s) => { s.domain.cpu = { cores: 2, dedicatedCpuPlacement: true }; s.domain.resources = { requests: { cpu: '1500m' } }; }),
      vmSpec((s) => { s.domain.cpu = { cores: 1, threads: 4, dedicatedCpuPlacement: true }; }),
    ),
  },
  {
    rule: 'vmi-isolate-emulator-requires-dedicated',
    valid: one(vmSpec((s) => { s.domain.cpu = { cores: 2, dedicatedCpuPlacement: true, isolateEmulatorThread: true }; })),
    invalid: one(vmSpec((s) => { s.domain.cpu = { cores: 2, isolateEmulatorThread: true }; })),
  },
  {
    rule: 'vmi-numa-realtime-requirements',
    valid: one(vm()),
    invalid: one(vmSpec((s) => { s.domain.cpu = { cores: 2, realtime: {} }; }), vmSpec((s) => { s.domain.cpu = { cores: 2, numa: { guestMappingPassthrough: {} } }; })),
  },
  {
    rule: 'vmi-cpu-feature-policy-valid',
    valid: one(vmSpec((s) => { s.domain.cpu.features = [{ name: 'vmx', policy: 'require' }]; })),
    invalid: one(vmSpec((s) => { s.domain.cpu.features = [{ name: 'vmx', policy: 'enable' }]; })),
  },
  {
    rule: 'vmi-cpu-sockets-le-maxsockets',
    valid: one(vmSpec((s) => { s.domain.cpu = { sockets: 2, maxSockets: 4 }; })),
    invalid: one(vmSpec((s) => { s.domain.cpu = { sockets: 8, maxSockets: 4 }; })),
  },
  { rule: 'vmi-architecture-valid', valid: one(vmSpec((s) => { s.architecture = 'arm64'; })), invalid: one(vmSpec((s) => { s.architecture = 'x86_64'; })) },
  {
    rule: 'vmi-machine-type-allowed', severity: 'warning',
    valid: one(vmSpec((s) => { s.domain.machine = { type: 'pc-q35-rhel9.4.0' }; })),
    invalid: one(vmSpec((s) => { s.domain.machine = { type: 'pc-i440fx-2.12' }; })),
  },
  {
    rule: 'vmi-firmware-valid',
    valid: one(vmSpec((s) => { s.domain.firmware = { bootloader: { bios: {} } }; })),
    invalid: one(
      vmSpec((s) => { s.domain.firmware = { bootloader: { bios: {}, efi: { secureBoot: false } } }; }),
      vmSpec((s) => { s.domain.firmware = { kernelBoot: { kernelArgs: 'console=ttyS0' } }; }),
      vmSpec((s) => { s.domain.firmware = { kernelBoot: { container: { image: 'k', kernelPath: 'boot/vmlinuz' } } }; }),
      vmSpec((s) => { s.domain.firmware = { acpi: { slicNameRef: 'slic' } }; }),
    ),
  },
  {
    rule: 'vmi-secureboot-requires-smm',
    valid: one(
      vmSpec((s) => { s.domain.firmware = { bootloader: { efi: {} } }; s.domain.features = { smm: {} }; }),
      vmSpec((s) => { s.domain.firmware = { bootloader: { efi: { secureBoot: false } } }; }),
    ),
    invalid: [[vmSpec((s) => { s.domain.firmware = { bootloader: { efi: {} } }; })],
      [vm((o) => { o.spec.preference = { name: 'fedora' }; o.spec.template.spec.domain.firmware = { bootloader: { efi: {} } }; }), clusterPreference()]],
  },
  {
    rule: 'vmi-input-sound-valid',
    valid: one(vmSpec((s) => { s.domain.devices.inputs = [{ name: 'tablet', type: 'tablet', bus: 'usb' }]; s.domain.devices.sound = { name: 'audio', model: 'ich9' }; })),
    invalid: one(vmSpec((s) => { s.domain.devices.inputs = [{ name: 'kbd', type: 'keyboard', bus: 'ps2' }]; }), vmSpec((s) => { s.domain.devices.sound = { model: 'sb16' }; })),
  },
  {
    rule: 'vmi-iothreads-policy-valid',
    valid: one(vmSpec((s) => { s.domain.ioThreadsPolicy = 'auto'; })),
    invalid: one(vmSpec((s) => { s.domain.ioThreadsPolicy = 'dedicated'; }), vmSpec((s) => { s.domain.ioThreadsPolicy = 'supplementalPool'; })),
  },
  {
    rule: 'vmi-start-strategy-valid',
    valid: one(vmSpec((s) => { s.startStrategy = 'Paused'; })),
    invalid: one(vmSpec((s) => { s.startStrategy = 'Running'; }), vmSpec((s) => { s.startStrategy = 'Paused'; s.livenessProbe = { guestAgentPing: {} }; })),
  },
  { rule: 'vmi-hostname-dns-label', valid: one(vmSpec((s) => { s.hostname = 'web-01'; s.subdomain = 'lab.example'; })), invalid: one(vmSpec((s) => { s.hostname = 'Web_01'; })) },
  {
    rule: 'vmi-dns-config-valid',
    valid: one(vmSpec((s) => { s.dnsPolicy = 'None'; s.dnsConfig = { nameservers: ['10.0.0.10'], searches: ['lab.example.com'] }; })),
    invalid: one(vmSpec((s) => { s.dnsPolicy = 'None'; }), vmSpec((s) => { s.dnsConfig = { nameservers: ['dns.example.com'] }; })),
  },
  {
    rule: 'vmi-probe-single-handler',
    valid: one(vmSpec((s) => { s.readinessProbe = { tcpSocket: { port: 22 } }; })),
    invalid: one(vmSpec((s) => { s.readinessProbe = { tcpSocket: { port: 22 }, guestAgentPing: {} }; }), vmSpec((s) => { s.livenessProbe = { initialDelaySeconds: 5 }; })),
  },
  {
    rule: 'vmi-probe-requires-pod-network',
    valid: one(vmSpec((s) => { s.readinessProbe = { httpGet: { port: 80 } }; })),
    invalid: one(vmSpec((s) => {
      s.networks = [{ name: 'public', multus: { networkName: 'br1-net' } }];
      s.domain.devices.interfaces = [{ name: 'public', bridge: {} }];
      s.readinessProbe = { httpGet: { port: 80 } };
    })),
  },
  {
    rule: 'vmi-scheduling-constraints-valid',
    valid: one(vmSpec((s) => {
      s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } };
      s.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }];
    })),
    invalid: one(
      vmSpec((s) => { s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } }; }),
      vmSpec((s) => { s.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]; }),
      vmSpec((s) => { s.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 200, podAffinityTerm: { topologyKey: 'zone' } }] } }; }),
    ),
  },
  { rule: 'vmi-eviction-strategy-valid', valid: one(vmSpec((s) => { s.evictionStrategy = 'None'; })), invalid: one(vmSpec((s) => { s.evictionStrategy = 'Migrate'; })) },
  {
    rule: 'vmi-service-account-valid',
    valid: one(vmSpec((s) => { s.volumes.push({ name: 'sa', serviceAccount: { serviceAccountName: 'builder' } }); })),
    invalid: one(vmSpec((s) => {
      s.volumes.push({ name: 'sa', serviceAccount: { serviceAccountName: 'a' } }, { name: 'sb', serviceAccount: { serviceAccountName: 'b' } });
    }), vmSpec((s) => { s.volumes.push({ name: 'sa', serviceAccount: {} }); })),
  },
  {
    rule: 'vmi-feature-gated-field', severity: 'warning',
    valid: one(vm()),
    invalid: one(vmSpec((s) => { s.domain.devices.autoattachVSOCK = true; }), vmSpec((s) => { s.volumes.push({ name: 'host', hostDisk: { path: '/data/disk.img', type: 'Disk' } }); })),
  },
  {
    rule: 'vmi-hyperv-dependencies',
    valid: one(vmSpec((s) => { s.domain.features = { hyperv: { synic: {}, synictimer: {}, vpindex: {}, relaxed: {} } }; })),
    invalid: one(
      vmSpec((s) => { s.domain.features = { hyperv: { synictimer: {}, synic: { enabled: false } } }; }),
      vmSpec((s) => { s.domain.features = { hyperv: { relaxed: {} }, hypervPassthrough: { enabled: true } }; }),
    ),
  },
];
