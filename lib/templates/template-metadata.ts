// The labels and annotations of a VM template that the console and common-templates read: the ones
// an OS profile implies, and the typed props a template without one (or overriding it) sets.
import { OsProfile } from '../flavors';

/** Annotations and labels the console reads on a template, as typed props. */
export interface TemplateConsoleOptions {
  /** `openshift.io/display-name`. @default - `<os display name> VM` with an OS profile, else none */
  readonly displayName?: string;
  /** `description`. @default - a sentence naming the OS with an OS profile, else none */
  readonly description?: string;
  /** Template release (label `template.kubevirt.io/version`). @default - 'v0.1.0' with an OS profile, else none */
  readonly version?: string;
  /** Label `template.kubevirt.io/architecture`. @default - 'amd64' with an OS profile, else none */
  readonly architecture?: string;
  /** Mark this as the OS's default variant in the console (label). @default false */
  readonly defaultOsVariant?: boolean;
  /** Label `template.kubevirt.io/type` (`base` for common-templates). @default - 'base' with an OS profile, else none */
  readonly templateType?: string;
  /** `iconClass`, e.g. `icon-fedora`. @default - the OS's icon with an OS profile, else none */
  readonly iconClass?: string;
  /** `tags` (written comma-separated). @default - `hidden,kubevirt,virtualmachine,<family>,<os>` with an OS profile, else none */
  readonly tags?: string[];
  /** `openshift.io/provider-display-name`. @default - 'KubeVirt' with an OS profile, else none */
  readonly providerDisplayName?: string;
  /** `template.openshift.io/bindable` (service catalog). @default - false with an OS profile, else not written */
  readonly bindable?: boolean;
  /** `defaults.template.kubevirt.io/disk`: the disk the console treats as the boot disk. @default - 'rootdisk' with an OS profile, else none */
  readonly defaultDisk?: string;
  /** `defaults.template.kubevirt.io/network`. @default - 'default' for Windows OS profiles, else none */
  readonly defaultNetwork?: string;
  /**
   * Paths the console lets users edit (`template.kubevirt.io/editable`, one per line).
   * @default - CPU, memory, disks, volumes and networks of `objects[0]` with an OS profile, else none
   */
  readonly editableFields?: string[];
  /**
   * Guest OSes the template offers: label `os.template.kubevirt.io/<id>` and, with a name,
   * annotation `name.os.template.kubevirt.io/<id>`.
   * @default - the OS profile's with one, else none
   */
  readonly operatingSystems?: TemplateOperatingSystem[];
  /** Workloads it offers (labels `workload.template.kubevirt.io/<name>`). @default - the workload profile's with an OS profile, else none */
  readonly workloads?: string[];
  /** Flavors it offers (labels `flavor.template.kubevirt.io/<name>`). @default - the flavor's with an OS profile, else none */
  readonly flavors?: string[];
}

/** A guest OS a template offers, by its osinfo id (`fedora`, `rhel9.4`, `win2k22`). */
export interface TemplateOperatingSystem {
  readonly id: string;
  /** Shown by the console (`name.os.template.kubevirt.io/<id>`). @default - no name annotation */
  readonly name?: string;
}

const EDITABLE = ['domain.cpu.sockets', 'domain.cpu.cores', 'domain.cpu.threads', 'domain.memory.guest', 'domain.devices.disks', 'volumes', 'networks'];

/** The console options an OS profile implies (the common-templates shape); props given win. */
export function osConsoleDefaults(os: OsProfile): TemplateConsoleOptions {
  return {
    displayName: `${os.displayName} VM`,
    description: `Template for ${os.displayName} VM or newer. A PVC with the ${os.displayName} disk image must be available.`,
    version: 'v0.1.0',
    architecture: 'amd64',
    templateType: 'base',
    iconClass: os.iconClass,
    tags: ['hidden', 'kubevirt', 'virtualmachine', os.isWindows ? 'windows' : 'linux', os.name],
    providerDisplayName: 'KubeVirt',
    bindable: false,
    defaultDisk: 'rootdisk',
    defaultNetwork: os.isWindows ? 'default' : undefined,
    editableFields: EDITABLE.map((f) => `/objects[0].spec.template.spec.${f}`),
  };
}

/** The template's own labels: the profiles' (OS mode) and the typed ones. */
export function consoleLabels(o: TemplateConsoleOptions, profileLabels: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { ...profileLabels };
  for (const os of o.operatingSystems ?? []) labels[`os.template.kubevirt.io/${os.id}`] = 'true';
  for (const w of o.workloads ?? []) labels[`workload.template.kubevirt.io/${w}`] = 'true';
  for (const f of o.flavors ?? []) labels[`flavor.template.kubevirt.io/${f}`] = 'true';
  if (o.templateType !== undefined) labels['template.kubevirt.io/type'] = o.templateType;
  if (o.version !== undefined) labels['template.kubevirt.io/version'] = o.version;
  if (o.architecture !== undefined) labels['template.kubevirt.io/architecture'] = o.architecture;
  if (o.defaultOsVariant) labels['template.kubevirt.io/default-os-variant'] = 'true';
  return labels;
}

/** The template's own annotations from the typed options (and, in OS mode, the OS's names). */
export function consoleAnnotations(o: TemplateConsoleOptions, osNames: Record<string, string>, apiVersionAnnotation: boolean): Record<string, string> {
  const a: Record<string, string> = {};
  const set = (k: string, v: string | undefined) => { if (v !== undefined) a[k] = v; };
  set('openshift.io/display-name', o.displayName);
  set('description', o.description);
  set('tags', o.tags?.join(','));
  set('iconClass', o.iconClass);
  set('openshift.io/provider-display-name', o.providerDisplayName);
  set('template.openshift.io/bindable', o.bindable === undefined ? undefined : String(o.bindable));
  if (apiVersionAnnotation) a['template.kubevirt.io/version'] = 'v1alpha1';
  set('defaults.template.kubevirt.io/disk', o.defaultDisk);
  set('template.kubevirt.io/editable', o.editableFields?.join('\n'));
  Object.assign(a, osNames);
  for (const os of o.operatingSystems ?? []) set(`name.os.template.kubevirt.io/${os.id}`, os.name);
  set('defaults.template.kubevirt.io/network', o.defaultNetwork);
  return a;
}
