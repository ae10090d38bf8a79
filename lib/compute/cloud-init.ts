import { compact } from '../core/compact';
import * as plus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { CloudConfig } from './cloud-config';

/** Inline user or network data larger than this is refused: use a Secret. */
export const CLOUD_INIT_INLINE_LIMIT = 2048;

const PASSWORD_LINE = /^\s*-?\s*(password|plain_text_passwd|passwd)\s*:/m;

/** cloud-init user data. */
export class UserData {
  /** A typed `#cloud-config` document. */
  public static cloudConfig(config: CloudConfig): UserData {
    return new UserData(config.render(), undefined, config.hasPlaintextPassword);
  }

  /** Raw user data: a `#cloud-config` document, a shell script... */
  public static raw(text: string): UserData {
    return new UserData(text, undefined, PASSWORD_LINE.test(text));
  }

  /** User data kept in a Secret (key `userdata` or `userData`): the place for passwords and large data. */
  public static fromSecret(secret: plus.ISecret | string): UserData {
    return new UserData(undefined, secret);
  }

  private constructor(
    /** Inline text; undefined for a Secret. */
    public readonly text: string | undefined,
    private readonly secret: plus.ISecret | string | undefined,
    /** True when the inline text carries a plaintext password. */
    public readonly hasPlaintextPassword = false,
  ) {}

  /** The Secret's name, when the data lives in a Secret. */
  public get secretName(): string | undefined {
    return typeof this.secret === 'string' ? this.secret : this.secret?.name;
  }

  /** @internal */
  public get _dependencies(): IConstruct[] {
    return typeof this.secret === 'object' ? [this.secret] : [];
  }
}

/** cloud-init network data (network config v1/v2). */
export class NetworkData {
  /** Raw network-config text. */
  public static raw(text: string): NetworkData {
    return new NetworkData(text, undefined);
  }

  /** A network-config object, rendered as YAML. */
  public static fromObject(config: Record<string, unknown>): NetworkData {
    // JSON is valid YAML and keeps the output deterministic.
    return new NetworkData(JSON.stringify(config), undefined);
  }

  /** Network data kept in a Secret (key `networkdata` or `networkData`). */
  public static fromSecret(secret: plus.ISecret | string): NetworkData {
    return new NetworkData(undefined, secret);
  }

  private constructor(public readonly text: string | undefined, private readonly secret: plus.ISecret | string | undefined) {}

  public get secretName(): string | undefined {
    return typeof this.secret === 'string' ? this.secret : this.secret?.name;
  }

  /** @internal */
  public get _dependencies(): IConstruct[] {
    return typeof this.secret === 'object' ? [this.secret] : [];
  }
}

/** The cloud-init datasource the guest reads. */
export enum CloudInitDatasource {
  NO_CLOUD = 'NoCloud',
  CONFIG_DRIVE = 'ConfigDrive',
}

/** Options of a cloud-init disk. */
export interface CloudInitOptions {
  /** @default - none (then `networkData` is required) */
  readonly userData?: UserData;
  /** @default - the guest's default (DHCP on the first NIC) */
  readonly networkData?: NetworkData;
  /**
   * Name of the disk and volume.
   * @default 'cloudinitdisk'
   */
  readonly diskName?: string;
  /**
   * Write only the volume, without a disk entry: KubeVirt gives it a disk of its name (virtio bus)
   * when the VM starts.
   * @default false
   */
  readonly volumeOnly?: boolean;
}

/** A cloud-init disk (NoCloud or ConfigDrive). */
export class CloudInit {
  /** The NoCloud datasource: what most Linux cloud images and common-templates use. */
  public static noCloud(options: CloudInitOptions): CloudInit {
    return new CloudInit(CloudInitDatasource.NO_CLOUD, options);
  }

  /** The ConfigDrive (OpenStack) datasource, e.g. for cloudbase-init on Windows. */
  public static configDrive(options: CloudInitOptions): CloudInit {
    return new CloudInit(CloudInitDatasource.CONFIG_DRIVE, options);
  }

  public readonly diskName: string;

  private constructor(public readonly datasource: CloudInitDatasource, public readonly options: CloudInitOptions) {
    this.diskName = options.diskName ?? 'cloudinitdisk';
  }

  /** True when only the volume is written (`volumeOnly`). */
  public get volumeOnly(): boolean {
    return this.options.volumeOnly ?? false;
  }

  /** The volume key, `cloudInitNoCloud` or `cloudInitConfigDrive`. */
  public get volumeKey(): string {
    return this.datasource === CloudInitDatasource.NO_CLOUD ? 'cloudInitNoCloud' : 'cloudInitConfigDrive';
  }

  /** True when inline user data carries a plaintext password. */
  public get hasPlaintextPassword(): boolean {
    return this.options.userData?.hasPlaintextPassword ?? false;
  }

  public get dependencies(): IConstruct[] {
    return [...this.options.userData?._dependencies ?? [], ...this.options.networkData?._dependencies ?? []];
  }

  /** The `volumes[]` entry. */
  public renderVolume(): Record<string, unknown> {
    const { userData, networkData } = this.options;
    return {
      name: this.diskName,
      [this.volumeKey]: compact({
        userData: userData?.text,
        secretRef: userData?.secretName !== undefined ? { name: userData.secretName } : undefined,
        networkData: networkData?.text,
        networkDataSecretRef: networkData?.secretName !== undefined ? { name: networkData.secretName } : undefined,
      }),
    };
  }

}
