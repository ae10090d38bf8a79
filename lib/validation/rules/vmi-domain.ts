// VMI spec rules on firmware, devices, probes, DNS and scheduling (catalog section 3).
import { resolveFlavor } from './instancetype-apply';
import { gateEnabled } from '../config/feature-gates';
import { VmiSpecRule } from './types';
import { arr, has, isCleanAbsolutePath, isDnsLabel, isDnsSubdomain, isIP, obj } from './util';

export const vmiFirmwareValid: VmiSpecRule = {
  id: 'vmi-firmware-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Bootloader is efi or bios (not both); kernelBoot is complete; ACPI tables name secret volumes.',
  check(v, ctx) {
    const fw = obj(v.spec.domain?.firmware);
    if (!fw) return;
    if (obj(fw.bootloader?.efi) && obj(fw.bootloader?.bios)) ctx.report(v.at('domain.firmware.bootloader'), 'bootloader sets both efi and bios');
    const kb = obj(fw.kernelBoot);
    if (kb) {
      const c = obj(kb.container);
      if (has(kb.kernelArgs) && kb.kernelArgs !== '' && !c) ctx.report(v.at('domain.firmware.kernelBoot.kernelArgs'), 'kernelArgs need a kernelBoot.container');
      if (c) {
        if (!c.image) ctx.report(v.at('domain.firmware.kernelBoot.container.image'), 'kernelBoot.container.image is required');
        if (!c.kernelPath && !c.initrdPath) ctx.report(v.at('domain.firmware.kernelBoot.container'), 'kernelBoot.container needs kernelPath and/or initrdPath');
        for (const f of ['kernelPath', 'initrdPath']) {
          if (has(c[f]) && c[f] !== '' && !isCleanAbsolutePath(c[f])) ctx.report(v.at(`domain.firmware.kernelBoot.container.${f}`), `${f} must be an absolute, clean path other than /`);
        }
      }
    }
    const acpi = obj(fw.acpi);
    if (acpi) {
      const secrets = new Set(arr(v.spec.volumes).filter((vol) => obj(vol?.secret)).map((vol) => vol.name));
      for (const f of ['slicNameRef', 'msdmNameRef']) {
        if (has(acpi[f]) && !secrets.has(acpi[f])) ctx.report(v.at(`domain.firmware.acpi.${f}`), `${f} '${acpi[f]}' must name a secret volume`);
      }
    }
  },
};

export const vmiSecureBootRequiresSmm: VmiSpecRule = {
  id: 'vmi-secureboot-requires-smm', severity: 'error', scope: 'vmiSpec',
  doc: 'EFI Secure Boot (the default with efi) requires features.smm enabled.',
  check(v, ctx) {
    const d = v.spec.domain ?? {};
    const efi = obj(d.firmware?.bootloader?.efi);
    if (!efi || efi.secureBoot === false || obj(d.launchSecurity?.tdx)) return;
    if (has(d.features?.smm) && d.features.smm.enabled !== false) return;
    if (v.preference) {
      const ns = v.owner.metadata?.namespace ?? '';
      const pref = resolveFlavor(v.preference, 'preference', ns, ctx.index)?.entry?.object.spec;
      if (!pref || has(pref.features?.preferredSmm)) return; // the preference may supply SMM
    }
    ctx.report(v.at('domain.features.smm'), 'EFI Secure Boot requires SMM', { hint: 'set domain.features.smm: {} or efi.secureBoot: false' });
  },
};

export const vmiInputSoundValid: VmiSpecRule = {
  id: 'vmi-input-sound-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Input devices are tablets on virtio/usb; sound devices have a name and model ich9 or ac97.',
  check(v, ctx) {
    const dev = v.spec.domain?.devices ?? {};
    arr(dev.inputs).forEach((inp, i) => {
      if (has(inp?.bus) && !['virtio', 'usb', ''].includes(inp.bus)) ctx.report(v.at(`domain.devices.inputs[${i}].bus`), `input bus ${JSON.stringify(inp.bus)} is invalid; use virtio or usb`);
      if (inp?.type !== 'tablet') ctx.report(v.at(`domain.devices.inputs[${i}].type`), `input type ${JSON.stringify(inp?.type)} is invalid; only tablet is supported`);
    });
    const sound = obj(dev.sound);
    if (sound) {
      if (has(sound.model) && !['ich9', 'ac97', ''].includes(sound.model)) ctx.report(v.at('domain.devices.sound.model'), `sound model ${JSON.stringify(sound.model)} is invalid; use ich9 or ac97`);
      if (!sound.name) ctx.report(v.at('domain.devices.sound.name'), 'sound device needs a name');
    }
  },
};

