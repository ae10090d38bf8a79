// Linux link facts nmstate and the CNI plugins hold configs to: kernel interface names
// (IFNAMSIZ, dev_valid_name) and MAC addresses as nmstate writes them.

/** Why `name` is not a kernel interface name (1-15 bytes, no '/', ':' or whitespace, not '.' or '..'); undefined when it is. */
export function interfaceNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'an interface name must be a non-empty string';
  if (Buffer.byteLength(name) > 15) return `'${name}' is longer than the kernel's 15-character interface name limit`;
  if (/[\s/:]/.test(name) || name === '.' || name === '..') return `'${name}' is not a valid kernel interface name`;
  return undefined;
}

/** A MAC address as nmstate takes it: colon-separated hex octets, 6 (Ethernet) or 20 (InfiniBand). */
export function isColonMac(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$|^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){19}$/.test(value);
}
