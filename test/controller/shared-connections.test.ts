import { optionsKey } from '../../lib/controller/shared-connections';

describe('shareConnections: one pool per TLS identity', () => {
  const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  const options = (extra: Record<string, unknown> = {}) => ({ type: 'agent', connect: { ca: Buffer.from(ca), keepAlive: true, keepAliveInitialDelay: 30000, ...extra } });

  test('equal options (fresh Buffers of the same bytes, keys in any order) share a key', () => {
    expect(optionsKey(options())).toBe(optionsKey({ connect: { keepAliveInitialDelay: 30000, keepAlive: true, ca: Buffer.from(ca) }, type: 'agent' }));
  });

  test('another certificate, key, server name or proxy is another pool', () => {
    const base = optionsKey(options());
    expect(optionsKey(options({ ca: Buffer.from('other') }))).not.toBe(base);
    expect(optionsKey(options({ cert: Buffer.from('c'), key: Buffer.from('k') }))).not.toBe(base);
    expect(optionsKey(options({ servername: 'api' }))).not.toBe(base);
    expect(optionsKey({ type: 'proxy', uri: 'http://proxy:3128', requestTls: {} })).not.toBe(optionsKey({ type: 'proxy', uri: 'http://proxy:3129', requestTls: {} }));
    // A string is not the Buffer of the same text, nor a number its digits.
    expect(optionsKey({ a: 'x' })).not.toBe(optionsKey({ a: Buffer.from('x') }));
    expect(optionsKey({ a: 1 })).not.toBe(optionsKey({ a: '1' }));
  });
});
