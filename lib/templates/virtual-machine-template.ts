import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineTemplate as KubeVirtTemplateL1 } from '../../imports/template.kubevirt.io';
import { Template } from '../../imports/template.openshift.io';
import {
  CloudInit, DiskOptions, DiskSource, Interface, InterfaceOptions, IVirtualMachineProfile, RunStrategy, UserData, VirtualMachine,
  VirtualMachineProfileOptions, VirtualMachineSpecBuilder, VirtualMachineSpecProps, VolumeOptions,
} from '../compute';
import { IDataSource, KubeVirtResource, KubeVirtResourceProps, ObjectReference } from '../core';
import { Flavor, OsProfile, WorkloadProfile } from '../flavors';
import { commonTemplateValidations } from './common-validations';
import { consoleAnnotations, consoleLabels, osConsoleDefaults, TemplateConsoleOptions } from './template-metadata';
import { cloudUserPasswordData, cloudUserPasswordSecret, TemplateObjectOptions, TemplateObjects } from './template-objects';
import { osParameters, osVmLabels, variantFlavor, variantWorkload } from './template-os-defaults';
import { parameterErrors, renderParameter, TemplateParameter, undeclaredReferences } from './template-parameter';
import { evaluateValidationRules, VALIDATIONS_ANNOTATION, ValidationRule } from './validation-rule';
import { withCheckId } from '../core/construct-checks';
import { addSynthWarning } from '../core/warnings';

export { DEFAULT_DATA_SOURCE_NAMESPACE } from './template-os-defaults';
export type { TemplateObjectOptions } from './template-objects';

/** Which API object a `VirtualMachineTemplate` synthesizes. */
export enum VmTemplateFormat {
  /** An OpenShift `Template` (template.openshift.io/v1): what the console and common-templates use. */
  OPENSHIFT = 'openshift',
  /**
   * The Kubernetes-native `VirtualMachineTemplate` (template.kubevirt.io/v1beta1, kubevirt/virt-template).
   * It holds only the VM, so the cloud user password is inlined in the cloud-init user data.
   */
  KUBEVIRT = 'kubevirt',
}

/** The template's VM: a `VirtualMachine`'s spec props and profiles. */
export interface TemplateVmProps extends VirtualMachineSpecProps, VirtualMachineProfileOptions {}

/** Properties of a `VirtualMachineTemplate`. */
export interface VirtualMachineTemplateProps extends KubeVirtResourceProps, TemplateConsoleOptions {
  /**
   * The guest OS: firmware, buses, labels, golden image, validation rules. With it the template
   * has the common-templates shape (NAME, DATA_SOURCE_NAME/NAMESPACE and CLOUD_USER_PASSWORD
   * parameters, a root disk cloning the DataSource, the OS's labels, annotations and rules).
   * @default - a custom template: its VM is `vm` and the `addX()` calls, its parameters, labels,
   *   annotations and rules only the ones given
   */
  readonly os?: OsProfile;
  /** @default - the OS's default variant workload (none without an OS profile) */
  readonly workload?: WorkloadProfile;
  /** @default - the OS's default variant flavor (none without an OS profile) */
  readonly flavor?: Flavor;
  /** Default of `DATA_SOURCE_NAME` (OS profile only). @default - the OS's golden image name (`rhel9`, `win2k22`...) */
  readonly dataSourceName?: string;
  /** Default of `DATA_SOURCE_NAMESPACE` (OS profile only). @default 'kubevirt-os-images' */
  readonly dataSourceNamespace?: string;
  /** Size of the root disk (OS profile only). @default - the OS's root disk size (30Gi Linux, 60/64Gi Windows) */
  readonly rootDiskSize?: Size;
  /**
   * Add the Secret-backed cloud-init disk with `CLOUD_USER_PASSWORD` (OS profile only).
   * @default - true for Linux, false for Windows
   */
  readonly cloudUserPassword?: boolean;
  /** @default - the rules common-templates ship for the OS (none without an OS profile) */
  readonly validations?: ValidationRule[];
  /**
   * The VM's settings and profiles, as a `VirtualMachine` takes them; applied after the OS,
   * workload and flavor (they win).
   * @default - none
   */
  readonly vm?: TemplateVmProps;
  /**
   * Name of the template's VM (usually a parameter).
   * @default '${NAME}'
   */
  readonly vmName?: string;
  /** Labels of the template's VM, besides the ones the OS profile adds. @default - none */
  readonly vmLabels?: Record<string, string>;
  /** Annotations of the template's VM (its rules are `validations`). @default - none */
  readonly vmAnnotations?: Record<string, string>;
  /** Labels `oc process` puts on every object it creates (the Template's `labels`). @default - none */
  readonly objectLabels?: Record<string, string>;
  /** Extra profiles applied after OS, workload and flavor. @default - none */
  readonly profiles?: IVirtualMachineProfile[];
  /** Parameters (after the OS profile's built-in ones); see also `addParameter()`. @default - none */
  readonly parameters?: TemplateParameter[];
  /** Message shown after instantiation. @default - none */
  readonly message?: string;
  /** @default VmTemplateFormat.OPENSHIFT */
  readonly format?: VmTemplateFormat;
}

