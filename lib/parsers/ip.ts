// IP addresses and CIDRs with Node's own parser (node:net), held to what Go's net package accepts:
// no IPv6 zone (`fe80::1%eth0`), no IPv4 octet with a leading zero, a prefix of plain decimal digits.
// Checked against golang/go src/net/ip_test.go (parseIPTests, parseCIDRTests) of the netip-based
// parser (Go 1.22+): every entry of both tables agrees (test/parsers/parsers.test.ts).
import type * as Net from 'node:net';

/**
 * node:net on first use: loading it costs a few ms of start-up, and most inputs hold no IP address
 * (a run writing to a file never needs the module otherwise).
 */
let net: typeof Net | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const netModule = (): typeof Net => (net ??= require('node:net') as typeof Net);

/** 4 or 6 for an IP address Go's net.ParseIP accepts, else undefined. */
export function ipFamily(text: unknown): 4 | 6 | undefined {
  if (typeof text !== 'string' || text.includes('%')) return undefined;
  const { isIPv4, isIPv6 } = netModule();
  if (isIPv4(text)) return text.split('.').some((o) => o.length > 1 && o.startsWith('0')) ? undefined : 4;
  if (isIPv6(text)) {
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    return v4 && ipFamily(v4[1]) !== 4 ? undefined : 6;
  }
  return undefined;
}

export function isIP(text: unknown): boolean {
  return ipFamily(text) !== undefined;
}

/** A parsed `address/prefix`. */
export interface Cidr {
  readonly address: string;
  readonly prefixLength: number;
  readonly family: 4 | 6;
}

/** Parses `10.0.0.1/24` or `fd00::/64` as Go's net.ParseCIDR; undefined when it refuses it. */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  const family = ipFamily(address);
  if (!family || !/^\d{1,3}$/.test(prefix)) return undefined;
  const prefixLength = Number(prefix);
  if (prefixLength > (family === 4 ? 32 : 128)) return undefined;
  return { address, prefixLength, family };
}

/** True when every address of `inner` lies inside `outer` (same family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefixLength < outer.prefixLength) return false;
  const list = new (netModule().BlockList)();
  const type = outer.family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(outer.address, outer.prefixLength, type);
  // inner's prefix is at least outer's, so its network lies inside outer iff its address does.
  return list.check(inner.address, type);
}
