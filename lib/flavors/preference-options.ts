// Value types for the device, firmware, feature and clock parts of a preference.
import { compactOrOmit } from '../core/compact';

/** Disk-like buses KubeVirt supports. */
export type PreferredBus = 'virtio' | 'sata' | 'scsi' | 'usb';

/** Preferred devices (`spec.devices.preferred*`). Every field applies only where the VM leaves it unset. */
export interface PreferenceDevices {
  /** @default - virtio */
  readonly diskBus?: PreferredBus;
  /** @default - sata */
  readonly cdromBus?: PreferredBus;
  /** @default - scsi */
  readonly lunBus?: PreferredBus;
  /**
   * NIC model: `virtio`, `e1000`, `e1000e`, `rtl8139`, `pcnet`, `ne2k_pci`...
   * @default - virtio
   */
  readonly interfaceModel?: string;
  /** @default - no preference */
  readonly inputBus?: 'virtio' | 'usb';
  /** @default - no preference */
  readonly inputType?: 'tablet';
  /** @default - KubeVirt's default (true) */
  readonly autoattachGraphicsDevice?: boolean;
  /**
   * Add a tablet input device automatically (USB unless the input bus says otherwise).
   * @default false
   */
  readonly autoattachInputDevice?: boolean;
  /** @default - KubeVirt's default (true) */
  readonly autoattachMemBalloon?: boolean;
  /** @default - KubeVirt's default (true) */
  readonly autoattachPodInterface?: boolean;
  /** @default - KubeVirt's default (true) */
  readonly autoattachSerialConsole?: boolean;
  /** @default false */
  readonly blockMultiQueue?: boolean;
  /** @default false */
  readonly networkInterfaceMultiQueue?: boolean;
  /** @default false */
  readonly diskDedicatedIoThread?: boolean;
  /** @default - none (`none`, `writethrough`, `writeback`) */
  readonly diskCache?: string;
  /** @default - none (`native`, `threads`, `default`) */
  readonly diskIO?: string;
  /** @default false */
  readonly useVirtioTransitional?: boolean;
  /** @default false */
  readonly disableHotplug?: boolean;
  /**
   * Add a virtio RNG device.
   * @default false
   */
  readonly rng?: boolean;
  /**
   * Add a TPM; `{ persistent: true }` keeps its state across reboots.
   * @default - no TPM
   */
  readonly tpm?: boolean | { readonly persistent?: boolean };
  /** @default - the architecture's default (`vga`, `bochs`, `virtio`...) */
  readonly videoType?: string;
  /** @default - none */
  readonly soundModel?: string;
  /** @default - none (`hyperv`, `isa`) */
  readonly panicDeviceModel?: string;
  /**
   * Prefer masquerade binding for the pod network interface.
   * @default false
   */
  readonly interfaceMasquerade?: boolean;
}

const DEVICE_KEYS: Record<string, string> = { tpm: 'preferredTPM', diskIO: 'preferredDiskIO' };

export function renderPreferenceDevices(devices: PreferenceDevices): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(devices)) {
    if (value === undefined) continue;
    const apiKey = DEVICE_KEYS[key] ?? `preferred${key[0].toUpperCase()}${key.slice(1)}`;
    if (key === 'rng' || key === 'interfaceMasquerade') {
      if (value) out[apiKey] = {};
    } else if (key === 'tpm') {
      if (value === true) out[apiKey] = {};
      else if (value === false) out[apiKey] = { enabled: false };
      else out[apiKey] = { ...(value as object) };
    } else {
      out[apiKey] = value;
    }
  }
  return compactOrOmit(out);
}

/** Hyper-V enlightenments for Windows guests (`spec.features.preferredHyperv`). */
export class HypervEnlightenments {
  /** The set every common Windows preference and template uses. */
  public static readonly WINDOWS = new HypervEnlightenments({
    relaxed: {}, vapic: {}, vpindex: {}, spinlocks: { spinlocks: 8191 }, synic: {}, synictimer: { direct: {} },
    tlbflush: {}, frequencies: {}, reenlightenment: {}, ipi: {}, runtime: {}, reset: {},
  });

  /** Any set of enlightenments, in the API's shape (`{ relaxed: {}, spinlocks: { spinlocks: 4096 } }`). */
  public static custom(enlightenments: Record<string, unknown>): HypervEnlightenments {
    return new HypervEnlightenments(enlightenments);
  }

