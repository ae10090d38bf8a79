// VMI spec CPU and memory rules (catalog section 3), shared by VMs and VMIs.
import { VmiSpecRule } from './types';
import { arr, bytes, has, obj, quantity } from './util';

const cpuOf = (d: any, f: 'requests' | 'limits') => quantity(d?.resources?.[f]?.cpu);
const memOf = (d: any, f: 'requests' | 'limits') => quantity(d?.resources?.[f]?.memory);

export const vmiCpuRequestLeLimit: VmiSpecRule = {
  id: 'vmi-cpu-request-le-limit', severity: 'error', scope: 'vmiSpec',
  doc: 'CPU requests and limits are not negative and requests do not exceed limits.',
  check(v, ctx) {
    const d = v.spec.domain;
    const req = cpuOf(d, 'requests');
    const lim = cpuOf(d, 'limits');
    if (req !== undefined && req < 0) ctx.report(v.at('domain.resources.requests.cpu'), 'CPU requests must not be negative');
    if (lim !== undefined && lim < 0) ctx.report(v.at('domain.resources.limits.cpu'), 'CPU limits must not be negative');
    if (req !== undefined && lim !== undefined && req > lim) {
      ctx.report(v.at('domain.resources.requests.cpu'), `CPU requests (${d.resources.requests.cpu}) exceed limits (${d.resources.limits.cpu})`);
    }
  },
};

export const vmiMemoryResourcesValid: VmiSpecRule = {
  id: 'vmi-memory-resources-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Memory requests/limits are not negative, requests do not exceed limits, and a request is at least 1M.',
  check(v, ctx) {
    const d = v.spec.domain;
    const req = memOf(d, 'requests');
    const lim = memOf(d, 'limits');
    if (req !== undefined && req < 0) ctx.report(v.at('domain.resources.requests.memory'), 'memory requests must not be negative');
    else if (req !== undefined && req > 0 && req < 1e6) ctx.report(v.at('domain.resources.requests.memory'), 'memory requests must be at least 1M');
    if (lim !== undefined && lim < 0) ctx.report(v.at('domain.resources.limits.memory'), 'memory limits must not be negative');
    if (req !== undefined && lim !== undefined && req > lim) {
      ctx.report(v.at('domain.resources.requests.memory'), `memory requests (${d.resources.requests.memory}) exceed limits (${d.resources.limits.memory})`);
    }
  },
};

export const vmiGuestMemoryLeLimit: VmiSpecRule = {
  id: 'vmi-guest-memory-le-limit', severity: 'warning', scope: 'vmiSpec',
  doc: 'memory.guest should not exceed limits.memory (refused unless the rollout strategy is LiveUpdate).',
  check(v, ctx) {
    const guest = quantity(v.spec.domain?.memory?.guest);
    const lim = memOf(v.spec.domain, 'limits');
    if (guest !== undefined && lim !== undefined && guest > lim) {
      ctx.report(v.at('domain.memory.guest'), `memory.guest (${v.spec.domain.memory.guest}) exceeds limits.memory (${v.spec.domain.resources.limits.memory})`);
    }
  },
};

export const vmiHugepagesValid: VmiSpecRule = {
  id: 'vmi-hugepages-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'hugepages.pageSize parses, and VM memory is at least one page and a multiple of the page size.',
  check(v, ctx) {
    const hp = obj(v.spec.domain?.memory?.hugepages);
    if (!hp) return;
    const page = quantity(hp.pageSize);
    if (page === undefined || Number.isNaN(page) || page <= 0) {
      ctx.report(v.at('domain.memory.hugepages.pageSize'), `hugepages pageSize ${JSON.stringify(hp.pageSize)} is not a valid quantity`);
      return;
    }
    const d = v.spec.domain;
    const mem = memOf(d, 'requests') ?? quantity(d.memory?.guest) ?? memOf(d, 'limits');
    if (mem === undefined || Number.isNaN(mem)) return;
    if (mem < page) ctx.report(v.at('domain.memory.hugepages.pageSize'), `VM memory ${bytes(mem)} is smaller than the hugepage size ${hp.pageSize}`);
    else if (mem % page !== 0) ctx.report(v.at('domain.memory.hugepages.pageSize'), `VM memory ${bytes(mem)} is not a multiple of the hugepage size ${hp.pageSize}`);
  },
};

