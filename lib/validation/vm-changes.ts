// Which changes of a VirtualMachine's spec KubeVirt applies to the running VM and which wait for a
// restart (the VM's RestartRequired condition). The facts are KubeVirt's VM controller
// (pkg/virt-controller/watch/vm/vm.go syncRestartRequired, validLiveUpdateVolumes/Disks,
// handleCPUChangeRequest, handleMemoryHotplugRequest; pkg/network/vmliveupdate/restart.go) and the
// instancetype mutator's matcher update check (pkg/instancetype/webhooks/vm/mutator.go).
// Plain objects in, a list of changes out: `diff` and the validator share it.
import { isDeepStrictEqual } from 'node:util';
import { memoryHotplugProblem } from './rules/vm-live-update';
import { arr, bytes, obj, quantity } from './rules/util';

/**
 * What a change does to the VM: `live` applies to the running VM, `restart` waits for a restart of
 * the running VM, `next-start` is a restart-only change of a stopped VM (it has no VMI: the change
 * applies when it next starts, and KubeVirt flags no RestartRequired), `refused` is rejected.
 */
export type VmChangeEffect = 'live' | 'restart' | 'next-start' | 'refused';

/** One change between two VM specs and its effect. */
export interface VmChange {
  /** Dotted path of the changed field, from the VM root. */
  readonly path: string;
  readonly effect: VmChangeEffect;
  /** Why, in KubeVirt's terms. */
  readonly reason: string;
}

/** What the classification assumes about the cluster. */
export interface VmChangeOptions {
  /**
   * The cluster's VM rollout strategy (KubeVirt CR `spec.configuration.vmRolloutStrategy`).
   * @default 'LiveUpdate' (KubeVirt's default)
   */
  readonly rolloutStrategy?: 'LiveUpdate' | 'Stage';
  /**
   * KubeVirt's `liveUpdateConfiguration.maxHotplugRatio`, which sizes maxSockets and maxGuest when the VM leaves them unset.
   * @default 4
   */
  readonly maxHotplugRatio?: number;
  /**
   * The spec of the instancetype a matcher names, when known (e.g. the object is in the same folder):
   * a switch between two known instancetypes that differ only in vCPUs and memory is judged like a
   * sockets/memory change.
   * @default - unknown: an instancetype switch is classified as needing a restart
   */
  readonly instancetypeSpec?: (matcher: Record<string, unknown>) => Record<string, unknown> | undefined;
  /**
   * The VM is stopped (no VMI): changes a running VM would need a restart for apply at its next
   * start (`next-start`). KubeVirt computes RestartRequired only while a VMI exists.
   * @default false
   */
  readonly stopped?: boolean;
}

const T = 'spec.template.spec';
type Json = Record<string, any>;

/** The changes from `before` to `after` (two VirtualMachines), each classified; empty when the specs are equal. */
export function classifyVmChanges(before: Json, after: Json, options: VmChangeOptions = {}): VmChange[] {
  const live = (options.rolloutStrategy ?? 'LiveUpdate') === 'LiveUpdate';
  const ratio = options.maxHotplugRatio ?? 4;
  const out: VmChange[] = [];
  const add = (path: string, effect: VmChangeEffect, reason: string) => out.push({ path, effect, reason });
  const oldSpec = obj(before.spec) ?? {};
  const newSpec = obj(after.spec) ?? {};

  // Outside the template: lifecycle, matchers, templates of DataVolumes to come.
  for (const key of union(oldSpec, newSpec)) {
    if (key === 'template' || isDeepStrictEqual(oldSpec[key], newSpec[key])) continue;
    const path = `spec.${key}`;
    if (key === 'instancetype') {
      const switched = instancetypeSwitch(oldSpec, newSpec, options, live, ratio);
      if (switched) out.push(...switched);
      else add(path, ...matcherChange(oldSpec[key], newSpec[key], key));
    } else if (key === 'preference') add(path, ...matcherChange(oldSpec[key], newSpec[key], key));
    else if (key === 'runStrategy' || key === 'running') add(path, 'live', 'KubeVirt starts or stops the VM to follow the run strategy');
    else if (key === 'dataVolumeTemplates') add(path, 'live', 'used when a DataVolume is created; the running VM keeps its disks');
    else if (key === 'updateVolumesStrategy') add(path, 'live', 'decides how later volume changes roll out');
    else add(path, 'restart', 'takes effect at the next start');
  }

  const oldMeta = obj(oldSpec.template?.metadata) ?? {};
  const newMeta = obj(newSpec.template?.metadata) ?? {};
  for (const key of union(oldMeta, newMeta)) {
    if (!isDeepStrictEqual(oldMeta[key], newMeta[key])) add(`spec.template.metadata.${key}`, 'restart', 'the VMI is created with them at the next start (KubeVirt does not flag this RestartRequired)');
  }

  const o = obj(oldSpec.template?.spec) ?? {};
  const n = obj(newSpec.template?.spec) ?? {};
  const handled = new Set(['volumes', 'networks', 'domain', 'nodeSelector', 'affinity', 'tolerations']);
  volumeChanges(o, n, newSpec.updateVolumesStrategy === 'Migration', add);
  networkChanges(o, n, add);
  for (const key of ['nodeSelector', 'affinity', 'tolerations']) {
    if (isDeepStrictEqual(o[key], n[key])) continue;
    if (live) add(`${T}.${key}`, 'live', 'the LiveUpdate rollout updates the running VMI (it may migrate to a matching node)');
    else add(`${T}.${key}`, 'restart', 'the Stage rollout applies template changes at the next start');
  }
  domainChanges(o, n, live, ratio, add);
  for (const key of union(o, n)) {
    if (handled.has(key) || isDeepStrictEqual(o[key], n[key])) continue;
    add(`${T}.${key}`, 'restart', 'not live-updatable');
  }
  return options.stopped ? out.map((c) => (c.effect === 'restart' ? { ...c, effect: 'next-start', reason: `the VM is stopped: applies at its next start (running, it would need a restart: ${c.reason})` } : c)) : out;
}

