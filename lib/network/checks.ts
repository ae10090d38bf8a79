// Small pure checks shared by the network constructs. Each returns an error message
// (without the field path) or undefined; callers prefix the field path and rule id.
import { isDnsSubdomain } from '../core/quantity';

/** Collects errors and warnings of one construct's validation pass. */
export class Findings {
  public readonly errors: string[] = [];
  public readonly warnings: string[] = [];

  /** Records an error for `path`, tagged with a catalog rule id when one applies. */
  public error(path: string, message: string, rule?: string): void {
    this.errors.push(format(path, message, rule));
  }

  /** Records a warning for `path`, tagged with a catalog rule id when one applies. */
  public warn(path: string, message: string, rule?: string): void {
    this.warnings.push(format(path, message, rule));
  }

  /** Errors unless `value` is an integer within [min, max]; undefined values pass. */
  public intRange(path: string, value: number | undefined, min: number, max: number, rule?: string): void {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.error(path, `${value} must be an integer from ${min} to ${max}`, rule);
    }
  }

  /** Errors unless `value` is one of `allowed`; undefined values pass. */
  public oneOf(path: string, value: unknown, allowed: readonly unknown[], rule?: string): void {
    if (value === undefined) return;
    if (!allowed.includes(value)) {
      this.error(path, `${JSON.stringify(value)} is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, rule);
    }
  }
}

function format(path: string, message: string, rule?: string): string {
  return `${path}: ${message}${rule ? ` [${rule}]` : ''}`;
}

/** Lowest MTU any Linux link takes (the IPv4 minimum). */
export const MIN_MTU = 68;
/** Highest MTU the kernel accepts on bridges, bonds and most NICs. */
export const MAX_MTU = 65535;
/** IPv6 refuses links below this MTU. */
export const MIN_IPV6_MTU = 1280;

/** Kernel interface names: 1-15 bytes, no '/', ':' or whitespace, not '.' or '..'. */
export function interfaceNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'an interface name must be a non-empty string';
  if (name.length > 15) return `'${name}' is longer than the kernel's 15-character interface name limit`;
  if (/[\s/:]/.test(name) || name === '.' || name === '..') return `'${name}' is not a valid kernel interface name`;
  return undefined;
}

/** A unicast or multicast MAC address written as six colon-separated octets. */
export function isMacAddress(value: string): boolean {
  return /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(value);
}

export { Cidr, cidrContains, ipFamily, parseCidr } from '../parsers';

/** Kubernetes label value: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}

/** Kubernetes qualified name: an optional DNS-subdomain prefix and a `/`, then a 1-63 char name. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0];
    return isDnsSubdomain(prefix);
  }
  return true;
}

export { compact } from '../core/compact';
