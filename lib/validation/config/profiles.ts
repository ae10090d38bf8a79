// Platform profiles: the objects a platform deploys on its own, so references to them are not
// reported as missing. Data from common-instancetypes (rendered cluster instancetypes and
// preferences, deployed by virt-operator / HCO), SSP + HCO golden images and the namespaces they
// live in (../shared/reference/feature-anchors.md sections 2 and 4).
import { KubeObject } from '../types';
import { GateSettings, gatesFromHyperConverged } from './feature-gates';
import { PlatformProfile } from './types';

/** An object known to exist outside the input; `name: '*'` stands for every name. */
export interface ExternalObject {
  /** `group/Kind`, core group as `/Kind`. */
  readonly groupKind: string;
  readonly namespace: string;
  readonly name: string;
  /** Its content, when known (a profile's instancetype sizes, an object read from a cluster). */
  readonly object?: KubeObject;
  /** Where the knowledge comes from, for messages. */
  readonly origin: string;
}

const IT = 'instancetype.kubevirt.io';
const IT_VERSION = `${IT}/v1beta1`;

// common-instancetypes series x size: vCPUs / guest memory (GiB); '1gi' hugepage twins added below.
const SIZES: Record<string, Record<string, [number, number]>> = {
  u1: { nano: [1, 0.5], micro: [1, 1], small: [1, 2], medium: [1, 4], '2xmedium': [2, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32], '4xlarge': [16, 64], '8xlarge': [32, 128] },
  o1: { nano: [1, 0.5], micro: [1, 1], small: [1, 2], medium: [1, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32], '4xlarge': [16, 64], '8xlarge': [32, 128] },
  d1: { nano: [1, 0.5], micro: [1, 1], small: [1, 2], medium: [1, 4], '2xmedium': [2, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32], '4xlarge': [16, 64], '8xlarge': [32, 128] },
  cx1: { medium: [1, 2], large: [2, 4], xlarge: [4, 8], '2xlarge': [8, 16], '4xlarge': [16, 32], '8xlarge': [32, 64] },
  m1: { large: [2, 16], xlarge: [4, 32], '2xlarge': [8, 64], '4xlarge': [16, 128], '8xlarge': [32, 256] },
  n1: { medium: [4, 4], large: [4, 8], xlarge: [8, 16], '2xlarge': [16, 32], '4xlarge': [32, 64], '8xlarge': [64, 128] },
  rt1: { micro: [1, 1], small: [1, 2], medium: [1, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32], '4xlarge': [16, 64], '8xlarge': [32, 128] },
};
const HUGEPAGE_TWINS = new Set(['cx1', 'm1']);

const mem = (gib: number) => (gib < 1 ? `${gib * 1024}Mi` : `${gib}Gi`);

function commonInstancetypes(origin: string): ExternalObject[] {
  const out: ExternalObject[] = [];
  for (const [series, sizes] of Object.entries(SIZES)) {
    for (const [size, [cpu, gib]] of Object.entries(sizes)) {
      for (const name of [`${series}.${size}`, ...(HUGEPAGE_TWINS.has(series) ? [`${series}.${size}1gi`] : [])]) {
        out.push({
          groupKind: `${IT}/VirtualMachineClusterInstancetype`, namespace: '', name, origin,
          object: { apiVersion: IT_VERSION, kind: 'VirtualMachineClusterInstancetype', metadata: { name }, spec: { cpu: { guest: cpu }, memory: { guest: mem(gib) } } },
        });
      }
    }
  }
  return out;
}