/**
 * `refused` when KubeVirt refuses a change, `restart` when any change needs one, `next-start` when
 * a stopped VM gets changes that apply at its next start, `live` when every change applies live,
 * `none` when nothing changed.
 */
export function vmChangeVerdict(changes: readonly VmChange[]): 'none' | 'live' | 'restart' | 'next-start' | 'refused' {
  if (changes.length === 0) return 'none';
  if (changes.some((c) => c.effect === 'refused')) return 'refused';
  if (changes.some((c) => c.effect === 'restart')) return 'restart';
  return changes.some((c) => c.effect === 'next-start') ? 'next-start' : 'live';
}

type Add = (path: string, effect: VmChangeEffect, reason: string) => void;

/**
 * A switch between two known instancetypes that differ only in cpu.guest and memory.guest, on a VM
 * whose preference keeps the default sockets topology: KubeVirt's controller expands both and sees
 * a sockets/memory change (syncRestartRequired runs ApplyToVM first). Undefined when it cannot judge.
 */
function instancetypeSwitch(oldSpec: Json, newSpec: Json, options: VmChangeOptions, live: boolean, ratio: number): VmChange[] | undefined {
  const before = obj(oldSpec.instancetype);
  const after = obj(newSpec.instancetype);
  if (!before || !after || !options.instancetypeSpec || matcherChange(before, after, 'instancetype')[0] === 'refused') return undefined;
  const a = obj(options.instancetypeSpec(before));
  const b = obj(options.instancetypeSpec(after));
  if (!a || !b || !isDeepStrictEqual(oldSpec.preference, newSpec.preference) || newSpec.preference !== undefined) return undefined;
  const rest = (x: Json) => ({ ...x, cpu: { ...x.cpu, guest: undefined }, memory: { ...x.memory, guest: undefined } });
  if (!isDeepStrictEqual(rest(a), rest(b))) return undefined;
  // The instancetype's vCPUs become sockets (the default preferred topology), its memory the guest memory.
  const domain = (x: Json) => ({ domain: { cpu: { sockets: x.cpu?.guest, maxSockets: x.cpu?.maxSockets }, memory: { guest: x.memory?.guest, maxGuest: x.memory?.maxGuest } } });
  const found: VmChange[] = [];
  domainChanges(domain(a), domain(b), live, ratio, (path, effect, reason) => found.push({ path: 'spec.instancetype', effect, reason: `${after.name} instead of ${before.name}: ${reason} (${path.slice(T.length + 1)})` }));
  return found.length > 0 ? found : undefined;
}

