import { assessHealth, evaluateHealth, healthSpecOf, GENERIC_HEALTH } from '../../lib/health';
import { HEALTH_FIXTURES } from '../fixtures/health';

describe('health interpreter over the shared fixtures', () => {
  test.each(HEALTH_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const verdict = assessHealth(fixture.object, fixture.context ?? {});
    expect(verdict.status).toBe(fixture.verdict);
    if (fixture.message !== undefined) expect(verdict.message).toBe(fixture.message);
  });

  test('a missing object is Missing', () => {
    expect(assessHealth(undefined)).toEqual({ status: 'Missing', message: 'not found' });
  });

  test('kinds without a spec use kstatus generic rules; a foreign VirtualMachine is not judged as KubeVirt', () => {
    expect(healthSpecOf('example.io/v1', 'Thing')).toBe(GENERIC_HEALTH);
    expect(healthSpecOf('vmoperator.vmware.com/v1alpha3', 'VirtualMachine')).toBe(GENERIC_HEALTH);
    expect(healthSpecOf('kubevirt.io/v1', 'VirtualMachine').name).toBe('VirtualMachine');
  });

  test('a JSON null reads as an absent field, numbers print as Lua prints them', () => {
    const spec = { name: 't', rules: [], otherwise: { status: 'Healthy' as const, message: [{ path: 'status.a' }, '|', { path: 'status.b' }, '|', { path: 'status.c' }] } };
    expect(evaluateHealth(spec, { status: { a: null, b: 2, c: 0.25 } }).message).toBe('|2|0.25');
  });
});