// common-instancetypes preferences: name, then minimum vCPU / memory when the preference requires one.
const PREFERENCES = 'alpine:1:512Mi centos.stream10:1:1.5Gi centos.stream10.desktop:1:1.5Gi centos.stream9:1:1.5Gi '
  + 'centos.stream9.desktop:1:1.5Gi centos.stream9.dpdk:8:1.5Gi cirros:1:256Mi debian:1:512Mi fedora:1:2Gi fedora.arm64:1:2Gi '
  + 'fedora.s390x:1:2Gi fedora.s390x.secex:1:2Gi legacy linux linux.efi linux.virtiotransitional opensuse.leap:1:2Gi '
  + 'opensuse.tumbleweed:1:2Gi oraclelinux:2:4Gi rhel.10:1:1.5Gi rhel.10.arm64:1:1.5Gi rhel.10.s390x:1:1.5Gi '
  + 'rhel.10.s390x.secex:1:1.5Gi rhel.7:1:1Gi rhel.7.desktop:1:1Gi rhel.8:1:1.5Gi rhel.8.desktop:1:1.5Gi rhel.8.dpdk:8:1.5Gi '
  + 'rhel.9:1:1.5Gi rhel.9.arm64:1:1.5Gi rhel.9.desktop:1:1.5Gi rhel.9.dpdk:8:1.5Gi rhel.9.realtime:4:4Gi rhel.9.s390x:1:1.5Gi '
  + 'rhel.9.s390x.secex:1:1.5Gi sles:1:2Gi ubuntu:1:2Gi windows.10:1:2Gi windows.10.virtio:1:2Gi windows.11:2:4Gi '
  + 'windows.11.virtio:2:4Gi windows.2k12:1:512Mi windows.2k12.virtio:1:512Mi windows.2k16:1:2Gi windows.2k16.virtio:1:2Gi '
  + 'windows.2k19:1:2Gi windows.2k19.virtio:1:2Gi windows.2k22:1:2Gi windows.2k22.virtio:1:2Gi windows.2k25:1:2Gi '
  + 'windows.2k25.virtio:1:2Gi windows.2k3:1:256Mi windows.2k8:1:512Mi windows.2k8.virtio:1:512Mi windows.7:1:2Gi '
  + 'windows.7.virtio:1:2Gi windows.xp:1:128Mi';

function commonPreferences(origin: string): ExternalObject[] {
  return PREFERENCES.split(' ').map((entry) => {
    const [name, cpu, memory] = entry.split(':');
    const spec = cpu ? { requirements: { cpu: { guest: Number(cpu) }, memory: { guest: memory } } } : {};
    return {
      groupKind: `${IT}/VirtualMachineClusterPreference`, namespace: '', name, origin,
      object: { apiVersion: IT_VERSION, kind: 'VirtualMachineClusterPreference', metadata: { name }, spec },
    };
  });
}

/** What one platform ships and how its feature gates start out. */
export interface Profile {
  readonly name: PlatformProfile;
  readonly externals: readonly ExternalObject[];
  /** Gate settings over KubeVirt v1.9.0's defaults. */
  readonly gates?: GateSettings;
}

function goldenImages(namespace: string, origin: string): ExternalObject[] {
  // The set of DataSources differs per cluster (SSP creates one per template DATA_SOURCE_NAME,
  // HCO one per dataImportCronTemplate), so every DataSource of the namespace counts as present.
  return [
    { groupKind: 'cdi.kubevirt.io/DataSource', namespace, name: '*', origin },
    { groupKind: '/Namespace', namespace: '', name: namespace, origin },
  ];
}

/** The platform profile by name. */
export function platformProfile(name: PlatformProfile): Profile {
  switch (name) {
    case 'openshift-virtualization': {
      const origin = 'platform openshift-virtualization';
      return {
        name,
        externals: [
          ...commonInstancetypes(origin), ...commonPreferences(origin), ...goldenImages('openshift-virtualization-os-images', origin),
          ...['openshift-cnv', 'openshift'].map((ns) => ({ groupKind: '/Namespace', namespace: '', name: ns, origin })),
        ],
        // HCO manages the KubeVirt CR: its translation of a default HyperConverged.
        gates: gatesFromHyperConverged(undefined),
      };
    }
    case 'kubevirt': {
      const origin = 'platform kubevirt';
      return {
        name,
        externals: [
          ...commonInstancetypes(origin), ...commonPreferences(origin), ...goldenImages('kubevirt-os-images', origin),
          { groupKind: '/Namespace', namespace: '', name: 'kubevirt', origin },
        ],
      };
    }
    default:
      return { name: 'none', externals: [] };
  }
}
