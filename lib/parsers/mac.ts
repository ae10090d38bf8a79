// MAC addresses as Go's net.ParseMAC reads them (KubeVirt's interface macAddress check calls it):
// 6, 8 or 20 octets, as colon- or hyphen-separated pairs, dot-separated groups of four hex digits,
// or (newer Go) bare hex digits.

const HEX2 = /^[0-9A-Fa-f]{2}$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const LENGTHS = [6, 8, 20];

/** The octets of `text`, or undefined when net.ParseMAC refuses it. */
export function parseMac(text: string): number[] | undefined {
  if (typeof text !== 'string') return undefined;
  let hex: string | undefined;
  if (text.length >= 14 && (text[2] === ':' || text[2] === '-')) {
    const parts = text.split(text[2]);
    if (parts.every((p) => HEX2.test(p))) hex = parts.join('');
  } else if (text.length >= 14 && text[4] === '.') {
    const parts = text.split('.');
    if (parts.every((p) => HEX4.test(p))) hex = parts.join('');
  } else if (/^[0-9A-Fa-f]+$/.test(text) && text.length % 2 === 0) {
    hex = text;
  }
  if (hex === undefined || !LENGTHS.includes(hex.length / 2)) return undefined;
  const octets: number[] = [];
  for (let i = 0; i < hex.length; i += 2) octets.push(parseInt(hex.slice(i, i + 2), 16));
  return octets;
}

/** True for a MAC net.ParseMAC accepts; `octets` limits the accepted length (6 for Ethernet). */
export function isMac(text: unknown, octets?: number): boolean {
  const parsed = typeof text === 'string' ? parseMac(text) : undefined;
  return parsed !== undefined && (octets === undefined || parsed.length === octets);
}
