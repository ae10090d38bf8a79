// VM templates (OpenShift `Template`, template.kubevirt.io `VirtualMachineTemplate`) as
// `kv.VirtualMachineTemplate` without an OS profile: the console labels and annotations as typed
// props, the VM written like a VM (same mapper, `${NAME}` and the other parameter references kept
// as strings), parameters with `addParameter()`, the other objects with `addObject()`.
import { code, literal, sortKeys } from './code';
import { countFields } from './json-patch';
import { groupOf, ImportedObject, ImportScope, isObject } from './model';
import { mapVirtualMachine } from './virtual-machine';

/** What the template mapper writes. */
export interface TemplateWriting {
  readonly create: string;
  readonly after: string[];
  readonly dependsOn: ImportedObject[];
  readonly rawFields: number;
}

// The importer writes code and loads no construct module: the two annotation names, as the constructs write them.
export const TEMPLATE_ANNOTATIONS = { dependsOn: 'cdk8s-kubevirt.io/depends-on', validations: 'vm.kubevirt.io/validations' } as const;
const DEPENDS_ON_ANNOTATION = TEMPLATE_ANNOTATIONS.dependsOn;
const VALIDATIONS_ANNOTATION = TEMPLATE_ANNOTATIONS.validations;

const PARAMETER_KEYS = ['name', 'displayName', 'description', 'value', 'generate', 'from', 'required'];

/** The VM of a template object: `objects[]`'s VirtualMachine, or a VirtualMachineTemplate's `spec.virtualMachine`. */
function templateVm(obj: any): any {
  if (obj?.kind === 'Template') {
    const vms = Array.isArray(obj.objects) ? obj.objects.filter(isVm) : [];
    return vms.length === 1 ? vms[0] : undefined;
  }
  return isVm(obj?.spec?.virtualMachine) ? obj.spec.virtualMachine : undefined;
}

function isVm(o: unknown): boolean {
  return isObject(o) && o.apiVersion === 'kubevirt.io/v1' && o.kind === 'VirtualMachine';
}

/** True for the template kinds this mapper writes. */
export function isVmTemplate(obj: any): boolean {
  return (obj.apiVersion === 'template.openshift.io/v1' && obj.kind === 'Template')
    || (groupOf(obj.apiVersion) === 'template.kubevirt.io' && obj.kind === 'VirtualMachineTemplate');
}

