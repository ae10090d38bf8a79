// The live-vs-restart classifier on VM YAML: what KubeVirt's VM controller applies to a running VM.
import * as yaml from 'yaml';
import { classifyVmChanges, vmChangeVerdict } from '../../lib/validation';

const BASE = `
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {zone: a}
      domain:
        cpu: {sockets: 2, cores: 1, threads: 1, maxSockets: 8}
        memory: {guest: 4Gi, maxGuest: 16Gi}
        devices:
          disks: [{name: rootdisk, disk: {bus: virtio}}]
          interfaces: [{name: default, masquerade: {}}]
      networks: [{name: default, pod: {}}]
      volumes: [{name: rootdisk, dataVolume: {name: web-rootdisk}}]
`;

/** The base VM with a YAML merge of `change` into spec.template.spec (arrays replaced). */
function vm(change = ''): any {
  const o = yaml.parse(BASE);
  if (change) Object.assign(o.spec.template.spec, yaml.parse(change));
  return o;
}

function classify(change: string, options = {}) {
  const before = vm();
  const after = vm(change);
  return classifyVmChanges(before, after, options).map((c) => `${c.effect} ${c.path}`);
}

describe('classifyVmChanges', () => {
  test('no change, no finding', () => {
    expect(classifyVmChanges(vm(), vm())).toEqual([]);
    expect(vmChangeVerdict([])).toBe('none');
  });

  test('CPU sockets within maxSockets apply live; above it, or fewer, need a restart; Stage restarts everything', () => {
    expect(classify('domain: {cpu: {sockets: 4, cores: 1, threads: 1, maxSockets: 8}, memory: {guest: 4Gi, maxGuest: 16Gi}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}], interfaces: [{name: default, masquerade: {}}]}}'))
      .toEqual(['live spec.template.spec.domain.cpu.sockets']);
    expect(classify('domain: {cpu: {sockets: 9, cores: 1, threads: 1, maxSockets: 8}, memory: {guest: 4Gi, maxGuest: 16Gi}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}], interfaces: [{name: default, masquerade: {}}]}}'))
      .toEqual(['restart spec.template.spec.domain.cpu.sockets']);
    expect(classify('domain: {cpu: {sockets: 1, cores: 1, threads: 1, maxSockets: 8}, memory: {guest: 4Gi, maxGuest: 16Gi}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}], interfaces: [{name: default, masquerade: {}}]}}'))
      .toEqual(['restart spec.template.spec.domain.cpu.sockets']);
    expect(classify('domain: {cpu: {sockets: 4, cores: 1, threads: 1, maxSockets: 8}, memory: {guest: 4Gi, maxGuest: 16Gi}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}], interfaces: [{name: default, masquerade: {}}]}}', { rolloutStrategy: 'Stage' }))
      .toEqual(['restart spec.template.spec.domain.cpu.sockets']);
  });

  test('guest memory up to maxGuest applies live; beyond it or below the boot size needs a restart; cores never apply live', () => {
    const domain = (cpu: string, memory: string) => `domain: {cpu: ${cpu}, memory: ${memory}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}], interfaces: [{name: default, masquerade: {}}]}}`;
    const cpu = '{sockets: 2, cores: 1, threads: 1, maxSockets: 8}';
    expect(classify(domain(cpu, '{guest: 8Gi, maxGuest: 16Gi}'))).toEqual(['live spec.template.spec.domain.memory.guest']);
    expect(classify(domain(cpu, '{guest: 32Gi, maxGuest: 16Gi}'))).toEqual(['restart spec.template.spec.domain.memory.guest']);
    expect(classify(domain(cpu, '{guest: 2Gi, maxGuest: 16Gi}'))).toEqual(['restart spec.template.spec.domain.memory.guest']);
    expect(classify(domain('{sockets: 2, cores: 2, threads: 1, maxSockets: 8}', '{guest: 4Gi, maxGuest: 16Gi}'))).toEqual(['restart spec.template.spec.domain.cpu.cores']);
  });

  test('hot-plugged volumes and their disks apply live; a plain new volume needs a restart', () => {
    expect(classify(`
domain: {cpu: {sockets: 2, cores: 1, threads: 1, maxSockets: 8}, memory: {guest: 4Gi, maxGuest: 16Gi}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}, {name: data, disk: {bus: scsi}}], interfaces: [{name: default, masquerade: {}}]}}
volumes: [{name: rootdisk, dataVolume: {name: web-rootdisk}}, {name: data, persistentVolumeClaim: {claimName: data, hotpluggable: true}}]
`)).toEqual(['live spec.template.spec.volumes[data]', 'live spec.template.spec.domain.devices.disks[data]']);
    expect(classify(`
volumes: [{name: rootdisk, dataVolume: {name: web-rootdisk}}, {name: data, persistentVolumeClaim: {claimName: data}}]
`)).toEqual(['restart spec.template.spec.volumes[data]']);
  });

  test('node placement applies live under LiveUpdate; a new bridge NIC is hot-plugged, a changed one needs a restart', () => {
    expect(classify('nodeSelector: {zone: b}\ntolerations: [{key: dedicated, operator: Exists}]'))
      .toEqual(['live spec.template.spec.nodeSelector', 'live spec.template.spec.tolerations']);
    const devices = (ifaces: string) => `domain: {cpu: {sockets: 2, cores: 1, threads: 1, maxSockets: 8}, memory: {guest: 4Gi, maxGuest: 16Gi}, devices: {disks: [{name: rootdisk, disk: {bus: virtio}}], interfaces: ${ifaces}}}`;
    expect(classify(`${devices('[{name: default, masquerade: {}}, {name: lan, bridge: {}}]')}\nnetworks: [{name: default, pod: {}}, {name: lan, multus: {networkName: vlan10}}]`))
      .toEqual(['live spec.template.spec.domain.devices.interfaces[lan]', 'live spec.template.spec.networks[lan]']);
    expect(classify(devices('[{name: default, bridge: {}}]'))).toEqual(['restart spec.template.spec.domain.devices.interfaces[default]']);
  });

  test('renaming a pinned instancetype without a new revisionName is refused', () => {
    const before = vm();
    before.spec.instancetype = { name: 'u1.medium', revisionName: 'web-u1.medium-1' };
    const after = vm();
    after.spec.instancetype = { name: 'u1.large', revisionName: 'web-u1.medium-1' };
    const changes = classifyVmChanges(before, after);
    expect(changes).toEqual([expect.objectContaining({ path: 'spec.instancetype', effect: 'refused' })]);
    expect(vmChangeVerdict(changes)).toBe('refused');
  });

  test('a switch between two known instancetypes differing only in size is judged as sockets and memory', () => {
    const specs: Record<string, any> = yaml.parse(`
u1.medium: {cpu: {guest: 1}, memory: {guest: 4Gi}}
u1.large: {cpu: {guest: 2}, memory: {guest: 8Gi}}
u1.8xlarge: {cpu: {guest: 32}, memory: {guest: 128Gi}}
cx1.large: {cpu: {guest: 2, dedicatedCPUPlacement: true}, memory: {guest: 4Gi, hugepages: {pageSize: 2Mi}}}
`);
    const instancetypeSpec = (m: Record<string, unknown>) => specs[String(m.name)];
    const sized = (name: string) => {
      const o = vm();
      delete o.spec.template.spec.domain.cpu;
      delete o.spec.template.spec.domain.memory;
      o.spec.instancetype = { name };
      return o;
    };
    const judge = (from: string, to: string) => classifyVmChanges(sized(from), sized(to), { instancetypeSpec }).map((c) => `${c.effect} ${c.reason}`);
    expect(judge('u1.medium', 'u1.large')).toEqual([
      'live u1.large instead of u1.medium: CPU hotplug: 1 -> 2 sockets (maxSockets 4) (domain.cpu.sockets)',
      'live u1.large instead of u1.medium: memory hotplug: 4Gi -> 8Gi (maxGuest 16Gi), if the VM is live-migratable (domain.memory.guest)',
    ]);
    expect(judge('u1.medium', 'u1.8xlarge').every((line) => line.startsWith('restart'))).toBe(true);
    // Another series changes more than the size: the expansion differs beyond sockets and memory.
    expect(judge('u1.large', 'cx1.large')).toEqual([expect.stringMatching(/^restart the instancetype is expanded/)]);
    // Unknown specs: a restart, as before.
    expect(classifyVmChanges(sized('u1.medium'), sized('u1.large')).map((c) => c.effect)).toEqual(['restart']);
  });

  test('the verdict: any restart wins over live changes', () => {
    const changes = classifyVmChanges(vm(), vm('nodeSelector: {zone: b}\nhostname: web2'));
    expect(changes.map((c) => c.effect)).toEqual(['live', 'restart']);
    expect(vmChangeVerdict(changes)).toBe('restart');
  });
});
