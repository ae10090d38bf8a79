import { Findings, parseCidr } from './checks';

/** Options of DHCP (and, for IPv6, router-advertisement) addressing. */
export interface IpDhcpOptions {
  /**
   * Use the DNS servers the DHCP server offers.
   * @default true (nmstate's default)
   */
  readonly autoDns?: boolean;
  /**
   * Install the default gateway the DHCP server offers.
   * @default true (nmstate's default)
   */
  readonly autoGateway?: boolean;
  /**
   * Install the routes the DHCP server offers.
   * @default true (nmstate's default)
   */
  readonly autoRoutes?: boolean;
  /**
   * Routing table for the routes learnt from DHCP.
   * @default - the main table
   */
  readonly autoRouteTableId?: number;
  /**
   * Metric of the routes learnt from DHCP.
   * @default - NetworkManager's per-device default
   */
  readonly autoRouteMetric?: number;
  /**
   * IPv6 only: also configure addresses from router advertisements (SLAAC).
   * @default true
   */
  readonly autoconf?: boolean;
}

type IpMode = 'disabled' | 'dhcp' | 'static' | 'autoconf';

/**
 * IPv4 or IPv6 settings of a node interface (the nmstate `ipv4` / `ipv6` sections).
 * Bridges and bonds that only carry VM traffic usually have both disabled.
 */
export class IpConfig {
  /** No addresses of this family on the interface (`enabled: false`). */
  public static disabled(): IpConfig {
    return new IpConfig('disabled', [], {});
  }

  /** Addresses from DHCP (IPv6: DHCPv6, plus SLAAC unless `autoconf: false`). */
  public static dhcp(options: IpDhcpOptions = {}): IpConfig {
    return new IpConfig('dhcp', [], options);
  }

  /** IPv6 only: addresses from router advertisements (SLAAC) without DHCPv6. */
  public static autoconf(options: Omit<IpDhcpOptions, 'autoconf'> = {}): IpConfig {
    return new IpConfig('autoconf', [], options);
  }

  /** Fixed addresses in CIDR notation, e.g. `IpConfig.static(['192.0.2.10/24'])`. */
  public static static(addresses: string[]): IpConfig {
    return new IpConfig('static', [...addresses], {});
  }

  private constructor(
    public readonly mode: IpMode,
    public readonly addresses: readonly string[],
    private readonly options: IpDhcpOptions,
  ) {}

  /** True unless the family is disabled. */
  public get enabled(): boolean {
    return this.mode !== 'disabled';
  }

  /** @internal Renders the nmstate section for `family`. */
  public _render(family: 4 | 6): Record<string, unknown> {
    if (this.mode === 'disabled') return { enabled: false };
    const out: Record<string, unknown> = { enabled: true };
    const dynamic = this.mode === 'dhcp' || this.mode === 'autoconf';
    out.dhcp = this.mode === 'dhcp';
    if (family === 6) out.autoconf = this.mode === 'autoconf' || (this.mode === 'dhcp' && this.options.autoconf !== false);
    // IPv4 has no SLAAC: rendered as asked, so the shared rule names the mistake.
    else if (this.mode === 'autoconf' || this.options.autoconf !== undefined) out.autoconf = this.mode === 'autoconf' || this.options.autoconf;
    if (this.mode === 'static') {
      out.address = this.addresses.map((a) => {
        const cidr = parseCidr(a);
        return { ip: cidr?.address ?? a, 'prefix-length': cidr?.prefixLength ?? 0 };
      });
    }
    if (dynamic) {
      const o = this.options;
      if (o.autoDns !== undefined) out['auto-dns'] = o.autoDns;
      if (o.autoGateway !== undefined) out['auto-gateway'] = o.autoGateway;
      if (o.autoRoutes !== undefined) out['auto-routes'] = o.autoRoutes;
      if (o.autoRouteTableId !== undefined) out['auto-route-table-id'] = o.autoRouteTableId;
      if (o.autoRouteMetric !== undefined) out['auto-route-metric'] = o.autoRouteMetric;
    }
    return out;
  }

  /** @internal How static addresses were written (the rendered ip/prefix-length is judged by the shared rules). */
  public _validate(path: string, findings: Findings): void {
    if (this.mode === 'static' && this.addresses.length === 0) {
      findings.error(`${path}.address`, 'a static configuration needs at least one address', 'construct-nmstate-ip-static');
    }
    this.addresses.forEach((a, i) => {
      if (!parseCidr(a)) findings.error(`${path}.address[${i}]`, `'${a}' is not an address in CIDR notation (e.g. 192.0.2.10/24)`, 'construct-nmstate-ip-static');
    });
  }
}
