// Reading a live namespace for import: LIST only, through the controller's read-only calls.
import type { KubeClient } from '../controller/kube-client';
import { KubeObject } from '../manifests';
import { DEPENDS_ON_ANNOTATION, ImportInput } from './generate';
import { parseCniConfig } from './network';

/** The kinds read from a namespace, in the versions the constructs author. */
export const LIVE_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition'],
  ['instancetype.kubevirt.io/v1beta1', 'VirtualMachineInstancetype'],
  ['instancetype.kubevirt.io/v1beta1', 'VirtualMachinePreference'],
  ['cdi.kubevirt.io/v1beta1', 'DataImportCron'],
  ['cdi.kubevirt.io/v1beta1', 'DataSource'],
  ['cdi.kubevirt.io/v1beta1', 'DataVolume'],
  ['kubevirt.io/v1', 'VirtualMachine'],
  ['template.openshift.io/v1', 'Template'],
  ['template.kubevirt.io/v1beta1', 'VirtualMachineTemplate'],
];

export interface LiveRead {
  readonly inputs: ImportInput[];
  /** One line each: kinds not served, objects left out (owned by another imported object). */
  readonly notes: string[];
}

/**
 * Lists the kinds of `LIVE_KINDS` in `namespace`. Objects a controller owns (a VM's
 * dataVolumeTemplates become DataVolumes owned by the VM) are left out: their owner declares them.
 */
export async function readNamespace(client: Pick<KubeClient, 'list' | 'isServed' | 'server'>, namespace: string): Promise<LiveRead> {
  const inputs: ImportInput[] = [];
  const notes: string[] = [];
  for (const [apiVersion, kind] of LIVE_KINDS) {
    if (!(await client.isServed(apiVersion, kind))) {
      notes.push(`${kind} (${apiVersion}) is not served by the cluster`);
      continue;
    }
    const { items } = await client.list(apiVersion, kind, { namespace });
    for (const item of items) {
      const object: KubeObject = { ...item, apiVersion, kind };
      const owner = (object.metadata.ownerReferences ?? []).find((o) => o.controller);
      if (owner) {
        notes.push(`${kind} ${namespace}/${object.metadata.name} left out: created by ${owner.kind} ${owner.name}`);
        continue;
      }
      inputs.push({ object, origin: `${kind} ${namespace}/${object.metadata.name} (${client.server ?? 'cluster'})` });
    }
  }
  inputs.push(...await readBridgePolicies(client, inputs, notes));
  inputs.sort((a, b) => a.origin.localeCompare(b.origin));
  return { inputs, notes };
}

const NNCP: readonly [string, string] = ['nmstate.io/v1', 'NodeNetworkConfigurationPolicy'];

/**
 * The cluster-scoped policies the namespace's bridge NADs stand on: each policy with a linux
 * bridge a NAD names, and the policies those declare they depend on. Read so the NAD's bridge is
 * written as a reference to the policy's bridge; without the right to list them, names stay.
 */
async function readBridgePolicies(client: Pick<KubeClient, 'list' | 'isServed' | 'server'>, inputs: readonly ImportInput[], notes: string[]): Promise<ImportInput[]> {
  const bridges = new Set<string>();
  for (const { object } of inputs) {
    if (object.kind !== 'NetworkAttachmentDefinition') continue;
    const config = parseCniConfig(object.spec?.config);
    const chain = Array.isArray(config?.plugins) ? config!.plugins as any[] : config ? [config] : [];
    for (const plugin of chain) if ((plugin?.type === 'bridge' || plugin?.type === 'cnv-bridge') && typeof plugin.bridge === 'string') bridges.add(plugin.bridge);
  }
  if (bridges.size === 0 || !(await client.isServed(...NNCP))) return [];
  let items: KubeObject[];
  try {
    ({ items } = await client.list(...NNCP));
  } catch (err) {
    notes.push(`NodeNetworkConfigurationPolicy not listed (${(err as Error).message.split('\n')[0]}): NAD bridges stay names`);
    return [];
  }
  const byName = new Map(items.map((o) => [o.metadata.name, o]));
  const wanted = new Set(items.filter((o) => (o.spec?.desiredState?.interfaces ?? [])
    .some((i: any) => i?.type === 'linux-bridge' && bridges.has(i.name))).map((o) => o.metadata.name));
  const queue = [...wanted];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    // Entries are `group/Kind/namespace/name`.
    for (const entry of (byName.get(name)?.metadata.annotations?.[DEPENDS_ON_ANNOTATION] ?? '').split(',')) {
      const [group, kind, , dep] = entry.split('/');
      if (group === 'nmstate.io' && kind === NNCP[1] && byName.has(dep) && !wanted.has(dep)) {
        wanted.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...wanted].sort().map((name) => ({
    object: { ...byName.get(name)!, apiVersion: NNCP[0], kind: NNCP[1] },
    origin: `${NNCP[1]} ${name} (${client.server ?? 'cluster'})`,
  }));
}
