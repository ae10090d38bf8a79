// Multus NetworkAttachmentDefinitions as `kv.BridgeNetwork` (Linux bridge CNI config), the
// bridge a construct reference to the imported policy's bridge where there is one.
import { Code, code, literal } from './code';
import { jsonEqual, countFields, diffToPatch } from './json-patch';
import { ImportedObject, ImportScope, isObject } from './model';

export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';
const DEFAULT_CNI_VERSION = '0.3.1';

export interface NadMapping {
  readonly construct: string;
  readonly props: Record<string, unknown>;
  /** The CNI config (object) the props render. */
  readonly config: Record<string, unknown>;
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

const BRIDGE_KEYS = ['type', 'bridge', 'vlan', 'vlanTrunk', 'preserveDefaultVlan', 'mtu', 'macspoofchk', 'hairpinMode', 'promiscMode', 'portIsolation', 'ipam'];

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

  // What BridgeNetwork renders for these props.
  const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const renderedBridge = compact({
    type: legacy ? 'cnv-bridge' : 'bridge', bridge: bridge.bridge, vlan: props.vlan,
    vlanTrunk: props.vlanTrunk ? (props.vlanTrunk as any[]).map((t) => (typeof t === 'number' ? { id: t } : { minID: t.min, maxID: t.max })) : undefined,
    preserveDefaultVlan: props.preserveDefaultVlan, mtu: props.mtu, macspoofchk: props.macspoofchk ?? true,
    hairpinMode: props.hairpinMode, promiscMode: props.promiscMode, portIsolation: props.portIsolation,
    ipam: isObject(bridge.ipam) && Object.keys(bridge.ipam).length > 0 ? bridge.ipam : {},
  });
  const plugins: Record<string, unknown>[] = [renderedBridge];
  if (props.tuning !== false) plugins.push({ type: legacy ? 'cnv-tuning' : 'tuning', ...(isObject(props.tuning) ? props.tuning : {}) });
  const rendered = { cniVersion: cniVersion ?? DEFAULT_CNI_VERSION, name: typeof config.name === 'string' ? config.name : name, plugins };
  void BRIDGE_KEYS;
  return { construct: 'kv.BridgeNetwork', props, config: rendered, annotations, dependsOn };
}

/** The CNI config fields that differ between what the construct renders and the input (counted as escape-hatch fields). */
export function configDifference(rendered: Record<string, unknown>, wanted: Record<string, unknown>): number {
  return jsonEqual(rendered, wanted) ? 0 : countFields(diffToPatch(rendered, wanted));
}

export type { Code };
