import * as plus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { CloudInitDatasource } from './cloud-init';

/** How KubeVirt delivers SSH keys from a Secret to the guest. */
export class SshKeyPropagation {
  /** Through the QEMU guest agent, into these users' authorized_keys; updates reach running VMs. */
  public static guestAgent(users: string[]): SshKeyPropagation {
    return new SshKeyPropagation({ qemuGuestAgent: { users: [...users] } }, undefined, users.length === 0);
  }

  /** Through the NoCloud cloud-init disk at first boot (the VM needs a NoCloud cloud-init). */
  public static noCloud(): SshKeyPropagation {
    return new SshKeyPropagation({ noCloud: {} }, CloudInitDatasource.NO_CLOUD);
  }

  /** Through the ConfigDrive cloud-init disk at first boot (the VM needs a ConfigDrive cloud-init). */
  public static configDrive(): SshKeyPropagation {
    return new SshKeyPropagation({ configDrive: {} }, CloudInitDatasource.CONFIG_DRIVE);
  }

  private constructor(
    public readonly method: Record<string, unknown>,
    /** The cloud-init datasource the method needs, if any. */
    public readonly requiresCloudInit: CloudInitDatasource | undefined,
    /** @internal */
    public readonly _missingUsers = false,
  ) {}
}

/** Credentials KubeVirt injects into the guest from a Secret (`accessCredentials`). */
export class AccessCredential {
  /** SSH public keys: every value of the Secret is an authorized key. */
  public static sshPublicKeys(secret: plus.ISecret | string, propagation: SshKeyPropagation): AccessCredential {
    return new AccessCredential('sshPublicKey', secret, propagation);
  }

  /** User passwords (keys are user names, values passwords), set through the guest agent. */
  public static userPasswords(secret: plus.ISecret | string): AccessCredential {
    return new AccessCredential('userPassword', secret, undefined);
  }

  private constructor(
    public readonly type: 'sshPublicKey' | 'userPassword',
    private readonly secret: plus.ISecret | string,
    public readonly propagation: SshKeyPropagation | undefined,
  ) {}

  public get secretName(): string {
    return typeof this.secret === 'string' ? this.secret : this.secret.name;
  }

  public get dependencies(): IConstruct[] {
    return typeof this.secret === 'string' ? [] : [this.secret];
  }

  /** The `accessCredentials[]` entry. */
  public render(): Record<string, unknown> {
    const propagationMethod = this.propagation?.method ?? { qemuGuestAgent: {} };
    return { [this.type]: { source: { secret: { secretName: this.secretName } }, propagationMethod } };
  }

}