export const vmiDedicatedCpuValid: VmiSpecRule = {
  id: 'vmi-dedicated-cpu-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'dedicatedCpuPlacement needs whole, equal CPU requests/limits matching the topology, memory, and threads <= 2.',
  check(v, ctx) {
    const d = v.spec.domain ?? {};
    if (d.cpu?.dedicatedCpuPlacement !== true) return;
    if (v.instancetype) return; // the instancetype supplies CPU and memory
    const at = (p: string) => v.at(p);
    const req = cpuOf(d, 'requests');
    const lim = cpuOf(d, 'limits');
    if (req !== undefined && !Number.isInteger(req)) ctx.report(at('domain.resources.requests.cpu'), 'with dedicatedCpuPlacement, CPU requests must be whole CPUs');
    if (lim !== undefined && !Number.isInteger(lim)) ctx.report(at('domain.resources.limits.cpu'), 'with dedicatedCpuPlacement, CPU limits must be whole CPUs');
    if (req !== undefined && lim !== undefined && req !== lim) ctx.report(at('domain.resources.requests.cpu'), 'with dedicatedCpuPlacement, CPU requests must equal limits');
    const mreq = memOf(d, 'requests');
    const mlim = memOf(d, 'limits');
    if (mreq !== undefined && mlim !== undefined && mreq !== mlim) ctx.report(at('domain.resources.requests.memory'), 'with dedicatedCpuPlacement, memory requests must equal limits');
    if (mreq === undefined && mlim === undefined && !has(d.memory?.hugepages) && !has(d.memory?.guest)) {
      ctx.report(at('domain.memory'), 'dedicatedCpuPlacement needs memory (requests, limits, guest or hugepages)');
    }
    const cpu = obj(d.cpu) ?? {};
    const topo = cpu.sockets || cpu.cores || cpu.threads ? (Number(cpu.sockets) || 1) * (Number(cpu.cores) || 1) * (Number(cpu.threads) || 1) : undefined;
    // No "needs a CPU count" check: admission defaults the topology (1 socket, or sockets from the
    // CPU limit/request) before it validates, so upstream's check never fires on a VM or VMI.
    const count = req ?? lim;
    if (topo !== undefined && count !== undefined && count !== topo) {
      ctx.report(at(req !== undefined ? 'domain.resources.requests.cpu' : 'domain.resources.limits.cpu'), `CPU resources (${count}) must equal the topology's vCPU count (${topo})`);
    }
    const maxThreads = v.spec.architecture === 'arm64' ? 1 : 2;
    if (Number(cpu.threads) > maxThreads) ctx.report(at('domain.cpu.threads'), `with dedicatedCpuPlacement, threads must be at most ${maxThreads}`);
  },
};

export const vmiIsolateEmulatorRequiresDedicated: VmiSpecRule = {
  id: 'vmi-isolate-emulator-requires-dedicated', severity: 'error', scope: 'vmiSpec',
  doc: 'isolateEmulatorThread requires dedicatedCpuPlacement.',
  check(v, ctx) {
    const cpu = v.spec.domain?.cpu;
    if (cpu?.isolateEmulatorThread === true && cpu.dedicatedCpuPlacement !== true && !v.instancetype) {
      ctx.report(v.at('domain.cpu.isolateEmulatorThread'), 'isolateEmulatorThread requires dedicatedCpuPlacement: true');
    }
  },
};

