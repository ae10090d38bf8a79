// The VM profiles (OS, workload, flavor) by the names their template annotations carry: which
// member of `kv.OsProfile` / `kv.WorkloadProfile` / `kv.Flavor` to write. What a profile sets is
// never predicted here: the writing is run with the constructs (evaluate.ts). A unit test holds
// each entry to the member whose rendering carries that name (test/import/tables.test.ts).

/** `vm.kubevirt.io/os` value -> `kv.OsProfile` member. */
export const OS_PROFILES: Record<string, string> = {
  'rhel9': 'RHEL_9', 'rhel8': 'RHEL_8', 'rhel7': 'RHEL_7', 'centos-stream9': 'CENTOS_STREAM_9', 'centos6': 'CENTOS_6',
  'fedora': 'FEDORA', 'opensuse': 'OPENSUSE', 'ubuntu': 'UBUNTU', 'windows10': 'WINDOWS_10', 'windows11': 'WINDOWS_11',
  'windows2k16': 'WINDOWS_2K16', 'windows2k19': 'WINDOWS_2K19', 'windows2k22': 'WINDOWS_2K22', 'windows2k25': 'WINDOWS_2K25',
};

/** `vm.kubevirt.io/workload` value -> `kv.WorkloadProfile` member. */
export const WORKLOAD_PROFILES: Record<string, string> = { server: 'SERVER', desktop: 'DESKTOP', highperformance: 'HIGH_PERFORMANCE' };

/** `vm.kubevirt.io/flavor` value -> `kv.Flavor` member. */
export const FLAVORS: Record<string, string> = { tiny: 'TINY', small: 'SMALL', medium: 'MEDIUM', large: 'LARGE' };

/** `HypervFeatures.windows()` as rendered. */
export const WINDOWS_HYPERV = {
  relaxed: {}, vapic: {}, spinlocks: { spinlocks: 8191 }, vpindex: {}, runtime: {}, synic: {},
  synictimer: { direct: {} }, frequencies: {}, tlbflush: {}, ipi: {}, reset: {},
};

export const VM_OS_ANNOTATION = 'vm.kubevirt.io/os';
export const VM_WORKLOAD_ANNOTATION = 'vm.kubevirt.io/workload';
export const VM_FLAVOR_ANNOTATION = 'vm.kubevirt.io/flavor';
export const VM_SIZE_LABEL = 'kubevirt.io/size';