/** What `instantiate()` fills in. */
export interface TemplateInstanceParams {
  /** Name of the VirtualMachine. */
  readonly name: string;
  /** Golden image to clone. @default - the template's DATA_SOURCE_NAME/NAMESPACE defaults */
  readonly dataSource?: IDataSource | ObjectReference;
  /** @default - the template's flavor */
  readonly flavor?: Flavor;
  /** Settings overriding the template's (checked against the template's rules). @default - none */
  readonly vm?: VirtualMachineSpecProps;
  /** cloud-init of the instance (e.g. `UserData.fromSecret(...)` with a password). @default - none */
  readonly cloudInit?: CloudInit;
}

/** A disk and its volume, or (`volumeOnly`) a volume without a disk entry. */
interface ExtraDisk { readonly name: string; readonly source: DiskSource; readonly options: DiskOptions; readonly volumeOnly?: boolean }
interface ExtraInterface { readonly name: string; readonly nic: Interface; readonly options: InterfaceOptions }

/**
 * A VM template: an OpenShift `Template` (template.openshift.io/v1) whose `objects[0]` is the VM.
 * With an OS profile it has the common-templates shape: the labels, annotations, parameters and
 * validation rules the console and the SSP template validator read, and `instantiate()` stamps a
 * `VirtualMachine` from the same definition, checked against the same rules at synth. Without
 * one it is a custom template: the VM is built like a `VirtualMachine` (`vm` props, profiles,
 * `addDisk`/`addInterface`), with explicit parameters (`addParameter`), console options and
 * further objects (`addObject`).
 */
export class VirtualMachineTemplate extends KubeVirtResource {
  /** Template release (`template.kubevirt.io/version`; `''` for a custom template without one). */
  public readonly version: string;
  private readonly osProfile?: OsProfile;
  private readonly workloadProfile?: WorkloadProfile;
  private readonly flavorProfile?: Flavor;
  private readonly props: VirtualMachineTemplateProps;
  private readonly rules: ValidationRule[];
  private readonly extraParameters: TemplateParameter[];
  private readonly disks: ExtraDisk[] = [];
  private readonly interfaces: ExtraInterface[] = [];
  private readonly objects = new TemplateObjects();

  constructor(scope: Construct, id: string, props: VirtualMachineTemplateProps = {}) {
    const os = props.os;
    const workload = props.workload ?? (os ? variantWorkload(os) : undefined);
    const flavor = props.flavor ?? (os ? variantFlavor(os) : undefined);
    const kubevirt = props.format === VmTemplateFormat.KUBEVIRT;
    const body = kubevirt ? { gvk: KubeVirtTemplateL1.GVK } : { gvk: Template.GVK, bodyKeys: ['labels', 'message', 'objects', 'parameters'] };
    super(scope, id, os ? body : { ...body, readableName: { maxLength: 253 } }, {
      metadata: os ? { ...props.metadata, name: props.metadata?.name ?? `${os.name}-${workload!.name}-${flavor!.name}` } : props.metadata,
    });
    this.props = props;
    this.osProfile = os;
    this.workloadProfile = workload;
    this.flavorProfile = flavor;
    this.version = props.version ?? (os ? 'v0.1.0' : '');
    this.rules = [...(props.validations ?? (os ? commonTemplateValidations(os) : []))];
    this.extraParameters = [...(props.parameters ?? [])];
    for (const [k, v] of Object.entries(this.templateLabels())) this.apiObject.metadata.addLabel(k, v);
    for (const [k, v] of Object.entries(this.templateAnnotations())) this.apiObject.metadata.addAnnotation(k, v);
    this.node.addValidation({ validate: () => this.validateTemplate() });
  }

