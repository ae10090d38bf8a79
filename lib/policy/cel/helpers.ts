// Small CEL text builders shared by the translations (they return CEL source, nothing else).

/** A CEL string literal. */
export const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A CEL list of string literals. */
export const list = (values: readonly string[]): string => `[${values.map(lit).join(', ')}]`;

/** How many of the conditions hold. */
export const count = (conds: readonly string[]): string => conds.map((c) => `(${c} ? 1 : 0)`).join(' + ');

/** All of the conditions (each parenthesised). */
export const and = (conds: readonly string[]): string => conds.map((c) => `(${c})`).join(' && ');

/** apimachinery's IsDNS1123Label (lib/parsers/dns.ts). */
export const isDnsLabel = (e: string): string => `(size(${e}) <= 63 && ${e}.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'))`;

/** apimachinery's IsDNS1123Subdomain. */
export const isDnsSubdomain = (e: string): string =>
  `(size(${e}) <= 253 && ${e}.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))`;

/** An absolute, clean path other than `/` (rules/util.ts isCleanAbsolutePath). */
export const isCleanAbsolutePath = (e: string): string =>
  `${e}.matches('^(/([^/.][^/]*|\\\\.[^/.][^/]*|\\\\.\\\\.[^/]+))+$')`;

/** A PCI address (rules/util.ts PCI_ADDRESS). */
export const isPciAddress = (e: string): string => `${e}.matches('^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\\\.[0-7]$')`;

/** A value that parses as a Kubernetes quantity (`x` is a string variable; '' when absent). */
export const isQ = (e: string): string => `(${e} != '' && isQuantity(${e}))`;

/**
 * JavaScript's `Number(x) > 0` / `>= n` for a JSON value of any type (strings holding numbers
 * count; anything else is NaN, which compares false).
 */
export const num = (e: string): string => {
  // dyn(): the field may be typed int, string or int-or-string by the CRD schema; the branches must agree.
  const d = `dyn(${e})`;
  return `(type(${d}) == int ? double(${d}) : type(${d}) == double ? ${d} : type(${d}) == uint ? double(${d}) : `
    + `type(${d}) == string && string(${d}).matches('^\\\\s*[-+]?([0-9]+\\\\.?[0-9]*|\\\\.[0-9]+)([eE][-+]?[0-9]+)?\\\\s*$') ? double(string(${d}).trim()) : -1.0e300)`;
};

/** The target (disk, lun or cdrom body) of a disk, as rules/vmi-storage.ts target() picks it. */
export const diskTarget = (d: string): string =>
  `(has(${d}.disk) ? ${d}.disk : has(${d}.lun) ? ${d}.lun : has(${d}.cdrom) ? ${d}.cdrom : {})`;

/** True when the disk's target kind is `disk` (also when it sets none). */
export const isDiskKind = (d: string): string => `(has(${d}.disk) || !(has(${d}.lun) || has(${d}.cdrom)))`;
