import { compact } from '../core/compact';
import { Duration } from 'cdk8s';

/** Timing of a probe. */
export interface VmProbeOptions {
  /** @default - immediately */
  readonly initialDelay?: Duration;
  /** @default Duration.seconds(10) */
  readonly period?: Duration;
  /** @default Duration.seconds(1) */
  readonly timeout?: Duration;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 1 */
  readonly successThreshold?: number;
}

/** A readiness or liveness probe of the VM. */
export class VmProbe {
  /** Ready/alive while the QEMU guest agent answers. */
  public static guestAgentPing(options: VmProbeOptions = {}): VmProbe {
    return new VmProbe({ guestAgentPing: {} }, options, false);
  }

  /** A TCP connect to the guest (needs the pod network). */
  public static tcpSocket(port: number, options: VmProbeOptions = {}): VmProbe {
    return new VmProbe({ tcpSocket: { port } }, options, true);
  }

  /** An HTTP GET against the guest (needs the pod network). */
  public static httpGet(path: string, options: VmProbeOptions & { port: number; scheme?: 'HTTP' | 'HTTPS' }): VmProbe {
    return new VmProbe({ httpGet: compact({ path, port: options.port, scheme: options.scheme }) }, options, true);
  }

  /** A command run in the guest through the guest agent. */
  public static exec(command: string[], options: VmProbeOptions = {}): VmProbe {
    return new VmProbe({ exec: { command: [...command] } }, options, false);
  }

  private constructor(
    private readonly handler: Record<string, unknown>,
    private readonly options: VmProbeOptions,
    /** True for probes that reach the guest over the pod network. */
    public readonly needsPodNetwork: boolean,
  ) {}

  /** The probe object. */
  public render(): Record<string, unknown> {
    const o = this.options;
    return compact({
      ...this.handler,
      initialDelaySeconds: o.initialDelay?.toSeconds(),
      periodSeconds: o.period?.toSeconds(),
      timeoutSeconds: o.timeout?.toSeconds(),
      failureThreshold: o.failureThreshold,
      successThreshold: o.successThreshold,
    });
  }
}
