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

export { isDnsLabel, isDnsSubdomain } from '../parsers';
