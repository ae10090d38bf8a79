import { compact } from '../core/compact';

/** A route handed out by an IPAM plugin. */
export interface CniRoute {
  /** Destination CIDR. */
  readonly dst: string;
  /** @default - the range's gateway */
  readonly gw?: string;
}

/** Options of `CniIpam.whereabouts()`. */
export interface WhereaboutsIpamOptions {
  /** Range to allocate from, in CIDR notation. */
  readonly range: string;
  /** @default - the range's first address */
  readonly rangeStart?: string;
  /** @default - the range's last address */
  readonly rangeEnd?: string;
  /** CIDRs never allocated. @default - none */
  readonly exclude?: string[];
  /** @default - none */
  readonly gateway?: string;
  /** @default - none */
  readonly routes?: CniRoute[];
}

/** Options of `CniIpam.hostLocal()`. */
export interface HostLocalIpamOptions {
  /** Subnet in CIDR notation (per node: host-local does not coordinate across nodes). */
  readonly subnet: string;
  /** @default - the subnet's first address */
  readonly rangeStart?: string;
  /** @default - the subnet's last address */
  readonly rangeEnd?: string;
  /** @default - the subnet's first address */
  readonly gateway?: string;
  /** @default - none */
  readonly routes?: CniRoute[];
}

/** Options of `CniIpam.static()`. */
export interface StaticIpamOptions {
  /** @default - none */
  readonly gateway?: string;
  /** @default - none */
  readonly routes?: CniRoute[];
}

/**
 * IPAM of a CNI config (`ipam`). VMs usually take `none()`: the guest (or a DHCP server
 * on the physical network) owns its addresses, and a pod-side address is not the VM's.
 */
export class CniIpam {
  /** No IPAM (`{}`): the network is layer 2 only. */
  public static none(): CniIpam {
    return new CniIpam({});
  }

  /** Cluster-wide allocation from a range by the whereabouts plugin. */
  public static whereabouts(options: WhereaboutsIpamOptions): CniIpam {
    return new CniIpam(compact({
      type: 'whereabouts', range: options.range, range_start: options.rangeStart, range_end: options.rangeEnd,
      exclude: options.exclude, gateway: options.gateway, routes: options.routes,
    }));
  }

  /** Per-node allocation by the host-local plugin. */
  public static hostLocal(options: HostLocalIpamOptions): CniIpam {
    return new CniIpam(compact({
      type: 'host-local',
      ranges: [[compact({ subnet: options.subnet, rangeStart: options.rangeStart, rangeEnd: options.rangeEnd, gateway: options.gateway })]],
      routes: options.routes,
    }));
  }

  /** Addresses from a DHCP server on the network (needs the CNI dhcp daemon on the nodes). */
  public static dhcp(): CniIpam {
    return new CniIpam({ type: 'dhcp' });
  }

  /** Fixed addresses (CIDR notation); every pod of the network gets the same ones. */
  public static static(addresses: string[], options: StaticIpamOptions = {}): CniIpam {
    return new CniIpam(compact({
      type: 'static',
      addresses: addresses.map((address) => compact({ address, gateway: options.gateway })),
      routes: options.routes,
    }));
  }

  /** Escape hatch: any IPAM plugin configuration, passed through as is. */
  public static fromJson(ipam: Record<string, unknown>): CniIpam {
    return new CniIpam({ ...ipam });
  }

  private constructor(private readonly json: Record<string, unknown>) {}

  /** The `ipam` object of the CNI config. */
  public toJson(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.json));
  }
}

/** Settings of the `tuning` meta plugin chained after the main plugin. */
export interface TuningOptions {
  /** Interface sysctls inside the pod (`net.ipv6.conf.IFNAME.accept_ra`...). @default - none */
  readonly sysctl?: Record<string, string>;
  /** @default - unchanged */
  readonly promisc?: boolean;
  /** @default - unchanged */
  readonly allmulti?: boolean;
  /** @default - unchanged */
  readonly mtu?: number;
  /** @default - unchanged */
  readonly txQLen?: number;
}

/** The CNI spec version written into every config. */
export const DEFAULT_CNI_VERSION = '0.3.1';