export const vmiIoThreadsPolicyValid: VmiSpecRule = {
  id: 'vmi-iothreads-policy-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'ioThreadsPolicy is shared, auto or supplementalPool (which needs supplementalPoolThreadCount >= 1).',
  check(v, ctx) {
    const d = v.spec.domain ?? {};
    const p = d.ioThreadsPolicy;
    if (!has(p)) return;
    if (!['shared', 'auto', 'supplementalPool'].includes(p)) ctx.report(v.at('domain.ioThreadsPolicy'), `ioThreadsPolicy ${JSON.stringify(p)} is invalid; use shared, auto or supplementalPool`);
    else if (p === 'supplementalPool' && !(Number(d.ioThreads?.supplementalPoolThreadCount) >= 1)) {
      ctx.report(v.at('domain.ioThreads.supplementalPoolThreadCount'), 'supplementalPool needs ioThreads.supplementalPoolThreadCount >= 1');
    }
  },
};

export const vmiStartStrategyValid: VmiSpecRule = {
  id: 'vmi-start-strategy-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'startStrategy may only be Paused, and not together with a livenessProbe.',
  check(v, ctx) {
    const s = v.spec.startStrategy;
    if (!has(s) || s === '') return;
    if (s !== 'Paused') ctx.report(v.at('startStrategy'), `startStrategy ${JSON.stringify(s)} is invalid; only Paused is supported`);
    else if (obj(v.spec.livenessProbe)) ctx.report(v.at('startStrategy'), 'startStrategy Paused cannot be combined with a livenessProbe');
  },
};

export const vmiHostnameDnsLabel: VmiSpecRule = {
  id: 'vmi-hostname-dns-label', severity: 'error', scope: 'vmiSpec',
  doc: 'hostname is an RFC 1123 label and subdomain an RFC 1123 subdomain.',
  check(v, ctx) {
    const { hostname, subdomain } = v.spec;
    if (has(hostname) && hostname !== '' && !isDnsLabel(hostname)) ctx.report(v.at('hostname'), `hostname '${hostname}' must be an RFC 1123 label (lowercase alphanumerics and '-', at most 63)`);
    if (has(subdomain) && subdomain !== '' && !isDnsSubdomain(subdomain)) ctx.report(v.at('subdomain'), `subdomain '${subdomain}' must be an RFC 1123 subdomain`);
  },
};

export const vmiDnsConfigValid: VmiSpecRule = {
  id: 'vmi-dns-config-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'dnsPolicy is valid; None needs nameservers; at most 3 IP nameservers and 6 search domains.',
  check(v, ctx) {
    const policy = v.spec.dnsPolicy;
    const cfg = obj(v.spec.dnsConfig);
    if (has(policy) && policy !== '' && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(policy)) {
      ctx.report(v.at('dnsPolicy'), `dnsPolicy ${JSON.stringify(policy)} is invalid`);
    }
    if (policy === 'None' && arr(cfg?.nameservers).length === 0) ctx.report(v.at('dnsConfig.nameservers'), 'dnsPolicy None needs dnsConfig with at least one nameserver');
    if (!cfg) return;
    const ns = arr(cfg.nameservers);
    if (ns.length > 3) ctx.report(v.at('dnsConfig.nameservers'), `at most 3 nameservers, found ${ns.length}`);
    ns.forEach((n, i) => { if (!isIP(n)) ctx.report(v.at(`dnsConfig.nameservers[${i}]`), `nameserver ${JSON.stringify(n)} must be an IP address`); });
    const search = arr(cfg.searches);
    if (search.length > 6) ctx.report(v.at('dnsConfig.searches'), `at most 6 search domains, found ${search.length}`);
    if (search.join(' ').length > 256) ctx.report(v.at('dnsConfig.searches'), 'search domains exceed 256 characters in total');
    search.forEach((s, i) => { if (!isDnsSubdomain(String(s).replace(/\.$/, ''))) ctx.report(v.at(`dnsConfig.searches[${i}]`), `search domain ${JSON.stringify(s)} must be a DNS subdomain`); });
    arr(cfg.options).forEach((o, i) => { if (!o?.name) ctx.report(v.at(`dnsConfig.options[${i}].name`), 'DNS option name must not be empty'); });
  },
};

