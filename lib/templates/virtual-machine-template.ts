import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineTemplate as KubeVirtTemplateL1 } from '../../imports/template.kubevirt.io';
import { Template } from '../../imports/template.openshift.io';
import {
  CloudInit, DiskOptions, DiskSource, Interface, InterfaceOptions, IVirtualMachineProfile, RunStrategy, UserData, VirtualMachine,
  VirtualMachineSpecBuilder, VirtualMachineSpecProps,
} from '../compute';
import { IDataSource, KubeVirtResource, KubeVirtResourceProps, ObjectReference } from '../core';
import { Flavor, OsProfile, WorkloadProfile } from '../flavors';
import { commonTemplateValidations } from './common-validations';
import { evaluateValidationRules, VALIDATIONS_ANNOTATION, ValidationRule } from './validation-rule';
import { withCheckId } from '../core/construct-checks';
import { addSynthWarning } from '../core/warnings';

/** Namespace common golden images live in. */
export const DEFAULT_DATA_SOURCE_NAMESPACE = 'kubevirt-os-images';

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

/** A parameter of a VM template (`parameters[]`). */
export interface TemplateParameter {
  readonly name: string;
  /** @default - none */
  readonly displayName?: string;
  /** @default - none */
  readonly description?: string;
  /** @default - none */
  readonly value?: string;
  /**
   * `expression` generates the value from `from`.
   * @default - not generated
   */
  readonly generate?: 'expression';
  /** Generator expression, e.g. `[a-z0-9]{16}`. @default - none */
  readonly from?: string;
  /** @default false */
  readonly required?: boolean;
}

/** Properties of a `VirtualMachineTemplate`. */
export interface VirtualMachineTemplateProps extends KubeVirtResourceProps {
  /** The guest OS: firmware, buses, labels, golden image, validation rules. */
  readonly os: OsProfile;
  /** @default - the OS's default variant workload */
  readonly workload?: WorkloadProfile;
  /** @default - the OS's default variant flavor */
  readonly flavor?: Flavor;
  /** @default - `<os display name> VM` */
  readonly displayName?: string;
  /** @default - a sentence naming the OS, workload and flavor */
  readonly description?: string;
  /** Template release (`template.kubevirt.io/version`). @default 'v0.1.0' */
  readonly version?: string;
  /** @default 'amd64' */
  readonly architecture?: string;
  /** Mark this as the OS's default variant in the console. @default false */
  readonly defaultOsVariant?: boolean;
  /** Default of `DATA_SOURCE_NAME`. @default - the OS's golden image name (`rhel9`, `win2k22`...) */
  readonly dataSourceName?: string;
  /** Default of `DATA_SOURCE_NAMESPACE`. @default 'kubevirt-os-images' */
  readonly dataSourceNamespace?: string;
  /** @default - the OS's root disk size (30Gi Linux, 60/64Gi Windows) */
  readonly rootDiskSize?: Size;
  /**
   * Add the Secret-backed cloud-init disk with `CLOUD_USER_PASSWORD`.
   * @default - true for Linux, false for Windows
   */
  readonly cloudUserPassword?: boolean;
  /** @default - the rules common-templates ship for the OS */
  readonly validations?: ValidationRule[];
  /** Extra VM settings applied after the profiles (they win). @default - none */
  readonly vm?: VirtualMachineSpecProps;
  /** Extra profiles applied after OS, workload and flavor. @default - none */
  readonly profiles?: IVirtualMachineProfile[];
  /** Extra parameters. @default - none */
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

interface ExtraDisk { readonly name: string; readonly source: DiskSource; readonly options: DiskOptions }
interface ExtraInterface { readonly name: string; readonly nic: Interface; readonly options: InterfaceOptions }

/**
 * A VM template in the common-templates shape: an OpenShift `Template` (template.openshift.io/v1)
 * whose `objects[0]` is the VM, with the labels, annotations, parameters and validation rules the
 * console and the SSP template validator read. `instantiate()` stamps a `VirtualMachine` from the
 * same definition, checked against the same rules at synth.
 */
export class VirtualMachineTemplate extends KubeVirtResource {
  public readonly os: OsProfile;
  public readonly workload: WorkloadProfile;
  public readonly flavor: Flavor;
  public readonly version: string;
  private readonly props: VirtualMachineTemplateProps;
  private readonly rules: ValidationRule[];
  private readonly extraParameters: TemplateParameter[];
  private readonly disks: ExtraDisk[] = [];
  private readonly interfaces: ExtraInterface[] = [];