function matcherChange(before: unknown, after: unknown, which: string): [VmChangeEffect, string] {
  const b = obj(before);
  const a = obj(after);
  // validateMatcherUpdate: a new name with the old, non-empty revisionName is refused.
  if (b && a && typeof b.revisionName === 'string' && b.revisionName !== '' && b.name !== a.name && b.revisionName === a.revisionName) {
    return ['refused', `the ${which} name changed but revisionName '${b.revisionName}' did not: KubeVirt refuses the update (clear or change revisionName)`];
  }
  return ['restart', `the ${which} is expanded into the VMI at start; a new one applies at the next start, or live under LiveUpdate only for sockets/memory within maxSockets/maxGuest`];
}

function byName(list: unknown): Map<string, Json> {
  return new Map(arr(list).filter((x) => typeof x?.name === 'string').map((x) => [x.name, x]));
}

function isHotplug(volume: Json | undefined): boolean {
  return volume?.dataVolume?.hotpluggable === true || volume?.persistentVolumeClaim?.hotpluggable === true;
}

/** validLiveUpdateVolumes / validLiveUpdateDisks, one finding per volume or disk. */
function volumeChanges(o: Json, n: Json, migration: boolean, add: Add): void {
  const oldVols = byName(o.volumes);
  const newVols = byName(n.volumes);
  for (const name of new Set([...oldVols.keys(), ...newVols.keys()])) {
    const before = oldVols.get(name);
    const after = newVols.get(name);
    if (isDeepStrictEqual(before, after)) continue;
    const path = `${T}.volumes[${name}]`;
    if (isHotplug(after) || (!after && isHotplug(before))) add(path, 'live', after ? (before ? 'hotpluggable volume changed: re-plugged' : 'hot-plugged into the running VM') : 'hot-unplugged from the running VM');
    else if (before && after && migration && (obj(after.persistentVolumeClaim) || obj(after.dataVolume))) add(path, 'live', 'updateVolumesStrategy Migration: the storage is live-migrated to the new claim');
    else add(path, 'restart', after ? (before ? 'volume changed' : 'volume added without hotpluggable') : 'non-hotpluggable volume removed');
  }
  const oldDisks = byName(o.domain?.devices?.disks);
  const newDisks = byName(n.domain?.devices?.disks);
  for (const name of new Set([...oldDisks.keys(), ...newDisks.keys()])) {
    const before = oldDisks.get(name);
    const after = newDisks.get(name);
    if (isDeepStrictEqual(before, after)) continue;
    const path = `${T}.domain.devices.disks[${name}]`;
    if (after && isHotplug(newVols.get(name))) add(path, 'live', 'disk of a hotpluggable volume');
    else if (!after && before?.cdrom) add(path, 'restart', 'a CD-ROM drive removed');
    else if (!after && isHotplug(oldVols.get(name))) add(path, 'live', 'disk of a hot-unplugged volume');
    else add(path, 'restart', after ? (before ? 'disk changed' : 'disk added without a hotpluggable volume') : 'disk removed');
  }
}

/** pkg/network/vmliveupdate: removing or changing an existing NIC needs a restart; a new bridge/SR-IOV NIC is hot-plugged. */
function networkChanges(o: Json, n: Json, add: Add): void {
  const oldIfaces = byName(o.domain?.devices?.interfaces);
  const newIfaces = byName(n.domain?.devices?.interfaces);
  for (const name of new Set([...oldIfaces.keys(), ...newIfaces.keys()])) {
    const before = oldIfaces.get(name);
    const after = newIfaces.get(name);
    if (isDeepStrictEqual(before, after)) continue;
    const path = `${T}.domain.devices.interfaces[${name}]`;
    const stateless = (x: Json | undefined) => (x ? { ...x, state: undefined } : x);
    if (before && after && isDeepStrictEqual(stateless(before), stateless(after))) {
      add(path, 'live', after.state === 'absent' ? 'hot-unplugged (state: absent)' : 'interface state changed');
    } else if (!before && after && (obj(after.bridge) || obj(after.sriov))) {
      add(path, 'live', `hot-plugged (${obj(after.bridge) ? 'bridge' : 'SR-IOV'} binding)`);
    } else if (!before) {
      add(path, 'restart', 'a new interface with a binding KubeVirt cannot hot-plug (only bridge and SR-IOV)');
    } else {
      add(path, 'restart', after ? 'an existing interface changed' : 'an interface removed without state: absent');
    }
  }
  const oldNets = byName(o.networks);
  const newNets = byName(n.networks);
  for (const name of new Set([...oldNets.keys(), ...newNets.keys()])) {
    const before = oldNets.get(name);
    const after = newNets.get(name);
    if (isDeepStrictEqual(before, after)) continue;
    const path = `${T}.networks[${name}]`;
    if (!before && after && obj(after.pod)) add(path, 'restart', 'the pod network cannot be hot-plugged');
    else if (!before) add(path, 'live', 'a Multus network hot-plugged with its interface');
    else if (after && obj(before.multus) && obj(after.multus) && isDeepStrictEqual({ ...before.multus, networkName: '' }, { ...after.multus, networkName: '' })) {
      add(path, 'live', 'a new NetworkAttachmentDefinition: KubeVirt live-migrates a migratable VM to it (else a restart)');
    } else add(path, 'restart', after ? 'an existing network changed' : 'a network removed');
  }
}

