// The common-instancetypes catalog's names, so a VM that references one is written with the
// catalog value (`kv.CommonInstancetype.U1_MEDIUM`). A unit test keeps these lists equal to the catalog.

export const COMMON_INSTANCETYPES: readonly string[] = `u1.nano u1.micro u1.small u1.medium u1.2xmedium u1.large u1.xlarge u1.2xlarge u1.4xlarge u1.8xlarge o1.nano o1.micro o1.small o1.medium o1.large o1.xlarge o1.2xlarge o1.4xlarge o1.8xlarge d1.nano d1.micro d1.small d1.medium d1.2xmedium d1.large d1.xlarge d1.2xlarge d1.4xlarge d1.8xlarge cx1.medium cx1.medium1gi cx1.large cx1.large1gi cx1.xlarge cx1.xlarge1gi cx1.2xlarge cx1.2xlarge1gi cx1.4xlarge cx1.4xlarge1gi cx1.8xlarge cx1.8xlarge1gi m1.large m1.large1gi m1.xlarge m1.xlarge1gi m1.2xlarge m1.2xlarge1gi m1.4xlarge m1.4xlarge1gi m1.8xlarge m1.8xlarge1gi n1.medium n1.large n1.xlarge n1.2xlarge n1.4xlarge n1.8xlarge rt1.micro rt1.small rt1.medium rt1.large rt1.xlarge rt1.2xlarge rt1.4xlarge rt1.8xlarge`.split(' ');

export const COMMON_PREFERENCES: readonly string[] = `alpine centos.stream10 centos.stream10.desktop centos.stream9 centos.stream9.desktop centos.stream9.dpdk cirros debian fedora fedora.arm64 fedora.s390x fedora.s390x.secex legacy linux linux.efi linux.virtiotransitional opensuse.leap opensuse.tumbleweed oraclelinux rhel.10 rhel.10.arm64 rhel.10.s390x rhel.10.s390x.secex rhel.7 rhel.7.desktop rhel.8 rhel.8.desktop rhel.8.dpdk rhel.9 rhel.9.arm64 rhel.9.desktop rhel.9.dpdk rhel.9.realtime rhel.9.s390x rhel.9.s390x.secex sles ubuntu windows.10 windows.10.virtio windows.11 windows.11.virtio windows.2k12 windows.2k12.virtio windows.2k16 windows.2k16.virtio windows.2k19 windows.2k19.virtio windows.2k22 windows.2k22.virtio windows.2k25 windows.2k25.virtio windows.2k3 windows.2k8 windows.2k8.virtio windows.7 windows.7.virtio windows.xp`.split(' ');

/** `u1.2xmedium` -> `U1_2XMEDIUM`, the catalog classes' member names. */
export function catalogMember(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
