// Construct-time checks of a VM spec: the catalog's `reject` rules that are local to one VM and cheap.
import { CloudInit } from './cloud-init';
import { DiskBus, validateDisk } from './disk';
import { validateDataVolumeSpec } from '../storage';
import { validateInterface } from './interface';
import { duplicates, isDnsLabel, isDnsSubdomain } from './quantity';
import type { VirtualMachineSpecBuilder, VirtualMachineSpecContext } from './spec-builder';

const T = 'spec.template.spec';
const D = `${T}.domain`;
const RESERVED_LABELS = [
  'kubevirt.io/created-by', 'kubevirt.io/nodeName', 'kubevirt.io/migrationJobUID',
  'kubevirt.io/migrationTargetNodeName', 'kubevirt.io/schedulable', 'kubevirt.io/install-strategy',
];

export function validateSpec(b: VirtualMachineSpecBuilder, ctx: VirtualMachineSpecContext): string[] {
  return [...validateDevices(b), ...validateTemplates(b, ctx), ...validateCompute(b), ...validateMisc(b)];
}

function validateTemplates(b: VirtualMachineSpecBuilder, ctx: VirtualMachineSpecContext): string[] {
  const errors: string[] = [];
  const names: string[] = [];
  b.disks.filter((d) => d.source.template).forEach((d, i) => {
    const props = d.source.template!;
    names.push(props.name ?? `${ctx.name}-${d.name}`);
    errors.push(...validateDataVolumeSpec(props, `spec.dataVolumeTemplates[${i}].spec`, { namespace: ctx.namespace }));
  });
  for (const name of duplicates(names)) {
    errors.push(`spec.dataVolumeTemplates: DataVolume name '${name}' is used twice`);
  }
  return errors;
}

function validateDevices(b: VirtualMachineSpecBuilder): string[] {
  const errors: string[] = [];
  const p = b.props;
  const cloudInit: CloudInit | undefined = b.cloudInit;
  const diskNames = [...b.disks.map((d) => d.name), ...cloudInit ? [cloudInit.diskName] : []];
  b.disks.forEach((d, i) => errors.push(...validateDisk(d, `${D}.devices.disks[${i}]`, p.defaultDiskBus ?? DiskBus.VIRTIO)));
  for (const name of duplicates(diskNames)) {
    errors.push(`${D}.devices.disks: disk name '${name}' is used twice (disks and volumes are paired by name) [vmi-disk-volume-name-unique]`);
  }
  if (cloudInit) errors.push(...cloudInit.validate(`${T}.volumes[${b.disks.length}]`));
  if (b.disks.filter((d) => d.source.kind === 'serviceAccount').length > 1) {
    errors.push(`${T}.volumes: at most one serviceAccount volume [vmi-service-account-valid]`);
  }

  const ifaces = b.effectiveInterfaces;
  ifaces.forEach((iface, i) => errors.push(...validateInterface(iface, `${D}.devices.interfaces[${i}]`, `${T}.networks[${i}]`)));
  for (const name of duplicates(ifaces.map((i) => i.name))) {
    errors.push(`${D}.devices.interfaces: interface name '${name}' is used twice (interfaces and networks are paired by name) [vmi-net-iface-names-unique]`);
  }
  const pods = ifaces.filter((i) => i.nic.network.isPod);
  if (pods.length > 1) {
    errors.push(`${T}.networks: at most one pod network, found ${pods.length} (${pods.map((i) => i.name).join(', ')}) [vmi-single-pod-network]`);
  }
  const multusDefaults = ifaces.filter((i) => i.nic.network.isDefault);
  if (multusDefaults.length > 1 || (multusDefaults.length === 1 && pods.length > 0)) {
    errors.push(`${T}.networks: at most one Multus network may be the default, and not together with the pod network [vmi-multus-default-single]`);
  }

  const bootOrders = [
    ...b.disks.map((d) => ({ what: `disk '${d.name}'`, order: d.options.bootOrder })),
    ...ifaces.map((i) => ({ what: `interface '${i.name}'`, order: i.options.bootOrder })),
  ].filter((x) => x.order !== undefined);
  for (const order of duplicates(bootOrders.map((x) => x.order))) {
    const owners = bootOrders.filter((x) => x.order === order).map((x) => x.what).join(' and ');
    errors.push(`${D}.devices: bootOrder ${order} is used by ${owners}; boot orders must be unique [vmi-bootorder-valid]`);
  }

  const cloudInitKind = cloudInit?.datasource;
  b.accessCredentials.forEach((c, i) => errors.push(...c.validate(`${T}.accessCredentials[${i}]`, cloudInitKind)));
  return errors;
}