/** CPU sockets and guest memory are live-updatable within their headroom; the rest of the domain is not. */
function domainChanges(o: Json, n: Json, live: boolean, ratio: number, add: Add): void {
  const od = obj(o.domain) ?? {};
  const nd = obj(n.domain) ?? {};
  const oc = obj(od.cpu) ?? {};
  const nc = obj(nd.cpu) ?? {};
  if (oc.sockets !== nc.sockets) {
    const path = `${T}.domain.cpu.sockets`;
    const was = Number(oc.sockets ?? 1);
    const now = Number(nc.sockets ?? 1);
    // The running VMI's maxSockets: the VM's, else sockets x maxHotplugRatio at boot.
    const max = Number(oc.maxSockets ?? was * ratio);
    if (!live) add(path, 'restart', 'the Stage rollout applies template changes at the next start');
    else if (now < was) add(path, 'restart', 'reduction of CPU socket count requires a restart');
    else if (now > max) add(path, 'restart', `more sockets (${now}) than the running VM's maxSockets (${max})`);
    else if (n.architecture === 'arm64') add(path, 'restart', "ARM doesn't support CPU hotplug");
    else add(path, 'live', `CPU hotplug: ${was} -> ${now} sockets (maxSockets ${max})`);
  }
  const og = quantity(od.memory?.guest);
  const ng = quantity(nd.memory?.guest);
  if (od.memory?.guest !== nd.memory?.guest) {
    const path = `${T}.domain.memory.guest`;
    const explicitMax = quantity(od.memory?.maxGuest);
    // KubeVirt sets maxGuest = guest x maxHotplugRatio at boot when the VM qualifies for memory hotplug.
    const max = explicitMax ?? (og !== undefined && !memoryHotplugProblem(o, og * ratio) ? og * ratio : undefined);
    if (!live) add(path, 'restart', 'the Stage rollout applies template changes at the next start');
    else if (og === undefined || ng === undefined) add(path, 'restart', 'guest memory set or unset');
    else if (max === undefined) add(path, 'restart', `memory hotplug is not available for this VM (${memoryHotplugProblem(o, explicitMax ?? og * ratio)?.message ?? 'no maxGuest'})`);
    else if (ng < og) add(path, 'restart', 'memory updated to a value lower than what the VM started with');
    else if (ng > max) add(path, 'restart', `memory above the running VM's maxGuest (${bytes(max)})`);
    else if (memoryHotplugProblem(n, max)) add(path, 'restart', `memory hotplug not supported: ${memoryHotplugProblem(n, max)!.message}`);
    else add(path, 'live', `memory hotplug: ${od.memory.guest} -> ${nd.memory.guest} (maxGuest ${bytes(max)}), if the VM is live-migratable`);
  }
  const rest = (d: Json) => {
    const copy: Json = { ...d, cpu: d.cpu ? { ...d.cpu, sockets: undefined } : undefined, memory: d.memory ? { ...d.memory, guest: undefined } : undefined };
    const devices = obj(d.devices) ?? {};
    copy.devices = { ...devices, disks: undefined, interfaces: undefined };
    return copy;
  };
  const ro = rest(od);
  const rn = rest(nd);
  for (const key of union(ro, rn)) {
    if (key === 'devices' || key === 'cpu' || key === 'memory') {
      for (const sub of union(obj(ro[key]) ?? {}, obj(rn[key]) ?? {})) {
        if (!isDeepStrictEqual(ro[key]?.[sub], rn[key]?.[sub])) add(`${T}.domain.${key}.${sub}`, 'restart', 'not live-updatable');
      }
    } else if (!isDeepStrictEqual(ro[key], rn[key])) {
      add(`${T}.domain.${key}`, 'restart', key === 'firmware' ? 'firmware changed (a UUID KubeVirt persisted itself is not a change)' : 'not live-updatable');
    }
  }
}

function union(a: Json, b: Json): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}