/** The template as construct code, or undefined when it holds no single VM (then a plain ApiObject). */
export function mapTemplate(io: ImportedObject, scope: ImportScope): TemplateWriting | undefined {
  const obj = io.object;
  const openshift = obj.kind === 'Template';
  const vm = templateVm(obj);
  if (!vm || !isObject(vm.metadata) || typeof vm.metadata.name !== 'string') return undefined;
  const { console: consoleProps, labels, annotations } = consoleOptions(obj.metadata.labels ?? {}, obj.metadata.annotations ?? {});
  const meta: Record<string, unknown> = { name: obj.metadata.name };
  if (Object.keys(labels).length > 0) meta.labels = sortKeys(labels);
  if (Object.keys(annotations).length > 0) meta.annotations = sortKeys(annotations);
  for (const k of ['finalizers', 'ownerReferences', 'generateName']) if (obj.metadata[k] !== undefined) meta[k] = obj.metadata[k];

  const own: Record<string, unknown> = { ...consoleProps };
  if (!openshift) own.format = code('kv.VmTemplateFormat.KUBEVIRT');
  const message = openshift ? obj.message : obj.spec?.message;
  if (typeof message === 'string') own.message = message;
  if (openshift && isObject(obj.labels) && Object.values(obj.labels).every((v) => typeof v === 'string')) own.objectLabels = sortKeys(obj.labels);
  if (vm.metadata.name !== '${NAME}') own.vmName = vm.metadata.name;
  if (isObject(vm.metadata.labels) && Object.keys(vm.metadata.labels).length > 0) own.vmLabels = sortKeys(vm.metadata.labels);
  const vmAnnotations = isObject(vm.metadata.annotations) ? { ...vm.metadata.annotations } : {};
  const rules = vmAnnotations[VALIDATIONS_ANNOTATION];
  if (typeof rules === 'string' && compactRules(rules)) {
    // Rules the construct writes back byte for byte: typed.
    delete vmAnnotations[VALIDATIONS_ANNOTATION];
    own.validations = code(`kv.ValidationRule.fromJson(${literal(rules)})`);
  }
  if (Object.keys(vmAnnotations).length > 0) own.vmAnnotations = sortKeys(vmAnnotations);

  const create = (vmProps: Record<string, unknown>) => `new kv.VirtualMachineTemplate(this, ${literal(io.constructId)}, ${literal({
    metadata: meta, ...own, ...(Object.keys(vmProps).length > 0 ? { vm: vmProps } : {}),
  })})`;
  // The VM is written as the VM it is (its own name, `${NAME}`), rendered inside the template.
  const vmView: ImportedObject = { ...io, object: vm };
  const vmSpecOf = (o: any) => (isVmTemplate(o) ? templateVm(o)?.spec : o.spec);
  const w = mapVirtualMachine(vmView, scope, create, vmSpecOf);

  const after = w.after(io.varName);
  let rawFields = w.rawFields;
  const params: unknown[] = (openshift ? obj.parameters : obj.spec?.parameters) ?? [];
  for (const p of Array.isArray(params) ? params : []) {
    if (!isObject(p) || typeof p.name !== 'string') continue;
    const known = Object.fromEntries(PARAMETER_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    after.push(`${io.varName}.addParameter(${literal(known)});`);
  }
  if (openshift) {
    const vmIndex = (obj.objects as unknown[]).indexOf(vm);
    for (const [i, o] of (obj.objects as unknown[]).entries()) {
      if (o === vm) continue;
      after.push(`${io.varName}.addObject(${literal(sortKeys(o))}${i < vmIndex ? ', { beforeVm: true }' : ''});`);
      rawFields += countFields([{ op: 'add', path: '', value: o }]);
    }
  }
  return { create: create(w.props), after, dependsOn: [...w.dependsOn], rawFields };
}

/** The labels and annotations of the console as typed props, when the construct writes them back identically. */
function consoleOptions(labelsIn: Record<string, string>, annotationsIn: Record<string, string>) {
  const labels = { ...labelsIn };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotationsIn)) if (k !== DEPENDS_ON_ANNOTATION) annotations[k] = v;
  const out: Record<string, unknown> = {};
  const take = (from: Record<string, string>, key: string, prop: string, parse: (v: string) => unknown, render: (x: any) => string) => {
    const v = from[key];
    if (typeof v !== 'string') return;
    const parsed = parse(v);
    if (parsed === undefined || render(parsed) !== v) return;
    out[prop] = parsed;
    delete from[key];
  };
  const str = (v: string) => v;
  take(annotations, 'openshift.io/display-name', 'displayName', str, str);
  take(annotations, 'description', 'description', str, str);
  take(annotations, 'iconClass', 'iconClass', str, str);
  take(annotations, 'openshift.io/provider-display-name', 'providerDisplayName', str, str);
  take(annotations, 'defaults.template.kubevirt.io/disk', 'defaultDisk', str, str);
  take(annotations, 'defaults.template.kubevirt.io/network', 'defaultNetwork', str, str);
  take(annotations, 'tags', 'tags', (v) => (v.length > 0 ? v.split(',') : undefined), (x: string[]) => x.join(','));
  take(annotations, 'template.kubevirt.io/editable', 'editableFields', (v) => (v.length > 0 && !v.endsWith('\n') ? v.split('\n') : undefined), (x: string[]) => x.join('\n'));
  take(annotations, 'template.openshift.io/bindable', 'bindable', (v) => (v === 'true' ? true : v === 'false' ? false : undefined), String);
  take(labels, 'template.kubevirt.io/type', 'templateType', str, str);
  take(labels, 'template.kubevirt.io/version', 'version', (v) => (v.length > 0 ? v : undefined), str);
  take(labels, 'template.kubevirt.io/architecture', 'architecture', str, str);
  take(labels, 'template.kubevirt.io/default-os-variant', 'defaultOsVariant', (v) => (v === 'true' ? true : undefined), () => 'true');
  const offered = (prefix: string) => Object.keys(labels).filter((k) => k.startsWith(prefix) && labels[k] === 'true' && k.length > prefix.length).sort()
    .map((k) => { delete labels[k]; return k.slice(prefix.length); });
  const oses = offered('os.template.kubevirt.io/').map((id) => {
    const name = annotations[`name.os.template.kubevirt.io/${id}`];
    delete annotations[`name.os.template.kubevirt.io/${id}`];
    return name === undefined ? { id } : { id, name };
  });
  if (oses.length > 0) out.operatingSystems = oses;
  const workloads = offered('workload.template.kubevirt.io/');
  if (workloads.length > 0) out.workloads = workloads;
  const flavors = offered('flavor.template.kubevirt.io/');
  if (flavors.length > 0) out.flavors = flavors;
  return { console: out, labels, annotations };
}

/** True when the rules annotation is exactly what the construct writes (compact JSON of the rules as given). */
function compactRules(text: string): boolean {
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every(isObject) && JSON.stringify(parsed) === text;
  } catch {
    return false;
  }
}
