// The guest watchdog (`domain.devices.watchdog`): the action KubeVirt takes when the guest stops petting it.

/** What happens to the VM when the guest's watchdog fires. */
export enum WatchdogAction {
  /** Reset the guest (KubeVirt's default). */
  RESET = 'reset',
  /** Power the guest off at once. */
  POWEROFF = 'poweroff',
  /** Ask the guest to shut down gracefully. */
  SHUTDOWN = 'shutdown',
}

/** A watchdog device; the model must suit the architecture (amd64: i6300esb, s390x: diag288, arm64: none). */
export class Watchdog {
  /** The Intel 6300ESB watchdog (amd64 guests). */
  public static i6300esb(action: WatchdogAction = WatchdogAction.RESET, options: { name?: string } = {}): Watchdog {
    return new Watchdog('i6300esb', action, options.name ?? 'watchdog');
  }

  /** The diag288 watchdog (s390x guests). */
  public static diag288(action: WatchdogAction = WatchdogAction.RESET, options: { name?: string } = {}): Watchdog {
    return new Watchdog('diag288', action, options.name ?? 'watchdog');
  }

  private constructor(
    /** `i6300esb` or `diag288`. */
    public readonly model: string,
    public readonly action: WatchdogAction,
    public readonly name: string,
  ) {}

  /** The `domain.devices.watchdog` object. */
  public render(): Record<string, unknown> {
    return { name: this.name, [this.model]: { action: this.action } };
  }
}