function validateCompute(b: VirtualMachineSpecBuilder): string[] {
  const errors: string[] = [];
  const p = b.props;
  const r = p.resources;
  if (p.instancetype) {
    if (p.cpu || r?.cpu) {
      errors.push(`${D}.cpu: an instancetype ('${p.instancetype.name}') sets the vCPUs; leave cpu and resources.cpu unset [vm-instancetype-cpu-conflict]`);
    }
    if (p.memory || r?.memory) {
      errors.push(`${D}.memory.guest: an instancetype ('${p.instancetype.name}') sets the memory; leave memory and resources.memory unset [vm-instancetype-memory-conflict]`);
    }
  } else if (!p.memory && !p.hugepages && !r?.memory?.request && !r?.memory?.limit) {
    errors.push(`${D}.memory.guest: no memory requested; set memory, resources.memory or an instancetype [vm-memory-required]`);
  }

  const cpuReq = cpuAmount(r?.cpu?.request?.amount);
  const cpuLim = cpuAmount(r?.cpu?.limit?.amount);
  if (cpuReq !== undefined && cpuLim !== undefined && cpuReq > cpuLim) {
    errors.push(`${D}.resources.requests.cpu: the request (${r!.cpu!.request!.amount}) exceeds the limit (${r!.cpu!.limit!.amount}) [vmi-cpu-request-le-limit]`);
  }
  const memReq = r?.memory?.request ? r.memory.request.toKibibytes() : undefined;
  const memLim = r?.memory?.limit ? r.memory.limit.toKibibytes() : undefined;
  if (memReq !== undefined && memLim !== undefined && memReq > memLim) {
    errors.push(`${D}.resources.requests.memory: the request exceeds the limit [vmi-memory-resources-valid]`);
  }

  if (p.hugepages) {
    const page = p.hugepages.toKibibytes();
    const mem = memReq ?? (p.memory ? p.memory.toKibibytes() : memLim);
    if (mem !== undefined && (mem < page || mem % page !== 0)) {
      errors.push(`${D}.memory.hugepages.pageSize: the VM memory (${mem}Ki) must be a multiple of the ${page}Ki page size [vmi-hugepages-valid]`);
    }
  }

  if (p.dedicatedCpuPlacement) {
    for (const [field, v] of [['requests', cpuReq], ['limits', cpuLim]] as const) {
      if (v !== undefined && !Number.isInteger(v)) {
        errors.push(`${D}.resources.${field}.cpu: dedicated CPU placement needs whole CPUs [vmi-dedicated-cpu-valid]`);
      }
    }
    if (cpuReq !== undefined && cpuLim !== undefined && cpuReq !== cpuLim) {
      errors.push(`${D}.resources: dedicated CPU placement needs equal CPU requests and limits [vmi-dedicated-cpu-valid]`);
    }
    if (memReq !== undefined && memLim !== undefined && memReq !== memLim) {
      errors.push(`${D}.resources: dedicated CPU placement needs equal memory requests and limits [vmi-dedicated-cpu-valid]`);
    }
    const vcpus = p.cpu?.vcpus;
    const cpuCount = cpuReq ?? cpuLim;
    if (vcpus !== undefined && cpuCount !== undefined && vcpus !== cpuCount) {
      errors.push(`${D}.resources.requests.cpu: dedicated CPU placement needs a CPU request equal to the ${vcpus} vCPUs of the topology [vmi-dedicated-cpu-valid]`);
    }
    if ((p.cpu?.threads ?? 1) > 2) {
      errors.push(`${D}.cpu.threads: dedicated CPU placement allows at most 2 threads per core [vmi-dedicated-cpu-valid]`);
    }
  }
  if (p.isolateEmulatorThread && !p.dedicatedCpuPlacement) {
    errors.push(`${D}.cpu.isolateEmulatorThread: needs dedicatedCpuPlacement [vmi-isolate-emulator-requires-dedicated]`);
  }
  if (p.numaGuestMappingPassthrough && (!p.dedicatedCpuPlacement || !p.hugepages)) {
    errors.push(`${D}.cpu.numa.guestMappingPassthrough: needs dedicatedCpuPlacement and hugepages [vmi-numa-realtime-requirements]`);
  }
  if (p.maxSockets !== undefined && p.cpu && p.cpu.sockets > p.maxSockets) {
    errors.push(`${D}.cpu.sockets: ${p.cpu.sockets} sockets exceed maxSockets ${p.maxSockets} [vmi-cpu-sockets-le-maxsockets]`);
  }
  if (p.firmware?.secureBoot && p.features?.smm === false) {
    errors.push(`${D}.features.smm: EFI Secure Boot needs SMM; drop smm: false or use Firmware.efi({ secureBoot: false }) [vmi-secureboot-requires-smm]`);
  }
  if (p.ioThreadsPolicy === 'supplementalPool' && !(p.supplementalPoolThreadCount && p.supplementalPoolThreadCount >= 1)) {
    errors.push(`${D}.ioThreads.supplementalPoolThreadCount: the supplementalPool policy needs a count >= 1 [vmi-iothreads-policy-valid]`);
  }
  if (p.architecture !== undefined && !['amd64', 'arm64', 's390x'].includes(p.architecture)) {
    errors.push(`${T}.architecture: '${p.architecture}' is not one of amd64, arm64, s390x [vmi-architecture-valid]`);
  }
  return errors;
}