const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'guestAgentPing'];
const PROBES = ['readinessProbe', 'livenessProbe'];

export const vmiProbeSingleHandler: VmiSpecRule = {
  id: 'vmi-probe-single-handler', severity: 'error', scope: 'vmiSpec',
  doc: 'A probe has exactly one of httpGet, tcpSocket, exec, guestAgentPing.',
  check(v, ctx) {
    for (const p of PROBES) {
      const probe = obj(v.spec[p]);
      if (!probe) continue;
      const set = HANDLERS.filter((h) => has(probe[h]));
      if (set.length !== 1) ctx.report(v.at(p), set.length ? `${p} sets ${set.join(' and ')}; exactly one handler is allowed` : `${p} needs one of ${HANDLERS.join(', ')}`);
    }
  },
};

export const vmiProbeRequiresPodNetwork: VmiSpecRule = {
  id: 'vmi-probe-requires-pod-network', severity: 'error', scope: 'vmiSpec',
  doc: 'httpGet/tcpSocket probes need a pod network.',
  check(v, ctx) {
    const pod = arr(v.spec.networks).some((n) => obj(n?.pod));
    if (pod) return;
    for (const p of PROBES) {
      for (const h of ['httpGet', 'tcpSocket']) {
        if (has(v.spec[p]?.[h])) ctx.report(v.at(`${p}.${h}`), `${p}.${h} needs a pod network`, { hint: 'use exec or guestAgentPing, or attach the pod network' });
      }
    }
  },
};

function checkSelectorRequirements(reqs: unknown, path: string, report: (p: string, m: string) => void): void {
  arr(reqs).forEach((r, i) => {
    const op = r?.operator;
    const values = arr(r?.values);
    if (['In', 'NotIn'].includes(op) && values.length === 0) report(`${path}[${i}].values`, `operator ${op} needs values`);
    if (['Exists', 'DoesNotExist'].includes(op) && values.length > 0) report(`${path}[${i}].values`, `operator ${op} takes no values`);
    if (['Gt', 'Lt'].includes(op) && (values.length !== 1 || !/^-?\d+$/.test(String(values[0])))) report(`${path}[${i}].values`, `operator ${op} needs exactly one integer value`);
    if (has(op) && !['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'].includes(op)) report(`${path}[${i}].operator`, `operator ${JSON.stringify(op)} is invalid`);
  });
}

export const vmiSchedulingConstraintsValid: VmiSpecRule = {
  id: 'vmi-scheduling-constraints-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'affinity and topologySpreadConstraints follow the Kubernetes pod rules.',
  check(v, ctx) {
    const report = (p: string, m: string) => ctx.report(v.at(p), m);
    const na = obj(v.spec.affinity?.nodeAffinity);
    const required = obj(na?.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const terms = arr(required.nodeSelectorTerms);
      if (terms.length === 0) report('affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', 'at least one node selector term is required');
      terms.forEach((t, i) => {
        const base = `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`;
        checkSelectorRequirements(t?.matchExpressions, `${base}.matchExpressions`, report);
      });
    }
    arr(na?.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const base = `affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!(Number(p?.weight) >= 1 && Number(p?.weight) <= 100)) report(`${base}.weight`, 'weight must be 1-100');
      checkSelectorRequirements(p?.preference?.matchExpressions, `${base}.preference.matchExpressions`, report);
    });
    for (const kind of ['podAffinity', 'podAntiAffinity']) {
      const pa = obj(v.spec.affinity?.[kind]);
      if (!pa) continue;
      arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
        if (!t?.topologyKey) report(`affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}].topologyKey`, 'topologyKey must not be empty');
        checkSelectorRequirements(t?.labelSelector?.matchExpressions, `affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}].labelSelector.matchExpressions`, report);
      });
      arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
        const base = `affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
        if (!(Number(p?.weight) >= 1 && Number(p?.weight) <= 100)) report(`${base}.weight`, 'weight must be 1-100');
        if (!p?.podAffinityTerm?.topologyKey) report(`${base}.podAffinityTerm.topologyKey`, 'topologyKey must not be empty');
      });
    }
    arr(v.spec.topologySpreadConstraints).forEach((c, i) => {
      const base = `topologySpreadConstraints[${i}]`;
      if (!(Number(c?.maxSkew) > 0)) report(`${base}.maxSkew`, 'maxSkew must be greater than 0');
      if (!c?.topologyKey) report(`${base}.topologyKey`, 'topologyKey must not be empty');
      if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c?.whenUnsatisfiable)) report(`${base}.whenUnsatisfiable`, 'whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway');
    });
  },
};