  constructor(scope: Construct, id: string, props: VirtualMachineTemplateProps) {
    const os = props.os;
    const workload = props.workload ?? variantWorkload(os);
    const flavor = props.flavor ?? variantFlavor(os);
    const kubevirt = props.format === VmTemplateFormat.KUBEVIRT;
    super(scope, id, kubevirt
      ? { gvk: KubeVirtTemplateL1.GVK }
      : { gvk: Template.GVK, bodyKeys: ['message', 'objects', 'parameters'] }, {
      metadata: { ...props.metadata, name: props.metadata?.name ?? `${os.name}-${workload.name}-${flavor.name}` },
    });
    this.props = props;
    this.os = os;
    this.workload = workload;
    this.flavor = flavor;
    this.version = props.version ?? 'v0.1.0';
    this.rules = [...(props.validations ?? commonTemplateValidations(os))];
    this.extraParameters = [...(props.parameters ?? [])];
    for (const [k, v] of Object.entries(this.templateLabels())) this.apiObject.metadata.addLabel(k, v);
    for (const [k, v] of Object.entries(this.templateAnnotations())) this.apiObject.metadata.addAnnotation(k, v);
    this.node.addValidation({ validate: () => this.validateTemplate() });
  }

  /** The validation rules the template's VM carries. */
  public get validations(): readonly ValidationRule[] { return this.rules; }

  public addValidationRule(rule: ValidationRule): this {
    this.rules.push(rule);
    return this;
  }

  public addParameter(parameter: TemplateParameter): this {
    this.extraParameters.push(parameter);
    return this;
  }

  /** Adds a disk (besides `rootdisk`) to the template's VM and its instances. */
  public addDisk(name: string, source: DiskSource, options: DiskOptions = {}): this {
    this.disks.push({ name, source, options });
    return this;
  }

  /** Adds a NIC to the template's VM and its instances (default: masquerade on the pod network). */
  public addInterface(name: string, nic: Interface, options: InterfaceOptions = {}): this {
    this.interfaces.push({ name, nic, options });
    return this;
  }

  /** Whether the template adds the Secret-backed cloud-init disk. */
  public get hasCloudUserPassword(): boolean {
    return this.props.cloudUserPassword ?? !this.os.isWindows;
  }

  /** The parameters, built-in ones first. */
  public get parameters(): TemplateParameter[] {
    const os = this.os;
    const params: TemplateParameter[] = [
      { name: 'NAME', description: 'VM name', generate: 'expression', from: `${os.name}-[a-z0-9]{${os.isWindows ? 6 : 16}}` },
      { name: 'DATA_SOURCE_NAME', description: 'Name of the DataSource to clone', value: this.props.dataSourceName ?? os.definition.dataSourceName },
      { name: 'DATA_SOURCE_NAMESPACE', description: 'Namespace of the DataSource', value: this.props.dataSourceNamespace ?? DEFAULT_DATA_SOURCE_NAMESPACE },
    ];
    if (this.hasCloudUserPassword) {
      params.push({ name: 'CLOUD_USER_PASSWORD', description: 'Randomized password for the cloud-init user', generate: 'expression', from: '[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}' });
    }
    return [...params, ...this.extraParameters];
  }