function validateMisc(b: VirtualMachineSpecBuilder): string[] {
  const errors: string[] = [];
  const p = b.props;
  if (p.hostname !== undefined && !isDnsLabel(p.hostname)) {
    errors.push(`${T}.hostname: '${p.hostname}' must be a DNS label (lowercase alphanumerics and '-', at most 63) [vmi-hostname-dns-label]`);
  }
  if (p.subdomain !== undefined && !isDnsSubdomain(p.subdomain)) {
    errors.push(`${T}.subdomain: '${p.subdomain}' must be a DNS subdomain [vmi-hostname-dns-label]`);
  }
  const hasPod = b.effectiveInterfaces.some((i) => i.nic.network.isPod);
  for (const [field, probe] of [['readinessProbe', p.readinessProbe], ['livenessProbe', p.livenessProbe]] as const) {
    if (probe?.needsPodNetwork && !hasPod) {
      errors.push(`${T}.${field}: TCP and HTTP probes need the pod network; use VmProbe.guestAgentPing() [vmi-probe-requires-pod-network]`);
    }
  }
  for (const key of Object.keys(p.templateLabels ?? {})) {
    if (RESERVED_LABELS.includes(key)) {
      errors.push(`spec.template.metadata.labels: '${key}' is reserved for KubeVirt [vm-template-reserved-labels]`);
    }
  }
  errors.push(...b.scheduling.validate(T));
  return errors;
}

function cpuAmount(amount: string | undefined): number | undefined {
  if (amount === undefined) return undefined;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) / 1000 : Number(amount);
}
