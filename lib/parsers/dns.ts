// Names as apimachinery's validation.IsDNS1123Label / IsDNS1123Subdomain accept them.
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** At most 63 lowercase alphanumerics or '-', alphanumeric at both ends. */
export function isDnsLabel(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && LABEL.test(s);
}

/** Dot-separated DNS labels, at most 253 characters. */
export function isDnsSubdomain(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 253 && SUBDOMAIN.test(s);
}