export const vmiEvictionStrategyValid: VmiSpecRule = {
  id: 'vmi-eviction-strategy-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'evictionStrategy is LiveMigrate, LiveMigrateIfPossible, None or External.',
  check(v, ctx) {
    const e = v.spec.evictionStrategy;
    if (has(e) && !['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External'].includes(e)) {
      ctx.report(v.at('evictionStrategy'), `evictionStrategy ${JSON.stringify(e)} is invalid; use LiveMigrate, LiveMigrateIfPossible, None or External`);
    }
  },
};

export const vmiServiceAccountValid: VmiSpecRule = {
  id: 'vmi-service-account-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'At most one serviceAccount volume, with serviceAccountName set.',
  check(v, ctx) {
    const sa = arr(v.spec.volumes).map((vol, i) => ({ vol, i })).filter(({ vol }) => has(vol?.serviceAccount));
    if (sa.length > 1) ctx.report(v.at(`volumes[${sa[1].i}]`), 'only one serviceAccount volume is allowed');
    for (const { vol, i } of sa) {
      const name = vol.serviceAccount?.serviceAccountName;
      if (!name) ctx.report(v.at(`volumes[${i}].serviceAccount.serviceAccountName`), 'serviceAccountName is required');
      else if (has(v.spec.serviceAccountName) && v.spec.serviceAccountName !== name) {
        ctx.report(v.at(`volumes[${i}].serviceAccount.serviceAccountName`), `serviceAccountName '${name}' differs from spec.serviceAccountName '${v.spec.serviceAccountName}'`);
      }
    }
  },
};

