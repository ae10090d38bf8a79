// Internal helpers shared by the flavors and templates families (not re-exported).
import { Size } from 'cdk8s';

/**
 * Renders a Size in its own unit (`Size.gibibytes(1.5)` -> `1.5Gi`), as the common-instancetypes
 * catalog spells its values; elsewhere the library uses lib/core's canonical `catalogQuantity`.
 */
export function catalogQuantity(size: Size): string {
  return size.asString();
}

/** Bytes in a Size; exact for every binary unit cdk8s offers. */
export function sizeToBytes(size: Size): number {
  return size.toKibibytes() * 1024;
}

/** Parses a binary-unit quantity (`512Mi`, `1.5Gi`, `8Gi`) into a Size. */
export function quantityToSize(quantity: string): Size {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi)$/.exec(quantity.trim());
  if (!match) throw new Error(`unsupported quantity '${quantity}': expected a number with a binary unit (Mi, Gi...)`);
  const amount = Number(match[1]);
  switch (match[2]) {
    case 'Ki': return Size.kibibytes(amount);
    case 'Mi': return Size.mebibytes(amount);
    case 'Gi': return Size.gibibytes(amount);
    case 'Ti': return Size.tebibytes(amount);
    default: return Size.pebibyte(amount);
  }
}

export { compactOrOmit as compact } from '../core/compact';
