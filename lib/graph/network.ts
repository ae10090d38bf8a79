// Host networking (NNCP interfaces per node selector: ports -> bond -> bridge/VLAN/OVS, OVN
// bridge mappings) and the NADs on it. A NAD whose bridge no policy creates hangs from a
// "missing bridge" node drawn in the colour of the finding that says so.
import { KubeObject } from '../manifests/types';
import { parseCni } from '../validation/rules/nad';
import { arr, obj } from '../validation/rules/util';
import { Severity } from '../validation/types';
import { GraphBuilder, objectKey } from './builder';
import { worstSeverity } from './model';

/** Rules that say a NAD's bridge or localnet mapping is not created by any policy. */
export const DANGLING_RULES = new Set(['xo-nad-bridge-has-nncp', 'xo-nad-ovs-bridge-has-nncp', 'xo-localnet-bridge-mapping']);

/** Where a bridge (or OVN localnet mapping) is created: the NNCPs by name. */
interface HostIndex {
  readonly linuxBridges: Map<string, string[]>;
  readonly ovsBridges: Map<string, string[]>;
  readonly localnets: Map<string, string[]>;
  readonly interfaces: Map<string, string[]>;
}

/** A node selector as one readable line and a stable group id. */
function selectorGroup(b: GraphBuilder, selector: unknown): string {
  const entries = Object.entries(obj(selector) ?? {}).sort(([a], [c]) => a.localeCompare(c));
  const text = entries.length ? entries.map(([k, v]) => (v === '' ? k : `${k}=${String(v)}`)).join(', ') : 'all nodes';
  return b.group(`nodes:${text}`, `nodes: ${text}`);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]); else if (!list.includes(value)) list.push(value);
}

/** Adds every NNCP with its interfaces; returns where bridges and mappings come from. */
export function addHostNetworking(b: GraphBuilder, policies: ReadonlyArray<{ object: KubeObject; file?: string }>): HostIndex {
  const index: HostIndex = { linuxBridges: new Map(), ovsBridges: new Map(), localnets: new Map(), interfaces: new Map() };
  for (const { object, file } of policies) {
    const policy = b.addObject(object, 'host', file);
    const group = policy.group = selectorGroup(b, object.spec?.nodeSelector);
    const ifaceId = (name: string) => `iface:${group}:${name}`;
    const iface = (name: string, type?: string, details: string[] = []) => {
      const node = b.ensure(ifaceId(name), { kind: 'Interface', name, category: 'interface', group, details: [] });
      if (type && !node.details.some((d) => d.startsWith('type '))) node.details.unshift(`type ${type}`);
      for (const d of details) if (!node.details.includes(d)) node.details.push(d);
      return node;
    };
    const state = obj(object.spec?.desiredState) ?? {};
    for (const raw of arr(state.interfaces)) {
      const i = obj(raw);
      if (!i || typeof i.name !== 'string') continue;
      const type = typeof i.type === 'string' ? i.type : 'unknown';
      const details: string[] = [];
      if (i.mtu !== undefined) details.push(`MTU ${i.mtu}`);
      if (i.state && i.state !== 'up') details.push(`state ${i.state}`);
      const bond = obj(i['link-aggregation']);
      if (bond?.mode) details.push(`mode ${bond.mode}`);
      const vlan = obj(i.vlan);
      if (vlan?.id !== undefined) details.push(`VLAN ${vlan.id}`);
      const node = iface(i.name, type, details);
      policy.details.push(`${i.name} (${type})`);
      b.link(policy.id, node.id, 'creates');
      if (i.state !== 'absent') {
        push(index.interfaces, i.name, policy.id);
        if (type === 'linux-bridge') push(index.linuxBridges, i.name, policy.id);
        if (type === 'ovs-bridge') push(index.ovsBridges, i.name, policy.id);
      }
      const ports: string[] = [
        ...arr(bond?.port).filter((p): p is string => typeof p === 'string'),
        ...arr(obj(i.bridge)?.port).map((p) => obj(p)?.name).filter((p): p is string => typeof p === 'string'),
      ];
      for (const port of ports) b.link(iface(port).id, node.id, 'port', 'port');
      if (typeof vlan?.['base-iface'] === 'string') b.link(iface(vlan['base-iface']).id, node.id, 'port', 'base');
    }
    for (const raw of arr(obj(state.ovn)?.['bridge-mappings'])) {
      const m = obj(raw);
      if (!m || typeof m.localnet !== 'string') continue;
      const mapping = b.ensure(`ovn:${group}:${m.localnet}`, { kind: 'OvnBridgeMapping', name: m.localnet, category: 'interface', group, details: [] });
      if (typeof m.bridge === 'string') {
        mapping.details.push(`bridge ${m.bridge}`);
        b.link(iface(m.bridge).id, mapping.id, 'port', 'mapping');
      }
      if (m.state !== 'absent') push(index.localnets, m.localnet, policy.id);
      b.link(policy.id, mapping.id, 'creates');
    }
  }
  return index;
}

