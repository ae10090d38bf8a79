// Kubernetes quantities as apimachinery's resource.ParseQuantity reads them (kubernetes/apimachinery
// pkg/api/resource/quantity.go: parseQuantityString + ParseQuantity, suffix.go: interpret):
// an optional sign, digits, an optional `.` and digits, then a suffix of the letters
// `eEinumkKMGTP`, an optional sign and digits. The suffix must be a decimal SI one (n u m k M G T
// P E), a binary one (Ki..Ei) or `e`/`E` followed by a base-10 int64. No surrounding spaces.
// The scanner treats a missing number as 0, so `+`, `-`, `.` and a bare suffix (`Gi`) parse as
// zero there too; CRD fields of type Quantity refuse those by their schema pattern first.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
/** sign, integer digits, fraction digits, suffix letters, suffix sign and digits (parseQuantityString's scan). */
const SCAN = /^([+-]?)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[+-]?\d*)$/;
const INT64_MAX = 2n ** 63n - 1n;

/** The value of `text` (approximate for huge or tiny values), or undefined when ParseQuantity refuses it. */
export function parseQuantity(text: string): number | undefined {
  if (text === '') return undefined;
  const m = SCAN.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction, suffix] = m;
  const scale = scaleOf(suffix);
  if (scale === undefined) return undefined;
  const n = Number(`${whole || '0'}.${fraction || '0'}`);
  return (sign === '-' ? -n : n) * scale || 0; // no negative zero
}

/** The multiplier a suffix stands for (suffixHandler.interpret), or undefined when it is not one. */
function scaleOf(suffix: string): number | undefined {
  if (suffix in DECIMAL) return DECIMAL[suffix];
  if (suffix in BINARY) return BINARY[suffix];
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt(suffix[1:], 10, 64): an optional sign and digits, within int64.
    const exponent = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(exponent)) return undefined;
    const big = BigInt(exponent);
    if (big > INT64_MAX || big < -INT64_MAX - 1n) return undefined;
    return 10 ** Number(big);
  }
  return undefined;
}
