// The shared parsers against their upstreams' own examples: Go's src/net/mac_test.go (parseMACTests),
// Go's net.ParseIP/ParseCIDR behaviour (ip_test.go cases), apimachinery's DNS-1123 validators and
// gorhill/cronexpr (the parser CDI's DataImportCron webhook calls) per its grammar.
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
  test.each([
    ['127.0.1.2', 4], ['127.0.0.1', 4], ['::ffff:127.1.2.3', 6], ['::ffff:7f01:0203', 6], ['0:0:0:0:0000:ffff:127.1.2.3', 6],
    ['2001:4860:0:2001::68', 6], ['2001:4860:0000:2001:0000:0000:0000:0068', 6],
  ])('accepts %s', (text, family) => {
    expect(ipFamily(text)).toBe(family);
  });

  test.each([
    '-0.0.0.0', '0.-1.0.0', '0.0.-2.0', '0.0.0.-3', '127.0.0.256', 'abc', '123:', 'fe80::1%lo0', 'fe80::1%911', '',
    'a1:a2:a3:a4::b1:b2:b3:b4', '127.001.002.003', '::ffff:127.001.002.003', '123.000.000.000', '1.2..4', '0123.0.0.1',
    '1:2',
  ])('refuses %s', (text) => {
    expect(isIP(text)).toBe(false);
  });

  test.each([
    ['135.104.0.0/32', 32], ['0.0.0.0/24', 24], ['135.104.0.1/24', 24], ['::1/128', 128], ['abcd:2345::/127', 127],
    ['abcd:2345::/65', 65], ['2001:DB8::/48', 48], ['2001:DB8::1/48', 48],
  ])('parses CIDR %s', (text, prefix) => {
    expect(parseCidr(text)?.prefixLength).toBe(prefix);
  });

  test.each(['192.168.1.1/255.255.255.0', '192.168.1.1/35', '2001:db8::1/-1', '2001:db8::1/-0', '-0.0.0.0/32', '0.-1.0.0/32',
    '0.0.0.0/-0', '127.000.000.001/32', '', '10.0.0.0', 'abcd::/129'])('refuses CIDR %s', (text) => {
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
  test.each([
    ['0', 0], ['0n', 0], ['0Ki', 0], ['1m', 0.001], ['100m', 0.1], ['1', 1], ['1k', 1000], ['1Ki', 1024], ['1.5Gi', 1.5 * 2 ** 30],
    ['2Mi', 2 * 2 ** 20], ['1e3', 1000], ['1E3', 1000], ['1e-3', 0.001], ['+1', 1], ['-1', -1], ['.5', 0.5], ['1M', 1e6], ['1E', 1e18],
  ])('accepts %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value as number);
  });

  test.each(['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', ' 1', '1 ', '', '1KiB', '1 Gi', 'Gi'])('refuses %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
