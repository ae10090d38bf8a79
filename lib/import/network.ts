// Multus NetworkAttachmentDefinitions as `kv.BridgeNetwork` (Linux bridge CNI config), the
// bridge a construct reference to the imported policy's bridge where there is one.
import { Code, code, literal } from './code';
import { ImportedObject, ImportScope, isObject } from './model';

export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';
const DEFAULT_CNI_VERSION = '0.3.1';

export interface NadMapping {
  readonly construct: string;
  readonly props: Record<string, unknown>;
  /** Annotations the construct adds. */
  readonly annotations: Record<string, string>;
  readonly dependsOn: ImportedObject[];
}

/** Parses `spec.config`; undefined when it is not a JSON object. */
export function parseCniConfig(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A Linux-bridge NAD as `kv.BridgeNetwork`, or undefined for other CNI configs. */
export function mapBridgeNetwork(io: ImportedObject, scope: ImportScope): NadMapping | undefined {
  const config = parseCniConfig(io.object.spec?.config);
  if (!config) return undefined;
  // A single-plugin config (no `plugins` list) is still a bridge network: its text goes through the escape hatch.
  const chain = Array.isArray(config.plugins) ? config.plugins as any[] : [config];
  if (chain.length < 1 || chain.length > 2) return undefined;
  const [bridge, tuning] = chain;
  if (!isObject(bridge) || (bridge.type !== 'bridge' && bridge.type !== 'cnv-bridge') || typeof bridge.bridge !== 'string') return undefined;
  const legacy = bridge.type === 'cnv-bridge';
  if (tuning !== undefined && (!isObject(tuning) || tuning.type !== (legacy ? 'cnv-tuning' : 'tuning'))) return undefined;
  const props: Record<string, unknown> = {};
  const dependsOn: ImportedObject[] = [];
  const member = scope.bridge(io, bridge.bridge);
  if (member) {
    props.bridge = member.expr;
    dependsOn.push(member.policy);
  } else {
    props.bridge = bridge.bridge;
  }
  const name = io.object.metadata.name;
  const cniVersion = typeof config.cniVersion === 'string' ? config.cniVersion : undefined;
  if (cniVersion !== undefined && cniVersion !== DEFAULT_CNI_VERSION) props.cniVersion = cniVersion;
  if (typeof config.name === 'string' && config.name !== name) props.cniNetworkName = config.name;
  if (typeof bridge.vlan === 'number') props.vlan = bridge.vlan;
  if (Array.isArray(bridge.vlanTrunk) && bridge.vlanTrunk.every((t: any) => isObject(t) && (Number.isInteger(t.id) && Object.keys(t).length === 1
    || Number.isInteger(t.minID) && Number.isInteger(t.maxID) && Object.keys(t).length === 2))) {
    props.vlanTrunk = bridge.vlanTrunk.map((t: any) => (t.id !== undefined ? t.id : { min: t.minID, max: t.maxID }));
  }
  for (const k of ['preserveDefaultVlan', 'hairpinMode', 'promiscMode', 'portIsolation'] as const) {
    if (typeof bridge[k] === 'boolean') props[k] = bridge[k];
  }
  if (typeof bridge.mtu === 'number') props.mtu = bridge.mtu;
  if (bridge.macspoofchk === false) props.macspoofchk = false;
  if (isObject(bridge.ipam) && Object.keys(bridge.ipam).length > 0) props.ipam = code(`kv.CniIpam.fromJson(${literal(bridge.ipam)})`);
  if (tuning === undefined) props.tuning = false;
  else {
    const { type: _t, ...rest } = tuning;
    if (Object.keys(rest).length > 0) props.tuning = rest;
  }
  if (legacy) props.legacyCnvBridge = true;
  const resourceName = `bridge.network.kubevirt.io/${bridge.bridge}`;
  const annotations: Record<string, string> = {};
  if (io.object.metadata.annotations?.[RESOURCE_NAME_ANNOTATION] === resourceName) annotations[RESOURCE_NAME_ANNOTATION] = resourceName;
  else props.resourceNameAnnotation = false;

  return { construct: 'kv.BridgeNetwork', props, annotations, dependsOn };
}

export type { Code };

const MACVLAN_MODES: Record<string, string> = { bridge: 'BRIDGE', private: 'PRIVATE', vepa: 'VEPA', passthru: 'PASSTHRU' };
const VLAN_PROTOCOLS: Record<string, string> = { '802.1q': 'IEEE_802_1Q', '802.1ad': 'IEEE_802_1AD' };
const LINK_STATES: Record<string, string> = { auto: 'AUTO', enable: 'ENABLE', disable: 'DISABLE' };

/**
 * Single-plugin macvlan, OVN-Kubernetes (localnet, layer2) and SR-IOV configs as `kv.MacvlanNetwork`,
 * `kv.OvnLocalnetNetwork`, `kv.OvnLayer2Network`, `kv.SriovNetwork`; undefined for other configs.
 */
export function mapOtherNetwork(io: ImportedObject): NadMapping | undefined {
  const config = parseCniConfig(io.object.spec?.config);
  if (!config || config.plugins !== undefined) return undefined;
  const name = io.object.metadata.name;
  const props: Record<string, unknown> = {};
  if (typeof config.cniVersion === 'string' && config.cniVersion !== DEFAULT_CNI_VERSION) props.cniVersion = config.cniVersion;
  const ipam = isObject(config.ipam) && Object.keys(config.ipam).length > 0 ? code(`kv.CniIpam.fromJson(${literal(config.ipam)})`) : undefined;
  const int = (v: unknown): v is number => Number.isInteger(v);
  const list = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.split(',') : undefined);
  const annotations: Record<string, string> = {};
  let construct: string;
  if (config.type === 'macvlan') {
    construct = 'kv.MacvlanNetwork';
    if (typeof config.master === 'string') props.master = config.master;
    if (typeof config.mode === 'string' && MACVLAN_MODES[config.mode]) props.mode = code(`kv.MacvlanMode.${MACVLAN_MODES[config.mode]}`);
    if (int(config.mtu)) props.mtu = config.mtu;
    if (ipam) props.ipam = ipam;
  } else if (config.type === 'ovn-k8s-cni-overlay' && (config.topology === 'localnet' || config.topology === 'layer2')) {
    construct = config.topology === 'localnet' ? 'kv.OvnLocalnetNetwork' : 'kv.OvnLayer2Network';
    if (int(config.mtu)) props.mtu = config.mtu;
    props.subnets = list(config.subnets);
    props.excludeSubnets = list(config.excludeSubnets);
    if (typeof config.allowPersistentIPs === 'boolean') props.allowPersistentIps = config.allowPersistentIPs;
    if (config.topology === 'localnet') {
      if (typeof config.physicalNetworkName === 'string') props.physicalNetworkName = config.physicalNetworkName;
      if (int(config.vlanID)) props.vlan = config.vlanID;
    } else {
      props.reservedSubnets = list(config.reservedSubnets);
    }
  } else if (config.type === 'sriov') {
    const resourceName = io.object.metadata.annotations?.[RESOURCE_NAME_ANNOTATION];
    if (typeof resourceName !== 'string') return undefined;
    construct = 'kv.SriovNetwork';
    props.resourceName = resourceName;
    annotations[RESOURCE_NAME_ANNOTATION] = resourceName;
    for (const [field, prop] of [['vlan', 'vlan'], ['vlanQoS', 'vlanQoS'], ['min_tx_rate', 'minTxRate'], ['max_tx_rate', 'maxTxRate']]) {
      if (int(config[field])) props[prop] = config[field];
    }
    if (typeof config.vlanProto === 'string' && VLAN_PROTOCOLS[config.vlanProto]) props.vlanProto = code(`kv.VlanProtocol.${VLAN_PROTOCOLS[config.vlanProto]}`);
    if (config.spoofchk === 'on' || config.spoofchk === 'off') props.spoofChk = config.spoofchk === 'on';
    if (config.trust === 'on' || config.trust === 'off') props.trust = config.trust === 'on';
    if (typeof config.link_state === 'string' && LINK_STATES[config.link_state]) props.linkState = code(`kv.SriovLinkState.${LINK_STATES[config.link_state]}`);
    if (ipam) props.ipam = ipam;
  } else {
    return undefined;
  }
  // The CNI network name, where it differs from the one the construct derives (a localnet's physical network, else the object's name).
  const derived = construct === 'kv.OvnLocalnetNetwork' ? props.physicalNetworkName ?? name : name;
  if (typeof config.name === 'string' && config.name !== derived) props.cniNetworkName = config.name;
  return { construct, props, annotations, dependsOn: [] };
}