/** The plugin that decides what a NAD is (the first that is not a chained meta plugin). */
const META_PLUGINS = new Set(['tuning', 'portmap', 'bandwidth', 'firewall', 'sbr', 'vrf']);

/** Adds a NAD with its CNI type, VLAN and MTU and links it to the policies its bridge needs. */
export function addNetworkAttachment(b: GraphBuilder, object: KubeObject, file: string | undefined, host: HostIndex): void {
  const nad = b.addObject(object, 'network', file);
  const cni = parseCni(object);
  if (cni.error) { nad.details.push('config: not valid'); return; }
  if (cni.empty) { nad.details.push('config: empty'); return; }
  const main = cni.plugins.find((p) => !META_PLUGINS.has(p.type)) ?? cni.plugins[0];
  if (!main) return;
  const type = String(main.type ?? 'unknown');
  nad.details.push(`type ${type}${main.topology ? ` (${main.topology})` : ''}`);
  if (main.bridge !== undefined) nad.details.push(`bridge ${main.bridge}`);
  if (main.master !== undefined) nad.details.push(`master ${main.master}`);
  const vlan = main.vlan ?? main.vlanID;
  if (vlan !== undefined) nad.details.push(`VLAN ${vlan}`);
  const mtu = main.mtu ?? cni.plugins.find((p) => p.mtu !== undefined)?.mtu;
  if (mtu !== undefined) nad.details.push(`MTU ${mtu}`);
  const resource = object.metadata?.annotations?.['k8s.v1.cni.cncf.io/resourceName'];
  if (type === 'sriov' && resource) nad.details.push(`resource ${resource}`);

  const dangling = worstSeverity(b.findingsAt(nad.id).filter((f) => DANGLING_RULES.has(f.rule)));
  const attach = (policies: string[] | undefined, what: string, name: string) => {
    if (policies?.length) for (const p of policies) b.link(p, nad.id, 'network', name);
    else danglingFrom(b, nad.id, what, name, dangling);
  };
  if ((type === 'bridge' || type === 'cnv-bridge') && typeof main.bridge === 'string') attach(host.linuxBridges.get(main.bridge), 'bridge', main.bridge);
  else if (type === 'ovs' && typeof main.bridge === 'string') attach(host.ovsBridges.get(main.bridge), 'OVS bridge', main.bridge);
  else if (type === 'ovn-k8s-cni-overlay' && main.topology === 'localnet' && typeof main.name === 'string') attach(host.localnets.get(main.name), 'localnet mapping', main.name);
  else if (type === 'macvlan' && typeof main.master === 'string') for (const p of host.interfaces.get(main.master) ?? []) b.link(p, nad.id, 'network', main.master);
}

/** A bridge no policy creates: a node of its own, linked to the NAD, in the finding's colour. */
function danglingFrom(b: GraphBuilder, nadId: string, what: string, name: string, severity: Severity | undefined): void {
  const missing = b.ensure(`missing:${what}:${name}`, {
    kind: 'MissingBridge', name, category: 'interface', external: 'missing', details: [`no policy creates ${what} ${name}`],
  });
  b.link(missing.id, nadId, 'dangling', name, severity);
}

/** The NAD a VM network names (`ns/name` or `name` in the VM's namespace). */
export function nadReference(b: GraphBuilder, ref: string, namespace: string | undefined): string {
  const slash = ref.indexOf('/');
  const [ns, name] = slash < 0 ? [namespace, ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
  const id = objectKey('NetworkAttachmentDefinition', ns || undefined, name);
  return (b.get(id) ?? b.reference('NetworkAttachmentDefinition', ns, name, 'network')).id;
}
