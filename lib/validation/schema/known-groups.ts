// API groups whose every kind is known (KubeVirt v1.9 components.crds.go, CDI v1.66, kubernetes-nmstate,
// HCO): a kind the group does not serve there is refused by the apiserver ("no matches for kind"),
// so `kind: Kubevirt` or a VirtualMachineClone under kubevirt.io is an error, not "no schema".
// Kinds of these groups without a pinned CRD under ../shared/crds are listed here; the pinned
// CRDs add theirs.
import { knownGroupKinds } from './registry';

const EXTRA_KINDS: Record<string, readonly string[]> = {
  'kubevirt.io': ['KubeVirt', 'VirtualMachineInstancePreset'],
  'snapshot.kubevirt.io': ['VirtualMachineSnapshotContent'],
  'clone.kubevirt.io': [],
  'export.kubevirt.io': [],
  'pool.kubevirt.io': [],
  'instancetype.kubevirt.io': [],
  'migrations.kubevirt.io': [],
  'cdi.kubevirt.io': ['CDI', 'CDIConfig', 'VolumeImportSource', 'VolumeUploadSource', 'VolumeCloneSource'],
  'nmstate.io': [],
  'hco.kubevirt.io': [],
};

let kindsByGroup: Map<string, Set<string>> | undefined;

function load(): Map<string, Set<string>> {
  if (!kindsByGroup) {
    kindsByGroup = new Map();
    const add = (group: string, kind: string) => {
      const set = kindsByGroup!.get(group) ?? new Set<string>();
      set.add(kind);
      kindsByGroup!.set(group, set);
    };
    for (const gk of knownGroupKinds()) {
      const slash = gk.lastIndexOf('/');
      add(gk.slice(0, slash), gk.slice(slash + 1));
    }
    for (const [group, kinds] of Object.entries(EXTRA_KINDS)) for (const kind of kinds) add(group, kind);
  }
  return kindsByGroup;
}

/** For a group whose kinds are all known and a kind it does not serve: what to say; else undefined. */
export function unknownKindInKnownGroup(group: string, kind: string): { message: string; hint?: string } | undefined {
  if (!(group in EXTRA_KINDS)) return undefined;
  const kinds = load().get(group) ?? new Set<string>();
  if (kinds.has(kind)) return undefined;
  const sameLetters = [...kinds].find((k) => k.toLowerCase() === kind.toLowerCase());
  const elsewhere = [...load().entries()].filter(([, ks]) => ks.has(kind)).map(([g]) => g);
  const hint = sameLetters ? `kinds are case-sensitive: use kind: ${sameLetters}`
    : elsewhere.length ? `${kind} is served by ${elsewhere.join(', ')}` : `${group} serves ${[...kinds].sort().join(', ')}`;
  return { message: `${group} has no kind ${kind}: the apiserver refuses it (no matches for kind)`, hint };
}