  /** True when the template has an OS profile (the common-templates shape). */
  public get hasOsProfile(): boolean { return this.osProfile !== undefined; }

  /** The OS profile; a custom template (without one) throws. */
  public get os(): OsProfile { return this.required(this.osProfile, 'an OS profile'); }
  /** The workload profile; throws when the template has none. */
  public get workload(): WorkloadProfile { return this.required(this.workloadProfile, 'a workload profile'); }
  /** The flavor; throws when the template has none. */
  public get flavor(): Flavor { return this.required(this.flavorProfile, 'a flavor'); }

  /** The validation rules the template's VM carries. */
  public get validations(): readonly ValidationRule[] { return this.rules; }

  public addValidationRule(rule: ValidationRule): this {
    this.rules.push(rule);
    return this;
  }

  /** Adds a parameter (after the OS profile's built-in ones); objects use it as `${NAME}`. */
  public addParameter(parameter: TemplateParameter): this {
    this.extraParameters.push(parameter);
    return this;
  }

  /** Adds a disk (besides the OS profile's `rootdisk`) to the template's VM and its instances. */
  public addDisk(name: string, source: DiskSource, options: DiskOptions = {}): this {
    this.disks.push({ name, source, options });
    return this;
  }

  /**
   * Adds a volume without a disk entry to the template's VM and its instances: KubeVirt gives it a
   * disk of its name (virtio bus) when the VM starts, as `VirtualMachine.addVolume()` does. The name
   * must be a DNS label (it names the disk).
   */
  public addVolume(name: string, source: DiskSource, options: VolumeOptions = {}): this {
    this.disks.push({ name, source, options, volumeOnly: true });
    return this;
  }

  /** Adds a NIC to the template's VM and its instances (default: masquerade on the pod network). */
  public addInterface(name: string, nic: Interface, options: InterfaceOptions = {}): this {
    this.interfaces.push({ name, nic, options });
    return this;
  }

  /**
   * Adds an object `oc process` creates besides the VM (a Secret, a Service...), written as given,
   * after the VM (`beforeVm`: before it, in the order added); `${PARAM}` references are
   * substituted like the VM's. OpenShift form only.
   */
  public addObject(object: Record<string, unknown>, options: TemplateObjectOptions = {}): this {
    this.objects.add(object, options);
    return this;
  }

  /** Whether the template adds the Secret-backed cloud-init disk. */
  public get hasCloudUserPassword(): boolean {
    return this.osProfile !== undefined && (this.props.cloudUserPassword ?? !this.osProfile.isWindows);
  }

  /** The parameters, the OS profile's built-in ones first. */
  public get parameters(): TemplateParameter[] {
    const os = this.osProfile;
    if (!os) return [...this.extraParameters];
    const { dataSourceName, dataSourceNamespace } = this.props;
    return [...osParameters(os, { dataSourceName, dataSourceNamespace, cloudUserPassword: this.hasCloudUserPassword }), ...this.extraParameters];
  }

