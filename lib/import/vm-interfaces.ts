// A VM's NICs and their networks as `addInterface` statements (pod network or Multus attachment,
// imported NetworkAttachmentDefinitions by reference), or `podNetwork: false` when none is written.
import { Code, code, literal } from './code';
import { jsonEqual } from './json-patch';
import { enumOf, ImportedObject, ImportScope, isObject } from './model';
import { Setter, VmState } from './vm-baseline';
import { VmStatements } from './vm-disks';

/** The VM the NICs belong to; `explicitModel: false` when the input leaves a NIC's model unset. */
export interface InterfaceContext { io: ImportedObject; scope: ImportScope; namespace?: string; explicitModel: boolean }

/** The NICs of `devices` and the networks of `tspec` (the VM template's spec), beside what the construct writes itself. */
export function mapInterfaces(tspec: Record<string, any>, devices: Record<string, any>, state: VmState, set: Setter, ctx: InterfaceContext): VmStatements {
  const { io, scope, namespace } = ctx;
  const out: VmStatements = { after: [], dependsOn: [], rawFields: 0 };
  const ifaces: any[] = Array.isArray(devices.interfaces) ? devices.interfaces : [];
  const networks: any[] = Array.isArray(tspec.networks) ? tspec.networks : [];
  // The construct's own pod NIC (when the input has just that, nothing is written) and its model.
  const implicitDefault = jsonEqual(ifaces, state.interfaces ?? []) && jsonEqual(networks, state.networks ?? []);
  const model = !ctx.explicitModel ? undefined : (state.interfaces ?? []).find((i: any) => i.name === 'default')?.model ?? 'virtio';
  if (ifaces.length === 0 || !ifaces.every(isObject)) {
    set('podNetwork', false, false);
  } else if (!implicitDefault) {
    let written = 0;
    for (const iface of ifaces) {
      const network = networks.find((n) => n?.name === iface.name);
      const nic = network ? mapInterface(iface, network, { io, scope, namespace, model }) : undefined;
      if (!nic) continue;
      out.dependsOn.push(...nic.dependsOn);
      written++;
      const opts = Object.keys(nic.options).length > 0 ? `, ${literal(nic.options)}` : '';
      out.after.push((v) => `${v}.addInterface(${literal(iface.name)}, ${nic.code.text}${opts});`);
    }
    if (written === 0) set('podNetwork', false, false);
  }
  return out;
}

function mapInterface(iface: any, network: any, ctx: { io: ImportedObject; scope: ImportScope; namespace?: string; model?: string }): {
  code: Code; options: Record<string, unknown>; dependsOn: ImportedObject[];
} | undefined {
  const binding = ['masquerade', 'bridge', 'sriov'].find((b) => iface[b] !== undefined);
  if (!binding || !jsonEqual(iface[binding], {})) return undefined;
  const dependsOn: ImportedObject[] = [];
  let nicCode: string;
  const ports = Array.isArray(iface.ports) && iface.ports.every((p: any) => isObject(p) && Number.isInteger(p.port)
    && Object.keys(p).every((k) => ['name', 'port', 'protocol'].includes(k)) && (p.protocol === undefined || enumOf('PortProtocol', p.protocol)))
    ? iface.ports as Array<{ name?: string; port: number; protocol?: string }> : undefined;
  const portsCode = ports ? ports.map((p) => ({ port: p.port, protocol: enumOf('PortProtocol', p.protocol), name: p.name })) : undefined;
  if (jsonEqual(network, { name: network.name, pod: {} })) {
    if (binding === 'masquerade') nicCode = `kv.Interface.masquerade(${portsCode ? literal({ ports: portsCode }) : ''})`;
    else if (binding === 'bridge' && !ports) nicCode = 'kv.Interface.podBridge()';
    else nicCode = `kv.Interface.of(${literal({ binding: code(`kv.InterfaceBinding.${binding.toUpperCase()}`), network: code('kv.VmNetwork.pod()'), ports: portsCode })})`;
  } else if (isObject(network.multus) && typeof network.multus.networkName === 'string'
    && Object.keys(network).length === 2 && Object.keys(network.multus).every((k) => k === 'networkName' || k === 'default')) {
    const networkName: string = network.multus.networkName;
    const [ns, nadName] = networkName.includes('/') ? networkName.split('/', 2) : [ctx.namespace, networkName];
    const target = ctx.scope.find('k8s.cni.cncf.io', 'NetworkAttachmentDefinition', ns, nadName);
    const ref = target && ctx.scope.isAttachment(target) ? ctx.scope.reference(ctx.io, target) : undefined;
    const attachment = ref ? ref.text : literal(networkName);
    if (ref && target) dependsOn.push(target);
    const isDefault = network.multus.default;
    if (isDefault === undefined && binding !== 'masquerade' && !ports) nicCode = `kv.Interface.${binding}(${attachment})`;
    else {
      nicCode = `kv.Interface.of(${literal({
        binding: code(`kv.InterfaceBinding.${binding.toUpperCase()}`),
        network: code(`kv.VmNetwork.multus(${attachment}${isDefault !== undefined ? `, ${literal({ default: isDefault })}` : ''})`),
        ports: portsCode,
      })})`;
    }
  } else {
    return undefined;
  }
  const options: Record<string, unknown> = {};
  const model = enumOf('InterfaceModel', iface.model);
  if (model && iface.model !== ctx.model) options.model = model;
  for (const k of ['macAddress', 'pciAddress'] as const) if (typeof iface[k] === 'string') options[k] = iface[k];
  if (Number.isInteger(iface.bootOrder)) options.bootOrder = iface.bootOrder;
  return {
    code: code(nicCode), options, dependsOn,
  };
}
