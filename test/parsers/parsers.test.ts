// The shared parsers against their upstreams' own examples: Go's src/net/mac_test.go (parseMACTests),
// Go's src/net/ip_test.go (parseIPTests, parseCIDRTests), apimachinery's DNS-1123 validators,
// gorhill/cronexpr (the parser CDI's DataImportCron webhook calls) per its grammar, and
// apimachinery's pkg/api/resource/quantity_test.go (TestQuantityParse, TestParseQuantityString).
import { cidrContains, cronError, ipFamily, isDnsLabel, isDnsSubdomain, isIP, parseCidr, parseMac, parseQuantity } from '../../lib/parsers';

describe('MAC addresses as net.ParseMAC', () => {
  test.each([
    ['00:00:5e:00:53:01', 6], ['00-00-5e-00-53-01', 6], ['0000.5e00.5301', 6], ['00005e005301', 6],
    ['02:00:5e:10:00:00:00:01', 8], ['02-00-5e-10-00-00-00-01', 8], ['0200.5e10.0000.0001', 8], ['02005e1000000001', 8],
    ['00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01', 20], ['00-00-00-00-fe-80-00-00-00-00-00-00-02-00-5e-10-00-00-00-01', 20],
    ['0000.0000.fe80.0000.0000.0000.0200.5e10.0000.0001', 20], ['00000000fe8000000000000002005e1000000001', 20],
    ['ab:cd:ef:AB:CD:EF', 6], ['ab:cd:ef:AB:CD:EF:ab:cd', 8], ['ab:cd:ef:AB:CD:EF:ab:cd:ef:AB:CD:EF:ab:cd:ef:AB:CD:EF:ab:cd', 20],
  ])('accepts %s', (text, octets) => {
    expect(parseMac(text)?.length).toBe(octets);
  });

  test.each([
    '01.02.03.04.05.06', '01:02:03:04:05:06:', 'x1:02:03:04:05:06', '01002:03:04:05:06', '01:02003:04:05:06',
    '01:02:03004:05:06', '01:02:03:04005:06', '01:02:03:04:05006', '01-02:03:04:05:06', '01:02-03-04-05-06',
    '0123:4567:89AF', '0123-4567-89AF', '0123456789AF0',
  ])('refuses %s', (text) => {
    expect(parseMac(text)).toBeUndefined();
  });
});

describe('IP addresses and CIDRs as Go net (through node:net)', () => {
  // golang/go src/net/ip_test.go parseIPTests, as of the netip-based parser (Go 1.22 and later, which
  // KubeVirt v1.9 is built with): '0:0:0:0:000000:...' and '0:0:0:0:00000:...' are refused there
  // (older Go accepted the 6-zero group), leading-zero IPv4 octets are refused (since Go 1.17).
  test.each([
    ['127.0.1.2', 4], ['127.0.0.1', 4], ['::ffff:127.1.2.3', 6], ['::ffff:7f01:0203', 6], ['0:0:0:0:0000:ffff:127.1.2.3', 6],
    ['0:0:0:0::ffff:127.1.2.3', 6], ['2001:4860:0:2001::68', 6], ['2001:4860:0000:2001:0000:0000:0000:0068', 6],
  ])('accepts %s', (text, family) => {
    expect(ipFamily(text)).toBe(family);
  });

  test.each([
    '-0.0.0.0', '0.-1.0.0', '0.0.-2.0', '0.0.0.-3', '127.0.0.256', 'abc', '123:', 'fe80::1%lo0', 'fe80::1%911', '',
    '0:0:0:0:000000:ffff:127.1.2.3', '0:0:0:0:00000:ffff:127.1.2.3',
    'a1:a2:a3:a4::b1:b2:b3:b4', '127.001.002.003', '::ffff:127.001.002.003', '123.000.000.000', '1.2..4', '0123.0.0.1',
  ])('refuses %s', (text) => {
    expect(isIP(text)).toBe(false);
  });

  test('refuses a colon pair (not in the upstream table; node:net.isIP alone accepted it once)', () => {
    expect(isIP('1:2')).toBe(false);
  });

  // golang/go src/net/ip_test.go parseCIDRTests: every accepted entry and every refused one.
  test.each([
    ['135.104.0.0/32', 32], ['0.0.0.0/24', 24], ['135.104.0.0/24', 24], ['135.104.0.1/32', 32], ['135.104.0.1/24', 24],
    ['::1/128', 128], ['abcd:2345::/127', 127], ['abcd:2345::/65', 65], ['abcd:2345::/64', 64], ['abcd:2345::/63', 63],
    ['abcd:2345::/33', 33], ['abcd:2345::/32', 32], ['abcd:2344::/31', 31], ['abcd:2300::/24', 24], ['abcd:2345::/24', 24],
    ['2001:DB8::/48', 48], ['2001:DB8::1/48', 48],
  ])('parses CIDR %s', (text, prefix) => {
    expect(parseCidr(text)?.prefixLength).toBe(prefix);
  });

  test.each(['192.168.1.1/255.255.255.0', '192.168.1.1/35', '2001:db8::1/-1', '2001:db8::1/-0', '-0.0.0.0/32', '0.-1.0.0/32',
    '0.0.-2.0/32', '0.0.0.-3/32', '0.0.0.0/-0', '127.000.000.001/32', ''])('refuses CIDR %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test.each(['10.0.0.0', 'abcd::/129'])('refuses CIDR %s (no prefix; prefix beyond 128)', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test('containment with node:net BlockList', () => {
    expect(cidrContains(parseCidr('10.0.0.0/8')!, parseCidr('10.1.2.0/24')!)).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/16')!, parseCidr('10.1.2.0/24')!)).toBe(false);
    expect(cidrContains(parseCidr('10.0.0.0/24')!, parseCidr('10.0.0.0/16')!)).toBe(false);
    expect(cidrContains(parseCidr('fd00::/64')!, parseCidr('fd00::1:0/112')!)).toBe(true);
    expect(cidrContains(parseCidr('fd00::/64')!, parseCidr('10.0.0.0/24')!)).toBe(false);
  });
});