  /**
   * Stamps a `VirtualMachine` from this template (OS profile only). Its settings are checked
   * against the template's rules at synth: a broken rule fails synth, a `justWarning` rule warns.
   */
  public instantiate(scope: Construct, id: string, params: TemplateInstanceParams): VirtualMachine {
    const os = this.required(this.osProfile, 'an OS profile to be instantiated (process a custom template with `oc process`)');
    const flavor = params.flavor ?? this.flavor;
    const vm = new VirtualMachine(scope, id, {
      ...this.vmSettings(),
      ...params.vm,
      profiles: this.profiles(flavor),
      metadata: {
        name: params.name,
        labels: {
          ...this.vmLabels(os, flavor), app: params.name, ...this.props.vmLabels,
          // Lets the validator find the parent template, as `oc process` does.
          ...(this.namespace ? { 'vm.kubevirt.io/template.namespace': this.namespace } : {}),
        },
        annotations: { ...this.props.vmAnnotations, [VALIDATIONS_ANNOTATION]: this.validationsJson() },
      },
    });
    const ds = params.dataSource ?? { name: this.parameterDefault('DATA_SOURCE_NAME')!, namespace: this.parameterDefault('DATA_SOURCE_NAMESPACE') };
    this.addDevices(vm, params.name, ds);
    if (params.cloudInit) vm.setCloudInit(params.cloudInit);
    if (params.dataSource && 'node' in params.dataSource) vm.addDependency(params.dataSource);
    vm.node.addValidation({ validate: () => this.checkInstance(vm) });
    return vm;
  }

  protected renderBody(): Record<string, unknown> {
    const os = this.osProfile;
    const builder = new VirtualMachineSpecBuilder();
    for (const profile of this.profiles(this.flavorProfile)) profile.applyTo(builder);
    builder.configure({ ...(os ? { runStrategy: RunStrategy.HALTED } : {}), ...this.vmSettings() });
    this.addDevices(builder, this.vmName, { name: '${DATA_SOURCE_NAME}', namespace: '${DATA_SOURCE_NAMESPACE}' });
    const secretName = `${this.vmName}-cloud-init`;
    const userData = cloudUserPasswordData(os?.definition.cloudUser ?? 'cloud-user');
    const parameters = this.parameters.map(renderParameter);
    const labels = this.props.objectLabels && Object.keys(this.props.objectLabels).length > 0 ? { ...this.props.objectLabels } : undefined;
    if (this.props.format === VmTemplateFormat.KUBEVIRT) {
      if (this.hasCloudUserPassword) builder.setCloudInit(CloudInit.noCloud({ userData: UserData.raw(userData) }));
      return { spec: { message: this.props.message, parameters, virtualMachine: this.templateVm(builder) } };
    }
    if (this.hasCloudUserPassword) builder.setCloudInit(CloudInit.noCloud({ userData: UserData.fromSecret(secretName) }));
    const objects = this.objects.render(this.templateVm(builder), this.hasCloudUserPassword ? [cloudUserPasswordSecret(secretName, this.vmName, userData)] : []);
    return { labels, message: this.props.message, objects, parameters: os || parameters.length > 0 ? parameters : undefined };
  }

  private get vmName(): string { return this.props.vmName ?? '${NAME}'; }

  /** The `vm` props without its profiles (they are applied first, see `profiles()`). */
  private vmSettings(): VirtualMachineSpecProps {
    const { os: _os, workload: _w, flavor: _f, profiles: _p, ...settings } = this.props.vm ?? {};
    return settings;
  }

