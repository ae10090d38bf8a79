// The VM profiles (OS, workload, flavor) as the importer predicts their rendering. A unit test
// holds every entry to what the constructs render (test/import/profiles.test.ts).

/** OS profiles by their `vm.kubevirt.io/os` name: the `kv.OsProfile` member and what it sets. */
export const OS_PROFILES: Record<string, { member: string; secureBoot: boolean; windows: boolean; tpm: boolean; minimumCores?: number }> = {
  'rhel9': { member: 'RHEL_9', secureBoot: true, windows: false, tpm: false },
  'rhel8': { member: 'RHEL_8', secureBoot: false, windows: false, tpm: false },
  'rhel7': { member: 'RHEL_7', secureBoot: false, windows: false, tpm: false },
  'centos-stream9': { member: 'CENTOS_STREAM_9', secureBoot: false, windows: false, tpm: false },
  'centos6': { member: 'CENTOS_6', secureBoot: false, windows: false, tpm: false },
  'fedora': { member: 'FEDORA', secureBoot: true, windows: false, tpm: false },
  'opensuse': { member: 'OPENSUSE', secureBoot: false, windows: false, tpm: false },
  'ubuntu': { member: 'UBUNTU', secureBoot: false, windows: false, tpm: false },
  'windows10': { member: 'WINDOWS_10', secureBoot: true, windows: true, tpm: false },
  'windows11': { member: 'WINDOWS_11', secureBoot: true, windows: true, tpm: true, minimumCores: 2 },
  'windows2k16': { member: 'WINDOWS_2K16', secureBoot: true, windows: true, tpm: false },
  'windows2k19': { member: 'WINDOWS_2K19', secureBoot: true, windows: true, tpm: false },
  'windows2k22': { member: 'WINDOWS_2K22', secureBoot: true, windows: true, tpm: true },
  'windows2k25': { member: 'WINDOWS_2K25', secureBoot: true, windows: true, tpm: true },
};

/** Workload profiles by name: the `kv.WorkloadProfile` member. */
export const WORKLOAD_PROFILES: Record<string, string> = { server: 'SERVER', desktop: 'DESKTOP', highperformance: 'HIGH_PERFORMANCE' };

/** Flavors by name: the `kv.Flavor` member, vCPUs and guest memory. */
export const FLAVORS: Record<string, { member: string; cpu: number; memory: string }> = {
  tiny: { member: 'TINY', cpu: 1, memory: '1Gi' },
  small: { member: 'SMALL', cpu: 1, memory: '2Gi' },
  medium: { member: 'MEDIUM', cpu: 1, memory: '4Gi' },
  large: { member: 'LARGE', cpu: 2, memory: '8Gi' },
};

/** `HypervFeatures.windows()` as rendered. */
export const WINDOWS_HYPERV = {
  relaxed: {}, vapic: {}, spinlocks: { spinlocks: 8191 }, vpindex: {}, runtime: {}, synic: {},
  synictimer: { direct: {} }, frequencies: {}, tlbflush: {}, ipi: {}, reset: {},
};

/** `Clock.windows()` as rendered. */
export const WINDOWS_CLOCK = {
  utc: {}, timer: { hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {} },
};

export const VM_OS_ANNOTATION = 'vm.kubevirt.io/os';
export const VM_WORKLOAD_ANNOTATION = 'vm.kubevirt.io/workload';
export const VM_FLAVOR_ANNOTATION = 'vm.kubevirt.io/flavor';
export const VM_SIZE_LABEL = 'kubevirt.io/size';