describe('DNS-1123 names', () => {
  test.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])('label %s', (s) => {
    expect(isDnsLabel(s)).toBe(true);
  });
  test.each(['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64)])('not a label: %s', (s) => {
    expect(isDnsLabel(s)).toBe(false);
  });
  test.each(['a', 'a.b', 'a.b.c', '1.a', 'a-1.b', '0.a', 'a.b.c.d.e', 'aaaaa.bbbbb.ccccc.d.eeeeee'])('subdomain %s', (s) => {
    expect(isDnsSubdomain(s)).toBe(true);
  });
  test.each(['', 'A', 'a.B', '-a', 'a.', '.a', 'a..b', 'a_b', `${'a'.repeat(250)}.bcd`])('not a subdomain: %s', (s) => {
    expect(isDnsSubdomain(s)).toBe(false);
  });
});

describe('cron schedules as CDI parses them (cronexpr)', () => {
  test.each([
    '0 0 * * *', '*/5 * * * *', '0 0 0 * * * *', '0 0 * * * 2099', '@daily', '@hourly', '@weekly', '0 0 L * *', '0 0 LW * *',
    '0 0 15W * *', '0 0 * * 5L', '0 0 * * 5#3', '0 0 1 jan-mar mon-fri', '? * * * *', '0 12 * * MON', '5,10,,15 * * * *',
    '0-30/10 * * * *', '0 0 1 1 * 1970', '0 0 * * 7', '0 0 0 * * * * extra ignored', '0 0 * JANUARY *',
  ])('accepts %s', (s) => {
    expect(cronError(s)).toBeUndefined();
  });

  test.each([
    '61 * * * *', '* * * *', '*/0 * * * *', '*/60 * * * *', '0 0 * * 7#6', '0 0 32 * *', '0 0 * * 5W', '@every 5m', '0 0 * * * 2100',
    '0 24 * * *', '0 0 * 13 *', '0 0 * * 8', '60 0 0 * * * *', '0 0 L-1 * *', '', 'a b c d e',
  ])('refuses %s', (s) => {
    expect(cronError(s)).toBeDefined();
  });
});

