import { computeHealth, isSettled } from '../../lib/controller/health';
import { KubeObject } from '../../lib/controller/objects';
import { HEALTH_FIXTURES } from '../fixtures/health';

describe('controller health over the shared fixtures', () => {
  test.each(HEALTH_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const health = computeHealth(fixture.object, fixture.context ?? {});
    expect(health.status).toBe(fixture.controller);
    expect(isSettled(health)).toBe(fixture.settled);
    if (fixture.message !== undefined) expect(health.message).toBe(fixture.message);
    expect(health.pendingRestart ?? false).toBe(fixture.pendingRestart ?? false);
  });

  test('absent and terminating objects', () => {
    expect(computeHealth(undefined).status).toBe('NotFound');
    const gone: KubeObject = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm', namespace: 'vms' }, spec: { runStrategy: 'Always' } };
    gone.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(computeHealth(gone).status).toBe('Terminating');
  });
});
