#!/usr/bin/env node
// Generates lib/flavors/common-instancetypes.generated.ts and common-preferences.generated.ts
// from the reference tables (feature-anchors.md sections 2.3 and 2.4). Run from the repo root:
//   node scripts/gen-common-catalog.js
// The generated files are committed; nothing reads the markdown at run time.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const reference = path.join(root, '..', 'shared', 'reference', 'feature-anchors.md');
const markdown = fs.readFileSync(reference, 'utf8');

/** Rows of the first table after the heading that starts with `headingPrefix`, as objects keyed by header. */
function table(headingPrefix) {
  const lines = markdown.split('\n');
  let i = lines.findIndex((l) => l.startsWith(headingPrefix));
  if (i < 0) throw new Error(`heading ${headingPrefix} not found`);
  while (!lines[i].startsWith('|')) i++;
  const cells = (l) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/`/g, ''));
  const header = cells(lines[i]);
  const rows = [];
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const c = cells(lines[i]);
    rows.push(Object.fromEntries(header.map((h, k) => [h, c[k]])));
  }
  return rows;
}

const none = (v) => v === '—' || v === '' || v === undefined;
const constName = (name) => name.toUpperCase().replace(/[.-]/g, '_');

function size(q) {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`bad quantity ${q}`);
  return m[2] === 'Mi' ? `Size.mebibytes(${m[1]})` : `Size.gibibytes(${m[1]})`;
}

const SERIES = {
  u1: 'General Purpose', o1: 'Overcommitted', d1: 'Dedicated vCPU', cx1: 'Compute Exclusive',
  m1: 'Memory Intensive', n1: 'Network', rt1: 'Realtime',
};
const CRIO = "{ 'cpu-load-balancing.crio.io': 'disable', 'cpu-quota.crio.io': 'disable', 'irq-load-balancing.crio.io': 'disable' }";

function instancetypes() {
  const out = [];
  for (const r of table('### 2.3')) {
    const f = [`name: '${r.name}'`, `series: '${r.series}'`, `size: '${r.size}'`, `cpu: ${Number(r.vCPU)}`, `memory: ${size(r.memory)}`];
    if (!none(r.hugepages)) f.push(`hugepages: HugepageSize.${r.hugepages === '1Gi' ? 'ONE_GIBIBYTE' : 'TWO_MEBIBYTES'}`);
    if (r.dedicatedCPUPlacement === 'yes') f.push('dedicatedCpuPlacement: true');
    if (r.isolateEmulatorThread === 'yes') f.push('isolateEmulatorThread: true');
    if (r['NUMA passthrough'] === 'yes') f.push('numaPassthrough: true');
    if (r.realtime === 'yes') f.push('realtime: true');
    if (!none(r.ioThreadsPolicy)) f.push(`ioThreadsPolicy: '${r.ioThreadsPolicy}'`);
    if (!none(r.maxSockets)) f.push(`maxSockets: ${Number(r.maxSockets)}`);
    if (!none(r.overcommitPercent)) f.push(`memoryOvercommitPercent: ${Number(r.overcommitPercent)}`);
    if (!none(r['pod annotations'])) f.push(`annotations: ${CRIO}`);
    out.push(`  /** \`${r.name}\`: ${SERIES[r.series]}, ${r.vCPU} vCPU, ${r.memory}. */\n` +
      `  public static readonly ${constName(r.name)} = new CommonInstancetype({ ${f.join(', ')} });`);
  }
  return out;
}

function preference(r) {
  const spec = [];
  const devices = [`diskBus: '${r.diskBus}'`, `interfaceModel: '${r['NIC model']}'`];
  const features = [];
  const annotations = [`'vm.kubevirt.io/os': '${r['os-type']}'`];
  const other = none(r.other) ? [] : r.other.split(',').map((s) => s.trim());
  for (const o of other) {
    if (o === 'rng') devices.push('rng: true');
    else if (o === 'disk dedicatedIOThread') devices.push('diskDedicatedIoThread: true');
    else if (o === 'NIC multiqueue') devices.push('networkInterfaceMultiQueue: true');
    else if (o === 'virtio-transitional') devices.push('useVirtioTransitional: true');
    else if (o === 'no graphics') devices.push('autoattachGraphicsDevice: false');
    else if (o === 'no balloon') devices.push('autoattachMemBalloon: false');
    else if (o === 'serial console') devices.push('autoattachSerialConsole: true');
    else if (o === 'video virtio') devices.push("videoType: 'virtio'");
    else if (o === 'grace 3600s') spec.push('terminationGracePeriodSeconds: 3600');
    else if (o === 'disablePCIHole64') annotations.push("'kubevirt.io/disablePCIHole64': 'true'");
    else if (o === 'launchSecurity (IBM SE)') spec.push('launchSecurity: {}');
    else throw new Error(`${r.preference}: unknown 'other' entry ${o}`);
  }
  if (r.input === 'tablet/virtio') devices.push("inputType: 'tablet'", "inputBus: 'virtio'");
  else if (r.input === 'autoattach') devices.push('autoattachInputDevice: true');
  else if (!none(r.input)) throw new Error(`${r.preference}: unknown input ${r.input}`);
  if (r.TPM === 'persistent') devices.push('tpm: { persistent: true }');
  else if (!none(r.TPM)) throw new Error(`${r.preference}: unknown TPM ${r.TPM}`);
  const fw = r.firmware;
  if (fw === 'EFI (SB off)') spec.push('firmware: PreferenceFirmware.efi({ secureBoot: false })');
  else if (fw === 'EFI +SecureBoot') spec.push('firmware: PreferenceFirmware.efi()');
  else if (fw === 'EFI +SecureBoot persistent') spec.push('firmware: PreferenceFirmware.efi({ persistent: true })');
  else if (fw !== 'BIOS (default)') throw new Error(`${r.preference}: unknown firmware ${fw}`);
  if (r.SMM === 'yes') features.push('smm: true');
  if (!none(r['Hyper-V/clock'])) {
    features.push('acpi: true', 'apic: true', 'hyperv: HypervEnlightenments.WINDOWS');
    spec.push('clock: PreferenceClock.WINDOWS');
  }
  const topo = r['CPU topology'];
  const spread = /^spread \((\w+)(?:, ratio (\d+))?\)$/.exec(topo);
  if (spread) {
    const across = { SocketsCores: 'SOCKETS_CORES', CoresThreads: 'CORES_THREADS', SocketsCoresThreads: 'SOCKETS_CORES_THREADS' }[spread[1]];
    spec.push('cpuTopology: PreferredCpuTopology.SPREAD',
      `spreadOptions: { across: SpreadAcross.${across}${spread[2] ? `, ratio: ${spread[2]}` : ''} }`);
  } else if (topo === 'cores' || topo === 'sockets') {
    spec.push(`cpuTopology: PreferredCpuTopology.${topo.toUpperCase()}`);
  } else if (!none(topo)) throw new Error(`${r.preference}: unknown topology ${topo}`);
  const req = [];
  if (!none(r.arch)) {
    spec.push(`architecture: '${r.arch}'`);
    req.push(`architecture: '${r.arch}'`);
  }
  if (!none(r['min vCPU'])) req.push(`cpu: ${Number(r['min vCPU'])}`);
  if (!none(r['min mem'])) req.push(`memory: ${size(r['min mem'])}`);
  if (req.length) spec.push(`requirements: { ${req.join(', ')} }`);
  spec.unshift(`devices: { ${devices.join(', ')} }`);
  if (features.length) spec.push(`features: { ${features.join(', ')} }`);
  spec.push(`annotations: { ${annotations.join(', ')} }`);
  const fields = [`name: '${r.preference}'`, `displayName: '${r['display name']}'`, `osType: '${r['os-type']}'`];
  return `  /** \`${r.preference}\`: ${r['display name']}. */\n` +
    `  public static readonly ${constName(r.preference)} = new CommonPreference({\n` +
    `    ${fields.join(', ')},\n    spec: {\n      ${spec.join(',\n      ')},\n    },\n  });`;
}

const header = '// Generated by scripts/gen-common-catalog.js from the reference tables of\n' +
  '// ../shared/reference/feature-anchors.md (common-instancetypes); do not edit by hand.\n';

const its = instancetypes();
fs.writeFileSync(path.join(root, 'lib/flavors/common-instancetypes.generated.ts'), `${header}import { Size } from 'cdk8s';
import { CatalogInstancetype } from './catalog';
import { HugepageSize } from './instancetype';

/** The common-instancetypes catalog (\`VirtualMachineClusterInstancetype\`s deployed by virt-operator). */
export class CommonInstancetype extends CatalogInstancetype {
${its.join('\n')}
}
`);

const prefs = table('### 2.4').map(preference);
fs.writeFileSync(path.join(root, 'lib/flavors/common-preferences.generated.ts'), `${header}import { Size } from 'cdk8s';
import { CatalogPreference } from './catalog';
import { PreferredCpuTopology, SpreadAcross } from './preference';
import { HypervEnlightenments, PreferenceClock, PreferenceFirmware } from './preference-options';

/** The common preferences (\`VirtualMachineClusterPreference\`s deployed by virt-operator). */
export class CommonPreference extends CatalogPreference {
${prefs.join('\n')}
}
`);
console.log(`wrote ${its.length} instancetypes and ${prefs.length} preferences`);