  private templateVm(builder: VirtualMachineSpecBuilder): Record<string, unknown> {
    const os = this.osProfile;
    const labels = { ...(os ? { ...this.vmLabels(os, this.flavorProfile!), app: this.vmName } : {}), ...this.props.vmLabels };
    const annotations = { ...this.props.vmAnnotations, ...(os || this.rules.length > 0 ? { [VALIDATIONS_ANNOTATION]: this.validationsJson() } : {}) };
    return {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: {
        name: this.vmName,
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: builder.toSpec({ name: this.vmName, namespace: this.namespace }),
    };
  }

  private profiles(flavor: Flavor | undefined): IVirtualMachineProfile[] {
    const vm = this.props.vm ?? {};
    return [this.osProfile, this.workloadProfile, flavor, ...(this.props.profiles ?? []), vm.os, vm.workload, vm.flavor, ...(vm.profiles ?? [])]
      .filter((p): p is IVirtualMachineProfile => p !== undefined);
  }

  private addDevices(target: VirtualMachineSpecBuilder | VirtualMachine, vmName: string, ds: IDataSource | ObjectReference): void {
    if (this.osProfile) {
      const size = this.props.rootDiskSize ?? this.osProfile.definition.rootDiskSize;
      target.addDisk('rootdisk', DiskSource.dataSource(ds, { name: vmName, size }), { bootOrder: 1 });
    }
    for (const d of this.disks) {
      if (d.volumeOnly) target.addVolume(d.name, d.source, d.options);
      else target.addDisk(d.name, d.source, d.options);
    }
    for (const i of this.interfaces) target.addInterface(i.name, i.nic, i.options);
  }

  private vmLabels(os: OsProfile, flavor: Flavor): Record<string, string> {
    return osVmLabels(this.name, this.version, os, this.workload, flavor);
  }

  private validationsJson(): string {
    return JSON.stringify(this.rules.map((r) => r.toJson()));
  }

  private parameterDefault(name: string): string | undefined {
    return this.parameters.find((p) => p.name === name)?.value;
  }

  /** The console options: the OS profile's defaults (when there is one), the props win. */
  private consoleOptions(): TemplateConsoleOptions {
    const os = this.osProfile;
    const given = Object.fromEntries(Object.entries(this.props).filter(([, v]) => v !== undefined)) as TemplateConsoleOptions;
    return os ? { ...osConsoleDefaults(os), ...given } : given;
  }

  private templateLabels(): Record<string, string> {
    const os = this.osProfile;
    const profileLabels = os ? { ...os.labels, ...this.workload.labels, ...this.flavor.labels } : {};
    return consoleLabels(this.consoleOptions(), profileLabels);
  }

  private templateAnnotations(): Record<string, string> {
    const os = this.osProfile;
    const annotations = consoleAnnotations(this.consoleOptions(), os ? os.nameAnnotations : {}, os !== undefined);
    if (os?.definition.deprecated) annotations['template.kubevirt.io/deprecated'] = 'true';
    return annotations;
  }

  private validateTemplate(): string[] {
    const errors = parameterErrors(this.parameters);
    const os = this.osProfile;
    if (os && !os.supports(this.workload.name, this.flavor)) {
      // Not an error upstream, but the console offers no such combination; make it explicit.
      this.warn(`common-templates offer no ${os.name} template for workload '${this.workload.name}' and flavor '${this.flavor.name}' [construct-template-os-combination]`);
    }
    const body = this.renderBody();
    if (body.objects === undefined && !this.objects.isEmpty) {
      errors.push(`objects: the template.kubevirt.io form holds only the VM; addObject() needs VmTemplateFormat.OPENSHIFT [construct-template-parameters]`);
    }
    const unknown = undeclaredReferences(body.objects ?? body.spec, this.parameters);
    if (unknown.length > 0) {
      this.warn(`objects: \${${unknown.join('}, ${')}} name no parameter: \`oc process\` leaves them as written [construct-template-parameters]`);
    }
    // The template's own VM (with its default flavor) must pass its own rules. Its justWarning
    // rules are advice for instances (Windows templates ship SATA and advise virtio), not for it.
    const vmIndex = this.objects.vmIndex;
    const vm = (body.objects as Record<string, unknown>[] | undefined)?.[vmIndex] ?? (body.spec as Record<string, unknown>).virtualMachine;
    const where = body.objects ? `objects[${vmIndex}]` : 'spec.virtualMachine';
    errors.push(...withCheckId(evaluateValidationRules(this.rules, vm).errors.map((e) => `${where}.${e}`), 'construct-template-validation-rules'));
    return errors;
  }

  private checkInstance(vm: VirtualMachine): string[] {
    const result = evaluateValidationRules(this.rules, { spec: vm.toSpec() });
    for (const warning of withCheckId(result.warnings, 'construct-template-validation-advice')) addSynthWarning(vm, warning);
    return withCheckId(result.errors, 'construct-template-validation-rules');
  }

  private required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`VirtualMachineTemplate ${this.node.path}: this template has no ${what.replace(/^an? /, '')}; it needs ${what}`);
    return value;
  }

  private warn(message: string): void {
    addSynthWarning(this, message);
  }
}
