import { compact } from '../core/compact';
import * as YAML from 'yaml';

/** A user created by cloud-init. */
export interface CloudConfigUser {
  readonly name: string;
  /**
   * Sudo rule, e.g. `ALL=(ALL) NOPASSWD:ALL`.
   * @default - no sudo
   */
  readonly sudo?: string;
  /** @default - none */
  readonly groups?: string[];
  /** @default - the distribution's default shell */
  readonly shell?: string;
  /** @default - none */
  readonly sshAuthorizedKeys?: string[];
  /**
   * Lock the password (SSH keys only).
   * @default - cloud-init's default (locked)
   */
  readonly lockPassword?: boolean;
  /**
   * Plaintext password. Prefer SSH keys, or a user-data Secret: a password here ends up in Git
   * and in the VM object, and synth warns about it.
   * @default - none
   */
  readonly plainTextPassword?: string;
}

/** A file cloud-init writes. */
export interface CloudConfigFile {
  readonly path: string;
  readonly content: string;
  /** @default - cloud-init's default (0644) */
  readonly permissions?: string;
  /** @default - root:root */
  readonly owner?: string;
  /** @default - plain text */
  readonly encoding?: 'b64' | 'gzip' | 'gz+b64';
}

/** Properties of a `#cloud-config` document. */
export interface CloudConfigProps {
  /**
   * Users to create; the distribution's default user is kept unless `keepDefaultUser` is false.
   * @default - only the default user
   */
  readonly users?: CloudConfigUser[];
  /** @default true */
  readonly keepDefaultUser?: boolean;
  /**
   * SSH public keys for the default user.
   * @default - none
   */
  readonly sshAuthorizedKeys?: string[];
  /**
   * Plaintext password of the default user (sets `chpasswd.expire: false`). Synth warns: use a Secret.
   * @default - none
   */
  readonly password?: string;
  /** @default - none */
  readonly packages?: string[];
  /**
   * Update the package index on first boot.
   * @default - cloud-init's default
   */
  readonly packageUpdate?: boolean;
  /** @default - cloud-init's default */
  readonly packageUpgrade?: boolean;
  /**
   * Commands run at the end of the first boot; a string goes through `sh -c`, an array is exec'd.
   * @default - none
   */
  readonly runcmd?: Array<string | string[]>;
  /** @default - none */
  readonly writeFiles?: CloudConfigFile[];
  /** @default - not changed */
  readonly hostname?: string;
  /** @default - not changed */
  readonly timezone?: string;
  /**
   * Further top-level cloud-config keys, merged last.
   * @default - none
   */
  readonly extra?: Record<string, unknown>;
}

/** A typed builder for cloud-init `#cloud-config` user data. */
export class CloudConfig {
  private readonly users: CloudConfigUser[];
  private readonly keys: string[];
  private readonly packages: string[];
  private readonly commands: Array<string | string[]>;
  private readonly files: CloudConfigFile[];

  constructor(private readonly props: CloudConfigProps = {}) {
    this.users = [...props.users ?? []];
    this.keys = [...props.sshAuthorizedKeys ?? []];
    this.packages = [...props.packages ?? []];
    this.commands = [...props.runcmd ?? []];
    this.files = [...props.writeFiles ?? []];
  }

  public addUser(user: CloudConfigUser): this { this.users.push(user); return this; }
  public addSshAuthorizedKey(...keys: string[]): this { this.keys.push(...keys); return this; }
  public addPackage(...packages: string[]): this { this.packages.push(...packages); return this; }
  public addRunCommand(command: string | string[]): this { this.commands.push(command); return this; }
  public addFile(file: CloudConfigFile): this { this.files.push(file); return this; }

  /** True when the document carries a plaintext password. */
  public get hasPlaintextPassword(): boolean {
    return this.props.password !== undefined || this.users.some((u) => u.plainTextPassword !== undefined);
  }

  /** The document, starting with the `#cloud-config` header cloud-init requires. */
  public render(): string {
    const p = this.props;
    const users = this.users.length > 0
      ? [...(p.keepDefaultUser ?? true) ? ['default'] : [], ...this.users.map(renderUser)]
      : undefined;
    const doc = compact({
      hostname: p.hostname,
      timezone: p.timezone,
      users,
      password: p.password,
      chpasswd: p.password !== undefined ? { expire: false } : undefined,
      ssh_authorized_keys: this.keys.length > 0 ? this.keys : undefined,
      package_update: p.packageUpdate,
      package_upgrade: p.packageUpgrade,
      packages: this.packages.length > 0 ? this.packages : undefined,
      write_files: this.files.length > 0 ? this.files.map((f) => compact({ ...f })) : undefined,
      runcmd: this.commands.length > 0 ? this.commands : undefined,
      ...p.extra,
    });
    return `#cloud-config\n${YAML.stringify(doc, { lineWidth: 0 })}`;
  }
}

function renderUser(u: CloudConfigUser): Record<string, unknown> {
  return compact({
    name: u.name,
    sudo: u.sudo,
    groups: u.groups?.join(', '),
    shell: u.shell,
    ssh_authorized_keys: u.sshAuthorizedKeys,
    lock_passwd: u.lockPassword,
    plain_text_passwd: u.plainTextPassword,
  });
}
