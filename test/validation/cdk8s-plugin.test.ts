import * as path from 'path';
import { KubeVirtValidation } from '../../lib/validation';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'validation');

function fakeContext(manifests: string[]) {
  const violations: any[] = [];
  let status: string | undefined;
  const logs: string[] = [];
  return {
    violations, logs, status: () => status,
    context: {
      manifests,
      report: { addViolation: (v: any) => violations.push(v), submit: (s: 'success' | 'failure') => { status = s; } },
      logger: { log: (m: string) => logs.push(m) },
    },
  };
}

describe('KubeVirtValidation (cdk8s plugin)', () => {
  test('clean synth output passes', async () => {
    const fake = fakeContext([path.join(FIXTURES, 'estate', 'web.yaml'), path.join(FIXTURES, 'estate', 'network.yaml'), path.join(FIXTURES, 'estate', 'host-network.yaml')]);
    await new KubeVirtValidation({ assumeComplete: true }).validate(fake.context);
    expect(fake.status()).toBe('success');
    expect(fake.violations).toEqual([]);
    expect(fake.logs[0]).toContain('7 objects, 0 errors');
  });

  test('errors fail the synth, one violation per rule naming the resource and field', async () => {
    const fake = fakeContext([path.join(FIXTURES, 'broken', 'vm.yaml')]);
    await new KubeVirtValidation().validate(fake.context);
    expect(fake.status()).toBe('failure');
    const bus = fake.violations.find((v) => v.ruleName === 'vmi-disk-bus-valid (error)');
    expect(bus.violatingResources).toEqual([{
      resourceName: 'broken', manifestPath: path.join(FIXTURES, 'broken', 'vm.yaml'),
      locations: [expect.stringMatching(/^spec\.template\.spec\.domain\.devices\.disks\[0\]\.disk\.bus: /)],
    }]);
    expect(bus.fix).toContain('sata');
  });

  test('warnings fail only with failOn: warning', async () => {
    const manifests = [path.join(FIXTURES, 'estate', 'network.yaml')];
    const lenient = fakeContext(manifests);
    await new KubeVirtValidation().validate(lenient.context);
    expect(lenient.status()).toBe('success');
    expect(lenient.violations.map((v) => v.ruleName)).toEqual(['xo-nad-bridge-has-nncp (warning)']);
    const strict = fakeContext(manifests);
    await new KubeVirtValidation({ failOn: 'warning' }).validate(strict.context);
    expect(strict.status()).toBe('failure');
  });
});
