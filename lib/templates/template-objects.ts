// The objects an OpenShift Template creates besides its VM: the ones `addObject()` adds (before or
// after the VM) and the Secret carrying the cloud user's password.

/** Where `addObject()` puts an object. */
export interface TemplateObjectOptions {
  /**
   * Put it before the VM (the VM is then not `objects[0]`: the console's editable paths and
   * most tools expect it first).
   * @default false
   */
  readonly beforeVm?: boolean;
}

/** The objects `addObject()` added, in the order added, each before or after the VM. */
export class TemplateObjects {
  private readonly entries: Array<{ readonly object: Record<string, unknown>; readonly beforeVm: boolean }> = [];

  /** Keeps a copy of `object` (later changes to the caller's object do not show). */
  public add(object: Record<string, unknown>, options: TemplateObjectOptions = {}): void {
    this.entries.push({ object: JSON.parse(JSON.stringify(object)), beforeVm: options.beforeVm === true });
  }

  public get isEmpty(): boolean { return this.entries.length === 0; }

  /** Index of the VM in the rendered `objects` (after the objects put before it). */
  public get vmIndex(): number { return this.entries.filter((o) => o.beforeVm).length; }

  /** The Template's `objects`: the ones before the VM, the VM, `own` (the template's own objects), the ones after; copies. */
  public render(vm: Record<string, unknown>, own: Record<string, unknown>[] = []): Record<string, unknown>[] {
    const copies = (beforeVm: boolean) => this.entries.filter((o) => o.beforeVm === beforeVm).map((o) => JSON.parse(JSON.stringify(o.object)));
    return [...copies(true), vm, ...own, ...copies(false)];
  }
}

/** cloud-init user data setting `cloudUser`'s password to the `CLOUD_USER_PASSWORD` parameter. */
export function cloudUserPasswordData(cloudUser: string): string {
  return `#cloud-config\nuser: ${cloudUser}\npassword: \${CLOUD_USER_PASSWORD}\nchpasswd: { expire: False }\n`;
}

/** The Secret `name` holding that user data for the VM `vmName` (OpenShift form: created by `oc process`). */
export function cloudUserPasswordSecret(name: string, vmName: string, userData: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Secret', metadata: { name, labels: { app: vmName } }, type: 'Opaque',
    stringData: { userdata: userData },
  };
}
