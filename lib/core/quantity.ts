// Shared by every construct family: sizes as Kubernetes quantities, and the DNS name forms
// the API server requires of object and field names.
import { Size, SizeRoundingBehavior } from 'cdk8s';

const BINARY_UNITS = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024]] as const;

/** The shortest exact binary quantity: `Size.mebibytes(2048)` renders `2Gi`, `Size.gibibytes(1.5)` `1536Mi`. */
export function sizeToQuantity(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (kib === 0) return '0';
  for (const [unit, factor] of BINARY_UNITS) {
    if (Number.isInteger(kib / factor)) return `${kib / factor}${unit}`;
  }
  return `${kib}Ki`;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label: lowercase alphanumerics and '-', at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every(isDnsLabel);
}
