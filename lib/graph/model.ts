// The topology graph: plain data built from manifests (and the validator's findings), drawn
// by every renderer. Nothing here knows constructs or how a picture is laid out.
import { KubeObject } from '../manifests/types';
import { Finding, Severity } from '../validation/types';

/** What a node stands for; renderers colour and place by it. */
export type NodeCategory =
  | 'host'       // a NodeNetworkConfigurationPolicy
  | 'interface'  // a node interface an NNCP creates or uses (port, bond, VLAN, bridge, OVS bridge, OVN mapping)
  | 'network'    // a NetworkAttachmentDefinition or the pod network
  | 'workload'   // VirtualMachine, VirtualMachineInstance, VirtualMachinePool
  | 'disk'       // DataVolume (standalone or a VM's template), PersistentVolumeClaim, VolumeSnapshot
  | 'source'     // DataSource, DataImportCron, an HTTP URL, a container image
  | 'flavor'     // instancetypes and preferences
  | 'other';     // every other object in the input

/** One box in the picture. */
export interface TopologyNode {
  /** Stable id (`Kind/namespace/name` for objects, a prefixed name for everything else). */
  readonly id: string;
  /** The object's kind, or Interface, OvnBridgeMapping, PodNetwork, Image, URL, MissingBridge. */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly category: NodeCategory;
  /** One short line each (type, VLAN, MTU, size...). */
  readonly details: string[];
  /** The group (a node selector's host networking) it is drawn in. */
  group?: string;
  /** The input object, when the node is one. */
  object?: KubeObject;
  /** The file the object came from. */
  file?: string;
  /** Referenced but not in the input (it may exist in the cluster), or implied (a DataSource a cron manages). */
  external?: 'missing' | 'implied';
  /** Validation findings about this object (suppressed ones included, marked). */
  readonly findings: Finding[];
}

/** Why two nodes are linked. */
export type EdgeKind =
  | 'creates'   // NNCP -> interface it declares
  | 'port'      // port/base interface -> bond, bridge or VLAN; bridge -> OVN mapping
  | 'network'   // NNCP -> NAD (the bridge it creates), NAD/pod network -> VM (a NIC)
  | 'disk'      // VM -> DataVolume / PVC / image (a volume)
  | 'source'    // disk -> what it is imported or cloned from; DataSource -> cron
  | 'flavor'    // VM -> instancetype / preference
  | 'dangling'; // missing bridge -> NAD that names it

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
  /** Set on edges drawn in a finding's colour (a dangling NAD). */
  readonly severity?: Severity;
}

/** Host networking of one NNCP node selector. */
export interface TopologyGroup {
  readonly id: string;
  readonly label: string;
}

export interface TopologyGraph {
  readonly nodes: TopologyNode[];
  readonly edges: TopologyEdge[];
  readonly groups: TopologyGroup[];
  /** Findings about no drawn object (input problems, config warnings). */
  readonly unplaced: Finding[];
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The worst severity among a node's counted (not suppressed) findings. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (!f.suppressed && (worst === undefined || RANK[f.severity] > RANK[worst])) worst = f.severity;
  return worst;
}

/** Colours per severity, shared by every renderer. */
export const SEVERITY_COLOR: Record<Severity, string> = { error: '#d32f2f', warning: '#ef8f00', info: '#1976d2' };

/** Fill colours per category, shared by every renderer. */
export const CATEGORY_FILL: Record<NodeCategory, string> = {
  host: '#e3f2fd', interface: '#f1f8e9', network: '#e0f7fa', workload: '#ede7f6',
  disk: '#fff8e1', source: '#fbe9e7', flavor: '#f3e5f5', other: '#f5f5f5',
};

/** The first line of a node's label. */
export function nodeTitle(n: TopologyNode): string {
  const ns = n.namespace ? `${n.namespace}/` : '';
  return `${n.kind} ${ns}${n.name}`;
}