export const vmiNumaRealtimeRequirements: VmiSpecRule = {
  id: 'vmi-numa-realtime-requirements', severity: 'error', scope: 'vmiSpec',
  doc: 'NUMA passthrough needs dedicatedCpuPlacement and hugepages; realtime needs dedicatedCpuPlacement and NUMA passthrough.',
  check(v, ctx) {
    if (v.instancetype) return;
    const d = v.spec.domain ?? {};
    const cpu = obj(d.cpu) ?? {};
    const passthrough = has(cpu.numa?.guestMappingPassthrough);
    if (passthrough) {
      if (cpu.dedicatedCpuPlacement !== true) ctx.report(v.at('domain.cpu.numa.guestMappingPassthrough'), 'NUMA guestMappingPassthrough requires dedicatedCpuPlacement: true');
      if (!has(d.memory?.hugepages)) ctx.report(v.at('domain.cpu.numa.guestMappingPassthrough'), 'NUMA guestMappingPassthrough requires memory.hugepages');
    }
    if (has(cpu.realtime)) {
      if (cpu.dedicatedCpuPlacement !== true) ctx.report(v.at('domain.cpu.realtime'), 'realtime requires dedicatedCpuPlacement: true');
      if (!passthrough) ctx.report(v.at('domain.cpu.realtime'), 'realtime requires numa.guestMappingPassthrough');
    }
  },
};

const FEATURE_POLICIES = ['', 'force', 'require', 'optional', 'disable', 'forbid'];

export const vmiCpuFeaturePolicyValid: VmiSpecRule = {
  id: 'vmi-cpu-feature-policy-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'cpu.features[].policy is one of force, require, optional, disable, forbid.',
  check(v, ctx) {
    arr(v.spec.domain?.cpu?.features).forEach((f, i) => {
      if (has(f?.policy) && !FEATURE_POLICIES.includes(f.policy)) {
        ctx.report(v.at(`domain.cpu.features[${i}].policy`), `CPU feature policy ${JSON.stringify(f.policy)} is invalid; use one of ${FEATURE_POLICIES.slice(1).join(', ')}`);
      }
    });
  },
};

export const vmiCpuSocketsLeMaxSockets: VmiSpecRule = {
  id: 'vmi-cpu-sockets-le-maxsockets', severity: 'error', scope: 'vmiSpec',
  doc: 'cpu.sockets does not exceed cpu.maxSockets.',
  check(v, ctx) {
    const cpu = v.spec.domain?.cpu;
    if (has(cpu?.maxSockets) && has(cpu?.sockets) && Number(cpu.sockets) > Number(cpu.maxSockets)) {
      ctx.report(v.at('domain.cpu.sockets'), `cpu.sockets (${cpu.sockets}) exceeds cpu.maxSockets (${cpu.maxSockets})`);
    }
  },
};

export const vmiArchitectureValid: VmiSpecRule = {
  id: 'vmi-architecture-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'architecture is amd64, arm64 or s390x.',
  check(v, ctx) {
    const a = v.spec.architecture;
    if (has(a) && a !== '' && !['amd64', 'arm64', 's390x'].includes(a)) {
      ctx.report(v.at('architecture'), `architecture ${JSON.stringify(a)} is not supported; use amd64, arm64 or s390x`,
        a === 'x86_64' ? { hint: 'x86_64 is spelled amd64' } : a === 'aarch64' ? { hint: 'aarch64 is spelled arm64' } : undefined);
    }
  },
};

const MACHINE_GLOBS: Record<string, RegExp> = { amd64: /^(q35.*|pc-q35.*)$/, arm64: /^virt.*$/, s390x: /^s390-ccw-virtio.*$/ };

export const vmiMachineTypeAllowed: VmiSpecRule = {
  id: 'vmi-machine-type-allowed', severity: 'warning', scope: 'vmiSpec',
  doc: "machine.type should match the cluster's emulated machines (upstream amd64 default q35*, pc-q35*).",
  check(v, ctx) {
    const type = v.spec.domain?.machine?.type;
    const glob = MACHINE_GLOBS[v.spec.architecture || 'amd64'];
    if (typeof type === 'string' && type !== '' && glob && !glob.test(type)) {
      ctx.report(v.at('domain.machine.type'), `machine type '${type}' is not among the upstream default emulated machines (${glob.source})`);
    }
  },
};

export const vmiCompute = [vmiCpuRequestLeLimit, vmiMemoryResourcesValid, vmiGuestMemoryLeLimit, vmiHugepagesValid, vmiDedicatedCpuValid,
  vmiIsolateEmulatorRequiresDedicated, vmiNumaRealtimeRequirements, vmiCpuFeaturePolicyValid, vmiCpuSocketsLeMaxSockets,
  vmiArchitectureValid, vmiMachineTypeAllowed];