  private constructor(private readonly enlightenments: Record<string, unknown>) {}

  /** The API representation. */
  public toJson(): Record<string, unknown> {
    return structuredClone(this.enlightenments);
  }
}

/** Preferred domain features (`spec.features`). */
export interface PreferenceFeatures {
  /** @default - KubeVirt's default (enabled) */
  readonly acpi?: boolean;
  /** @default - no preference */
  readonly apic?: boolean;
  /** @default - none */
  readonly hyperv?: HypervEnlightenments;
  /**
   * System Management Mode; required by Secure Boot.
   * @default - no preference
   */
  readonly smm?: boolean;
  /** @default - no preference */
  readonly kvmHidden?: boolean;
  /** @default - no preference */
  readonly pvspinlock?: boolean;
}

const toggle = (on: boolean | undefined) => (on === undefined ? undefined : on ? {} : { enabled: false });

export function renderPreferenceFeatures(features: PreferenceFeatures): Record<string, unknown> | undefined {
  return compactOrOmit({
    preferredAcpi: toggle(features.acpi),
    preferredApic: toggle(features.apic),
    preferredHyperv: features.hyperv?.toJson(),
    preferredKvm: features.kvmHidden === undefined ? undefined : { hidden: features.kvmHidden },
    preferredPvspinlock: toggle(features.pvspinlock),
    preferredSmm: toggle(features.smm),
  });
}

/** Options of EFI firmware. */
export interface PreferenceEfiOptions {
  /**
   * Enable Secure Boot (needs SMM: set `features.smm`).
   * @default true
   */
  readonly secureBoot?: boolean;
  /**
   * Keep EFI variables across reboots (needs a storage class for the VM state).
   * @default false
   */
  readonly persistent?: boolean;
}

/** Preferred firmware (`spec.firmware`). */
export class PreferenceFirmware {
  /** Legacy BIOS. */
  public static bios(): PreferenceFirmware {
    return new PreferenceFirmware({ preferredUseBios: true });
  }

  /** BIOS with its output on the serial console. */
  public static biosWithSerialOutput(): PreferenceFirmware {
    return new PreferenceFirmware({ preferredUseBios: true, preferredUseBiosSerial: true });
  }

  /** UEFI, with Secure Boot unless told otherwise. */
  public static efi(options: PreferenceEfiOptions = {}): PreferenceFirmware {
    return new PreferenceFirmware({
      preferredEfi: compactOrOmit({ secureBoot: options.secureBoot ?? true, persistent: options.persistent }),
    });
  }

  private constructor(private readonly spec: Record<string, unknown>) {}

  /** True for EFI with Secure Boot. */
  public get secureBoot(): boolean {
    return (this.spec.preferredEfi as { secureBoot?: boolean } | undefined)?.secureBoot === true;
  }

  /** @internal */
  public _render(): Record<string, unknown> {
    return structuredClone(this.spec);
  }
}

/** Timers of a preferred clock, in the API's shape. */
export interface ClockTimers {
  readonly hpet?: { readonly present?: boolean; readonly tickPolicy?: string };
  readonly pit?: { readonly present?: boolean; readonly tickPolicy?: string };
  readonly rtc?: { readonly present?: boolean; readonly tickPolicy?: string; readonly track?: string };
  readonly hyperv?: { readonly present?: boolean };
  readonly kvm?: { readonly present?: boolean };
}

/** Preferred clock (`spec.clock`). */
export class PreferenceClock {
  /** UTC with the timers Windows guests need: HPET off, PIT delay, RTC catch-up, Hyper-V clock. */
  public static readonly WINDOWS = PreferenceClock.utc({
    hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {},
  });

  /** Guest clock in UTC. */
  public static utc(timers?: ClockTimers): PreferenceClock {
    return new PreferenceClock({ utc: {} }, timers);
  }

  /** Guest clock in a time zone, e.g. `Europe/Berlin`. */
  public static timezone(zone: string, timers?: ClockTimers): PreferenceClock {
    return new PreferenceClock({ timezone: zone }, timers);
  }

  private constructor(private readonly offset: Record<string, unknown>, private readonly timers?: ClockTimers) {}

  /** @internal */
  public _render(): Record<string, unknown> {
    return compactOrOmit({
      preferredClockOffset: structuredClone(this.offset),
      preferredTimer: this.timers ? structuredClone(this.timers) as Record<string, unknown> : undefined,
    }) ?? {};
  }
}