describe('quantities as resource.ParseQuantity', () => {
  // kubernetes/apimachinery pkg/api/resource/quantity_test.go, TestQuantityParse's table (values
  // before its rounding to nano / capping at 2^63-1 for binary suffixes, which the rules do not use).
  const Ki = 2 ** 10;
  test.each([
    ['0', 0], ['0n', 0], ['0u', 0], ['0m', 0], ['0Ki', 0], ['0k', 0], ['0Mi', 0], ['0M', 0], ['0Gi', 0], ['0G', 0], ['0Ti', 0], ['0T', 0],
    ['1', 1], ['1Ki', Ki], ['8Ki', 8 * Ki], ['7Mi', 7 * Ki ** 2], ['6Gi', 6 * Ki ** 3], ['5Ti', 5 * Ki ** 4], ['4Pi', 4 * Ki ** 5],
    ['3Ei', 3 * Ki ** 6], ['10Ti', 10 * Ki ** 4], ['100Ti', 100 * Ki ** 4],
    ['5n', 5e-9], ['4u', 4e-6], ['3m', 3e-3], ['9', 9], ['8k', 8e3], ['50k', 5e4], ['7M', 7e6], ['6G', 6e9], ['5T', 5e12], ['40T', 4e13],
    ['300T', 3e14], ['2P', 2e15], ['1E', 1e18],
    ['1E-3', 1e-3], ['1e3', 1e3], ['1E6', 1e6], ['1e9', 1e9], ['1E12', 1e12], ['1e15', 1e15], ['1E18', 1e18],
    ['1e14', 1e14], ['1e13', 1e13], ['100.035k', 100035],
    ['0.001', 0.001], ['0.0005k', 0.5], ['0.005', 0.005], ['0.05', 0.05], ['0.5', 0.5], ['0.00050k', 0.5], ['0.00500', 0.005],
    ['0.05000', 0.05], ['0.50000', 0.5], ['0.5e0', 0.5], ['0.5e-1', 0.05], ['0.5e-2', 0.005], ['10.035M', 10035e3],
    ['1.2e3', 1200], ['1.3E+6', 1.3e6], ['1.40e9', 1.4e9], ['1.53E12', 1.53e12], ['1.6e15', 1.6e15], ['1.7E18', 1.7e18],
    ['9.01', 9.01], ['8.1k', 8100], ['7.123456M', 7123456], ['6.987654321G', 6987654321], ['5.444T', 5.444e12], ['40.1T', 4.01e13],
    ['300.2T', 3.002e14], ['2.5P', 2.5e15], ['1.01E', 1.01e18],
    ['3.001n', 3.001e-9], ['1.1E-9', 1.1e-9], ['0.0000000001', 1e-10], ['0.0000000005', 5e-10], ['0.00000000050', 5e-10],
    ['0.5e-9', 5e-10], ['0.9n', 9e-10], ['0.00000012345', 1.2345e-7], ['0.00000012354', 1.2354e-7], ['9Ei', 9 * Ki ** 6],
    ['9223372036854775807Ki', 9223372036854775807 * Ki], ['12E', 12e18],
    ['100.035Ki', 100.035 * Ki], ['0.5Mi', 0.5 * Ki ** 2], ['0.05Gi', 0.05 * Ki ** 3], ['0.025Ti', 0.025 * Ki ** 4],
    ['0.000000000001Ki', 1e-12 * Ki], ['.001', 0.001], ['.0001k', 0.1], ['1.', 1], ['1.G', 1e9],
  ])('accepts %s', (text, value) => {
    const v = value as number;
    expect(parseQuantity(text)).toBeCloseTo(v, -Math.floor(Math.log10(Math.abs(v) || 1)) + 6);
    // The table runs every entry again with a leading '-' and '+'.
    expect(parseQuantity(`-${text}`)).toBeCloseTo(-v, -Math.floor(Math.log10(Math.abs(v) || 1)) + 6);
    expect(parseQuantity(`+${text}`)).toBeCloseTo(v, -Math.floor(Math.log10(Math.abs(v) || 1)) + 6);
  });

  // TestQuantityParse's invalid list, and the empty string it checks first.
  test.each(['', '1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', ' 1', '1 '])('refuses %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  // TestParseQuantityString scans '.' and '-.' without error; ParseQuantity's fast path then reads the
  // missing number as 0 (quantity.go), as it does for a bare sign or a bare suffix.
  test.each(['.', '-.', '+', '-', 'Gi', 'k', '00'])('reads %j as zero, as ParseQuantity does', (text) => {
    expect(parseQuantity(text)).toBe(0);
  });

  test.each(['1KiB', '1 Gi', '1K', '1e', '1E+', 'Ki3', '1e99999999999999999999'])('refuses %j (no such suffix, or an exponent outside int64)', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
