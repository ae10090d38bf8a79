import { Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms, TestNetwork } from './support';

function newVm(c: ReturnType<typeof chart>, name = 'vm', props: kv.VirtualMachineProps = {}) {
  return new kv.VirtualMachine(c, name, { metadata: { name }, memory: Size.gibibytes(1), ...props });
}

describe('interfaces and networks', () => {
  test('pod masquerade with ports, Multus bridge and SR-IOV NICs, models, MAC and PCI addresses', () => {
    const c = chart();
    const br = new TestNetwork(c, 'br1-public');
    const vf = new TestNetwork(c, 'sriov-net', 'sriov');
    const vm = newVm(c);
    vm.addInterface('default', kv.Interface.masquerade({ ports: [{ port: 22, name: 'ssh' }, { port: 53, protocol: kv.PortProtocol.UDP }] }));
    vm.addInterface('public', kv.Interface.bridge(br), { model: kv.InterfaceModel.E1000E, macAddress: '02:42:ac:11:00:02' });
    vm.addInterface('fast', kv.Interface.sriov(vf), { pciAddress: '0000:81:01.0' });
    vm.addInterface('other', kv.Interface.bridge('infra/storage-net'), { model: kv.InterfaceModel.IGB });
    const manifest = Testing.synth(c);
    const obj = manifest.find((o) => o.kind === 'VirtualMachine');
    expect(obj.spec.template.spec.domain.devices.interfaces).toEqual([
      { name: 'default', masquerade: {}, model: 'virtio', ports: [{ name: 'ssh', port: 22 }, { port: 53, protocol: 'UDP' }] },
      { name: 'public', bridge: {}, model: 'e1000e', macAddress: '02:42:ac:11:00:02' },
      { name: 'fast', sriov: {}, model: 'virtio', pciAddress: '0000:81:01.0' },
      { name: 'other', bridge: {}, model: 'igb' },
    ]);
    expect(obj.spec.template.spec.networks).toEqual([
      { name: 'default', pod: {} },
      { name: 'public', multus: { networkName: 'vms/br1-public' } },
      { name: 'fast', multus: { networkName: 'vms/sriov-net' } },
      { name: 'other', multus: { networkName: 'infra/storage-net' } },
    ]);
    // the VM follows both NADs it joins (not the string reference)
    expect(kv.parseDependsOn(obj.metadata.annotations[kv.DEPENDS_ON_ANNOTATION]).map((r) => r.name)).toEqual(['br1-public', 'sriov-net']);
    expect(manifest.map((o) => o.kind).indexOf('VirtualMachine')).toBe(2);
    expectSchemaValid([obj]);
  });

  test('no interface: a masquerade pod NIC is declared explicitly; podNetwork: false turns networking off', () => {
    const c = chart();
    newVm(c, 'a');
    newVm(c, 'b', { podNetwork: false });
    const [a, b] = synthVms(c);
    expect(a.spec.template.spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(b.spec.template.spec.networks).toBeUndefined();
    expect(b.spec.template.spec.domain.devices).toEqual({ autoattachPodInterface: false });
    expectSchemaValid([a, b]);
  });
});

describe('interface checks', () => {
  test('masquerade on a Multus network fails with the construct path and field', () => {
    const c = chart();
    const br = new TestNetwork(c, 'br1-public');
    newVm(c).addInterface('nic-0', kv.Interface.of({ binding: kv.InterfaceBinding.MASQUERADE, network: kv.VmNetwork.multus(br) }));
    const error = synthError(c);
    expect(error).toContain("[test/vm] spec.template.spec.domain.devices.interfaces[0].masquerade: masquerade binding on interface 'nic-0' is only allowed on the pod network [vmi-masquerade-pod-only]");
  });

  test('binding must match what the NAD supports', () => {
    const c = chart();
    const br = new TestNetwork(c, 'br1-public');
    const vf = new TestNetwork(c, 'vf', 'sriov');
    const vm = newVm(c);
    vm.addInterface('a', kv.Interface.sriov(br));
    vm.addInterface('b', kv.Interface.bridge(vf));
    const error = synthError(c);
    expect(error).toContain("spec.template.spec.domain.devices.interfaces[0].sriov: network spec.template.spec.networks[0] ('vms/br1-public') takes the 'bridge' binding [construct-nad-binding-match]");
    expect(error).toContain("interfaces[1].bridge: network spec.template.spec.networks[1] ('vms/vf') takes the 'sriov' binding");
  });

  test('two pod networks, duplicate names, bad names, MACs, PCI addresses and ports', () => {
    const c = chart();
    const vm = newVm(c);
    vm.addInterface('default', kv.Interface.masquerade({ ports: [{ port: 70000 }] }));
    vm.addInterface('default', kv.Interface.podBridge());
    vm.addInterface('bad.name', kv.Interface.bridge('net'), { macAddress: 'zz:00', pciAddress: '81:01' });
    vm.addInterface('m', kv.Interface.of({ binding: kv.InterfaceBinding.SRIOV, network: kv.VmNetwork.pod() }));
    const error = synthError(c);
    expect(error).toContain('spec.template.spec.networks[1].pod: only one pod network is allowed [vmi-single-pod-network]');
    expect(error).toContain("spec.template.spec.networks[1].name: network name 'default' is used more than once [vmi-net-iface-names-unique]");
    expect(error).toContain("spec.template.spec.domain.devices.interfaces[2].name: interface name 'bad.name' may only contain letters, digits, '_' and '-' [vmi-interface-name-format]");
    expect(error).toContain("spec.template.spec.domain.devices.interfaces[2].macAddress: macAddress \"zz:00\" is not a valid MAC address [vmi-interface-mac-valid]");
    expect(error).toContain("spec.template.spec.domain.devices.interfaces[2].pciAddress: pciAddress \"81:01\" must look like 0000:81:00.1 [vmi-interface-attributes-valid]");
    expect(error).toContain('spec.template.spec.domain.devices.interfaces[0].ports[0].port: port must be 1-65535 [vmi-interface-ports-valid]');
    expect(error).toContain('interfaces[3].sriov: the SR-IOV binding needs an SR-IOV Multus network, not the pod network [construct-nad-binding-match]');
  });

  test('the reserved masquerade MAC and a Multus default beside the pod network', () => {
    const c = chart();
    const vm = newVm(c);
    vm.addInterface('default', kv.Interface.masquerade(), { macAddress: '02:00:00:00:00:00' });
    vm.addInterface('def2', kv.Interface.of({ binding: kv.InterfaceBinding.BRIDGE, network: kv.VmNetwork.multus('ns/x', { default: true }) }));
    const error = synthError(c);
    expect(error).toContain('spec.template.spec.domain.devices.interfaces[0].macAddress: macAddress 02:00:00:00:00:00 is reserved for the in-pod bridge of masquerade [vmi-interface-mac-valid]');
    expect(error).toContain('[vmi-multus-default-single]');
  });
});

describe('exposure', () => {
  test('vm.expose() creates a Service selecting the VM template labels', () => {
    const c = chart();
    const vm = newVm(c, 'web');
    const svc = vm.expose({ ports: [22, { port: 443, targetPort: 8443 }], type: plus.ServiceType.NODE_PORT, name: 'web-ssh' });
    expect(svc).toBeInstanceOf(plus.Service);
    const manifest = Testing.synth(c);
    const service = manifest.find((o) => o.kind === 'Service');
    const obj = manifest.find((o) => o.kind === 'VirtualMachine');
    expect(service.metadata.name).toBe('web-ssh');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.selector).toEqual({ 'kubevirt.io/domain': 'web' });
    expect(service.spec.ports).toEqual([{ name: 'ssh', port: 22, targetPort: 22 }, { name: 'https', port: 443, targetPort: 8443 }]);
    for (const [k, v] of Object.entries(service.spec.selector)) expect(obj.spec.template.metadata.labels[k]).toBe(v);
  });

  test('a multi-port Service names every port (well-known name, else port-<n>, -udp for UDP); given names stay', () => {
    const c = chart();
    const vm = newVm(c, 'web');
    vm.expose({ ports: [80, 443], id: 'web' });
    vm.expose({ ports: [{ port: 53, protocol: plus.Protocol.UDP }, 53, 8000, { port: 9000, name: 'metrics' }], id: 'mixed' });
    vm.expose({ ports: [22], id: 'single' });
    const services = Testing.synth(c).filter((o) => o.kind === 'Service');
    expect(services.map((s) => s.spec.ports)).toEqual([
      [{ name: 'http', port: 80, targetPort: 80 }, { name: 'https', port: 443, targetPort: 443 }],
      [{ name: 'dns-udp', port: 53, protocol: 'UDP' }, { name: 'dns', port: 53, targetPort: 53 }, { name: 'port-8000', port: 8000, targetPort: 8000 }, { name: 'metrics', port: 9000 }],
      [{ port: 22, targetPort: 22 }],
    ]);
    expect(kv.VirtualMachine.servicePortsOf([{ port: 80 }, { port: 8080 }]).map((p) => p.name)).toEqual(['http', 'http-alt']);
  });

  test('port names that are not DNS labels, or used twice, fail synth with the field and the id', () => {
    const c = chart();
    const vm = newVm(c, 'web');
    vm.expose({ ports: [{ port: 80, name: 'HTTP' }, { port: 81, name: 'a' }, { port: 82, name: 'a' }] });
    const error = synthError(c);
    expect(error).toContain("spec.ports[0].name: port name 'HTTP' is not a DNS label (lower case, digits, '-', at most 63 characters) [construct-service-port-names]");
    expect(error).toContain("spec.ports[2].name: port name 'a' is used twice [construct-service-port-names]");
    const unnamed = chart();
    newVm(unnamed, 'web').expose({ ports: [80] }).bind(81);
    expect(synthError(unnamed)).toContain('spec.ports[1].name: a Service with several ports needs a name on each [construct-service-port-names]');
  });

  test('NetworkPolicies select the VM and accept it as a peer; scheduling can separate VMs', () => {
    const c = chart();
    const db = newVm(c, 'db');
    const web = newVm(c, 'web');
    const policy = new plus.NetworkPolicy(c, 'db-ingress', { selector: db });
    policy.addIngressRule(web, [plus.NetworkPolicyPort.tcp(5432)]);
    web.scheduling.separate(db, { weight: 50 });
    const manifest = Testing.synth(c);
    const np = manifest.find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'kubevirt.io/domain': 'db' } });
    expect(np.spec.ingress[0].from[0].podSelector).toEqual({ matchLabels: { 'kubevirt.io/domain': 'web' } });
    const webObj = manifest.find((o) => o.kind === 'VirtualMachine' && o.metadata.name === 'web');
    expect(webObj.spec.template.spec.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 50,
          podAffinityTerm: { labelSelector: { matchLabels: { 'kubevirt.io/domain': 'db' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['vms'] },
        }],
      },
    });
    expectSchemaValid([webObj]);
  });
});