  /**
   * Stamps a `VirtualMachine` from this template. Its settings are checked against the
   * template's rules at synth: a broken rule fails synth, a `justWarning` rule warns.
   */
  public instantiate(scope: Construct, id: string, params: TemplateInstanceParams): VirtualMachine {
    const flavor = params.flavor ?? this.flavor;
    const vm = new VirtualMachine(scope, id, {
      ...this.props.vm,
      ...params.vm,
      profiles: this.profiles(flavor),
      metadata: {
        name: params.name,
        labels: {
          ...this.vmLabels(flavor), app: params.name,
          // Lets the validator find the parent template, as `oc process` does.
          ...(this.namespace ? { 'vm.kubevirt.io/template.namespace': this.namespace } : {}),
        },
        annotations: { [VALIDATIONS_ANNOTATION]: this.validationsJson() },
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
    const builder = new VirtualMachineSpecBuilder();
    for (const profile of this.profiles(this.flavor)) profile.applyTo(builder);
    builder.configure({ runStrategy: RunStrategy.HALTED, ...this.props.vm });
    this.addDevices(builder, '${NAME}', { name: '${DATA_SOURCE_NAME}', namespace: '${DATA_SOURCE_NAMESPACE}' });
    const secretName = '${NAME}-cloud-init';
    const userData = `#cloud-config\nuser: ${this.os.definition.cloudUser ?? 'cloud-user'}\npassword: \${CLOUD_USER_PASSWORD}\nchpasswd: { expire: False }\n`;
    const parameters = this.parameters.map((p) => ({ ...p }));
    if (this.props.format === VmTemplateFormat.KUBEVIRT) {
      if (this.hasCloudUserPassword) builder.setCloudInit(CloudInit.noCloud({ userData: UserData.raw(userData) }));
      return { spec: { message: this.props.message, parameters, virtualMachine: this.templateVm(builder) } };
    }
    if (this.hasCloudUserPassword) builder.setCloudInit(CloudInit.noCloud({ userData: UserData.fromSecret(secretName) }));
    const objects: Record<string, unknown>[] = [this.templateVm(builder)];
    if (this.hasCloudUserPassword) {
      objects.push({
        apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, labels: { app: '${NAME}' } }, type: 'Opaque',
        stringData: { userdata: userData },
      });
    }
    return { message: this.props.message, objects, parameters };
  }

  private templateVm(builder: VirtualMachineSpecBuilder): Record<string, unknown> {
    return {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: {
        name: '${NAME}',
        labels: { ...this.vmLabels(this.flavor), app: '${NAME}' },
        annotations: { [VALIDATIONS_ANNOTATION]: this.validationsJson() },
      },
      spec: builder.toSpec({ name: '${NAME}', namespace: this.namespace }),
    };
  }

  private profiles(flavor: Flavor): IVirtualMachineProfile[] {
    return [this.os, this.workload, flavor, ...(this.props.profiles ?? [])];
  }

  private addDevices(target: VirtualMachineSpecBuilder | VirtualMachine, vmName: string, ds: IDataSource | ObjectReference): void {
    const size = this.props.rootDiskSize ?? this.os.definition.rootDiskSize;
    target.addDisk('rootdisk', DiskSource.dataSource(ds, { name: vmName, size }), { bootOrder: 1 });
    for (const d of this.disks) target.addDisk(d.name, d.source, d.options);
    for (const i of this.interfaces) target.addInterface(i.name, i.nic, i.options);
  }

  private vmLabels(flavor: Flavor): Record<string, string> {
    return {
      'vm.kubevirt.io/template': this.name,
      'vm.kubevirt.io/template.version': this.version,
      'vm.kubevirt.io/template.revision': '1',
      ...this.os.labels, ...this.workload.labels, ...flavor.labels,
    };
  }

  private validationsJson(): string {
    return JSON.stringify(this.rules.map((r) => r.toJson()));
  }

  private parameterDefault(name: string): string | undefined {
    return this.parameters.find((p) => p.name === name)?.value;
  }

  private templateLabels(): Record<string, string> {
    const labels: Record<string, string> = {
      ...this.os.labels, ...this.workload.labels, ...this.flavor.labels,
      'template.kubevirt.io/type': 'base',
      'template.kubevirt.io/version': this.version,
      'template.kubevirt.io/architecture': this.props.architecture ?? 'amd64',
    };
    if (this.props.defaultOsVariant) labels['template.kubevirt.io/default-os-variant'] = 'true';
    return labels;
  }

  private templateAnnotations(): Record<string, string> {
    const os = this.os;
    const vmPath = '/objects[0].spec.template.spec';
    const annotations: Record<string, string> = {
      'openshift.io/display-name': this.props.displayName ?? `${os.displayName} VM`,
      'description': this.props.description
        ?? `Template for ${os.displayName} VM or newer. A PVC with the ${os.displayName} disk image must be available.`,
      'tags': `hidden,kubevirt,virtualmachine,${os.isWindows ? 'windows' : 'linux'},${os.name}`,
      'iconClass': os.iconClass,
      'openshift.io/provider-display-name': 'KubeVirt',
      'template.openshift.io/bindable': 'false',
      'template.kubevirt.io/version': 'v1alpha1',
      'defaults.template.kubevirt.io/disk': 'rootdisk',
      'template.kubevirt.io/editable': [
        `${vmPath}.domain.cpu.sockets`, `${vmPath}.domain.cpu.cores`, `${vmPath}.domain.cpu.threads`,
        `${vmPath}.domain.memory.guest`, `${vmPath}.domain.devices.disks`, `${vmPath}.volumes`, `${vmPath}.networks`,
      ].join('\n'),
      ...os.nameAnnotations,
    };
    if (os.isWindows) annotations['defaults.template.kubevirt.io/network'] = 'default';
    if (os.definition.deprecated) annotations['template.kubevirt.io/deprecated'] = 'true';
    return annotations;
  }

  private validateTemplate(): string[] {
    const errors: string[] = [];
    const names = this.parameters.map((p) => p.name);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (dupes.length > 0) errors.push(`parameters: duplicate parameter ${[...new Set(dupes)].join(', ')} [construct-template-parameters]`);
    for (const p of this.parameters) {
      if (!/^[A-Z0-9_]+$/.test(p.name)) errors.push(`parameters[${p.name}]: names are upper-case letters, digits and underscores [construct-template-parameters]`);
      if (p.generate && !p.from) errors.push(`parameters[${p.name}]: generate 'expression' needs 'from' [construct-template-parameters]`);
    }
    if (!this.os.supports(this.workload.name, this.flavor)) {
      // Not an error upstream, but the console offers no such combination; make it explicit.
      this.warn(`common-templates offer no ${this.os.name} template for workload '${this.workload.name}' and flavor '${this.flavor.name}' [construct-template-os-combination]`);
    }
    // The template's own VM (with its default flavor) must pass its own rules. Its justWarning
    // rules are advice for instances (Windows templates ship SATA and advise virtio), not for it.
    const body = this.renderBody();
    const vm = (body.objects as Record<string, unknown>[] | undefined)?.[0] ?? (body.spec as Record<string, unknown>).virtualMachine;
    const where = body.objects ? 'objects[0]' : 'spec.virtualMachine';
    errors.push(...withCheckId(evaluateValidationRules(this.rules, vm).errors.map((e) => `${where}.${e}`), 'construct-template-validation-rules'));
    return errors;
  }

  private checkInstance(vm: VirtualMachine): string[] {
    const result = evaluateValidationRules(this.rules, { spec: vm.toSpec() });
    for (const warning of withCheckId(result.warnings, 'construct-template-validation-advice')) addSynthWarning(vm, warning);
    return withCheckId(result.errors, 'construct-template-validation-rules');
  }

  private warn(message: string): void {
    addSynthWarning(this, message);
  }
}

function variantWorkload(os: OsProfile): WorkloadProfile {
  const name = os.defaultVariant.workload;
  return name === 'desktop' ? WorkloadProfile.DESKTOP : name === 'highperformance' ? WorkloadProfile.HIGH_PERFORMANCE : WorkloadProfile.SERVER;
}

function variantFlavor(os: OsProfile): Flavor {
  return ({ tiny: Flavor.TINY, small: Flavor.SMALL, medium: Flavor.MEDIUM, large: Flavor.LARGE } as Record<string, Flavor>)[os.defaultVariant.flavor];
}