export const vmiFeatureGatedField: VmiSpecRule = {
  id: 'vmi-feature-gated-field', severity: 'warning', scope: 'vmiSpec',
  doc: 'Fields that need a KubeVirt feature gate (hostDisk, hostDevices, VSOCK, downwardMetrics, virtiofs on PVCs...) are refused when it is off.',
  check(v, ctx) {
    const dev = v.spec.domain?.devices ?? {};
    const gate = (path: string, what: string, g: string) => {
      if (!gateEnabled(ctx.options, g)) ctx.report(v.at(path), `${what} needs the ${g} feature gate, which is off`);
    };
    arr(v.spec.volumes).forEach((vol, i) => {
      if (has(vol?.hostDisk)) gate(`volumes[${i}].hostDisk`, 'a hostDisk volume', 'HostDisk');
      if (has(vol?.downwardMetrics)) gate(`volumes[${i}].downwardMetrics`, 'a downwardMetrics volume', 'DownwardMetrics');
    });
    if (arr(dev.hostDevices).length) gate('domain.devices.hostDevices', 'hostDevices', 'HostDevices');
    if (dev.autoattachVSOCK === true) gate('domain.devices.autoattachVSOCK', 'autoattachVSOCK', 'VSOCK');
    if (has(v.spec.domain?.cpu?.numa?.guestMappingPassthrough)) gate('domain.cpu.numa.guestMappingPassthrough', 'NUMA guestMappingPassthrough', 'NUMA');
    if (v.ownerKind === 'VirtualMachine' && v.owner.spec?.runStrategy === 'WaitAsReceiver' && !gateEnabled(ctx.options, 'DecentralizedLiveMigration')) {
      ctx.report('spec.runStrategy', 'runStrategy WaitAsReceiver needs the DecentralizedLiveMigration feature gate, which is off');
    }
    if (has(dev.downwardMetrics)) gate('domain.devices.downwardMetrics', 'a downwardMetrics device', 'DownwardMetrics');
    // virtiofs on config volumes is GA; on PVCs and DataVolumes it is behind its own gate.
    const storage = new Set(arr(v.spec.volumes).filter((vol) => has(vol?.persistentVolumeClaim) || has(vol?.dataVolume)).map((vol) => vol.name));
    arr(dev.filesystems).forEach((fs, i) => { if (storage.has(fs?.name)) gate(`domain.devices.filesystems[${i}]`, 'virtiofs on a PVC or DataVolume', 'EnableVirtioFsStorageVolumes'); });
    arr(dev.disks).forEach((d, i) => { if (d?.lun?.reservation === true) gate(`domain.devices.disks[${i}].lun.reservation`, 'LUN reservation', 'PersistentReservation'); });
    arr(dev.interfaces).forEach((iface, i) => {
      if (has(iface?.passtBinding)) gate(`domain.devices.interfaces[${i}].passtBinding`, 'passtBinding', 'PasstBinding');
      if (arr(iface?.portRanges).length) gate(`domain.devices.interfaces[${i}].portRanges`, 'portRanges', 'PortRanges');
    });
    const annotations = v.ownerKind === 'VirtualMachine' ? v.owner.spec?.template?.metadata?.annotations : v.owner.metadata?.annotations;
    const base = v.ownerKind === 'VirtualMachine' ? 'spec.template.metadata.annotations' : 'metadata.annotations';
    const annotationGate = (key: string, what: string, g: string) => {
      if (has(annotations?.[key]) && !gateEnabled(ctx.options, g)) ctx.report(`${base}["${key}"]`, `${what} needs the ${g} feature gate, which is off`);
    };
    annotationGate('hooks.kubevirt.io/hookSidecars', 'hook sidecars', 'Sidecar');
    annotationGate('kubevirt.io/ignitiondata', 'ignition data', 'ExperimentalIgnitionSupport');
  },
};

/** Hyper-V enlightenments and what each needs enabled. */
const HYPERV_DEPS: Record<string, string[]> = {
  synictimer: ['synic', 'vpindex', 'time'], synic: ['vpindex'], ipi: ['vpindex'], tlbflush: ['vpindex'], evmcs: ['vapic'],
};

export const vmiHypervDependencies: VmiSpecRule = {
  id: 'vmi-hyperv-dependencies', severity: 'error', scope: 'vmiSpec',
  doc: 'An enabled Hyper-V enlightenment may not have its prerequisite explicitly disabled, nor be combined with hypervPassthrough.',
  check(v, ctx) {
    const features = obj(v.spec.domain?.features) ?? {};
    const hv = obj(features.hyperv);
    if (!hv) return;
    const enabled = (f: string) => has(hv[f]) && hv[f]?.enabled !== false;
    const disabled = (f: string) => hv[f]?.enabled === false;
    for (const [feature, deps] of Object.entries(HYPERV_DEPS)) {
      if (!enabled(feature)) continue;
      for (const dep of deps) {
        if (disabled(dep)) ctx.report(v.at(`domain.features.hyperv.${dep}.enabled`), `Hyper-V ${feature} needs ${dep}, which is disabled`);
      }
    }
    if (features.hypervPassthrough?.enabled === true && Object.keys(hv).length > 0) {
      ctx.report(v.at('domain.features.hyperv'), 'explicit Hyper-V features cannot be combined with hypervPassthrough');
    }
  },
};

export const vmiDomain = [vmiFirmwareValid, vmiSecureBootRequiresSmm, vmiInputSoundValid, vmiIoThreadsPolicyValid, vmiStartStrategyValid,
  vmiHostnameDnsLabel, vmiDnsConfigValid, vmiProbeSingleHandler, vmiProbeRequiresPodNetwork, vmiSchedulingConstraintsValid,
  vmiEvictionStrategyValid, vmiServiceAccountValid, vmiFeatureGatedField, vmiHypervDependencies];
