import { Testing } from 'cdk8s';
import { buildLab } from '../../examples/lab';
import { validateSchema } from '../../lib/validation';
import { expectSchemaValid } from '../support/schema';

const vm = (spec: any, metadata: any = { name: 'vm1', namespace: 'vms' }) => ({
  apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata, spec,
});
const minimalSpec = () => ({
  runStrategy: 'Always',
  template: { spec: { domain: { devices: {}, memory: { guest: '1Gi' } } } },
});
const errors = (obj: any) => validateSchema(obj).filter((f) => f.severity === 'error');

describe('validateSchema', () => {
  test('the seed lab example passes every schema', () => {
    const app = Testing.app();
    buildLab(app);
    const objects = app.charts.flatMap((c) => Testing.synth(c));
    expect(objects.length).toBeGreaterThan(4);
    expectSchemaValid(objects);
  });

  test('a minimal VirtualMachine is valid', () => {
    expect(validateSchema(vm(minimalSpec()))).toEqual([]);
  });

  test('unknown fields are errors (strict field validation)', () => {
    const spec: any = minimalSpec();
    spec.template.spec.domain.devices.disk = [];
    const found = errors(vm(spec));
    expect(found).toEqual([expect.objectContaining({
      rule: 'schema', path: 'spec.template.spec.domain.devices.disk', message: expect.stringContaining('unknown field'),
    })]);
  });

  test('missing required fields name the field', () => {
    const found = errors(vm({ runStrategy: 'Always', template: { spec: {} } }));
    expect(found.map((f) => f.path)).toEqual(['spec.template.spec.domain']);
  });

  test('wrong types are reported with the path', () => {
    const spec: any = minimalSpec();
    spec.template.spec.domain.devices.disks = [{ name: 'root', bootOrder: 'first' }];
    expect(errors(vm(spec))).toEqual([expect.objectContaining({ path: 'spec.template.spec.domain.devices.disks[0].bootOrder' })]);
  });

  test('nulls in non-nullable fields are pruned by the server, so accepted', () => {
    const spec: any = minimalSpec();
    spec.template.spec.domain.cpu = null;
    spec.template.metadata = { creationTimestamp: null };
    expect(errors(vm(spec))).toEqual([]);
  });

  test('int-or-string fields accept both and reject others', () => {
    const spec: any = minimalSpec();
    spec.template.spec.domain.resources = { requests: { memory: '1Gi', cpu: 2 } };
    expect(errors(vm(spec))).toEqual([]);
    spec.template.spec.domain.resources.requests.cpu = true;
    expect(errors(vm(spec))).toHaveLength(1);
  });

  test('quantities must match the quantity pattern', () => {
    const spec: any = minimalSpec();
    spec.template.spec.domain.memory.guest = '1 GB';
    expect(errors(vm(spec))[0].path).toBe('spec.template.spec.domain.memory.guest');
  });

  test('enum values are checked', () => {
    const dv = {
      apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'd', namespace: 'vms' },
      spec: { contentType: 'iso', source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    };
    expect(errors(dv)).toEqual([expect.objectContaining({ path: 'spec.contentType', message: expect.stringContaining('"kubevirt"') })]);
  });

  test('served but deprecated versions warn; unknown versions are errors', () => {
    const old = validateSchema({ ...vm(minimalSpec()), apiVersion: 'kubevirt.io/v1alpha3' });
    expect(old.map((f) => f.severity)).toEqual(['warning']);
    const wrong = validateSchema({ ...vm(minimalSpec()), apiVersion: 'kubevirt.io/v2' });
    expect(wrong).toEqual([expect.objectContaining({ severity: 'error', path: 'apiVersion', hint: 'use apiVersion: kubevirt.io/v1' })]);
  });

  test('unknown kinds are info, built-in kinds get ObjectMeta checks only', () => {
    expect(validateSchema({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toEqual([expect.objectContaining({ rule: 'unknown-kind', severity: 'info' })]);
    expect(validateSchema({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { anything: 1 } })).toEqual([]);
    expect(errors({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'Bad_Name' } })).toHaveLength(1);
  });

  test('ObjectMeta: name, labels, annotations, namespace on cluster-scoped kinds', () => {
    const nncp = (metadata: any) => ({
      apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata, spec: { desiredState: {} },
    });
    expect(validateSchema(nncp({ name: 'ok' }))).toEqual([]);
    expect(errors(nncp({}))[0].path).toBe('metadata.name');
    expect(errors(nncp({ generateName: 'ok-' }))).toEqual([]);
    expect(errors(nncp({ name: 'UPPER' }))[0].path).toBe('metadata.name');
    expect(errors(nncp({ name: 'a', labels: { 'bad key!': 'v', ok: 'x'.repeat(64), n: 3 } })).map((f) => f.path))
      .toEqual(['metadata.labels["bad key!"]', 'metadata.labels["ok"]', 'metadata.labels["n"]']);
    expect(errors(nncp({ name: 'a', annotations: { 'example.com/x': 'any value at all' } }))).toEqual([]);
    expect(validateSchema(nncp({ name: 'a', namespace: 'x' }))).toEqual([expect.objectContaining({ severity: 'warning', path: 'metadata.namespace' })]);
    expect(errors(nncp({ name: 'a', nam: 'typo' }))[0].message).toContain('unknown field');
  });

  test('Route: anyOf null is dropped and the OpenAPI combinators still apply', () => {
    const route = (spec: any) => ({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'r', namespace: 'vms' }, spec });
    expect(errors(route({ to: { kind: 'Service', name: 's' }, port: { targetPort: 8080 } }))).toEqual([]);
    expect(errors(route({ to: { kind: 'Service', name: 's' }, port: { targetPort: 0 } }))).toHaveLength(1);
    expect(errors(route({ to: { kind: 'Service', name: 's' }, host: 'a.example.com', path: '/x', tls: { termination: 'passthrough' } }))).not.toEqual([]);
  });

  test("PrometheusRule: Go's (?i) pattern is case-insensitive", () => {
    const rule = (v: string) => ({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'p', namespace: 'vms' },
      spec: { groups: [{ name: 'g', partial_response_strategy: v, rules: [{ alert: 'A', expr: 'up == 0' }] }] },
    });
    expect(errors(rule('WARN'))).toEqual([]);
    expect(errors(rule('Abort'))).toEqual([]);
    expect(errors(rule('ignore'))).toHaveLength(1);
  });

  test('CEL rules with a JSON Schema equivalent are enforced (NNCP nodeSelector keys)', () => {
    const nncp = (nodeSelector: any) => ({
      apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'p' }, spec: { nodeSelector },
    });
    expect(errors(nncp({ 'node-role.kubernetes.io/worker': '' }))).toEqual([]);
    expect(errors(nncp({ 'bad key': '' }))).toEqual([expect.objectContaining({ path: 'spec.nodeSelector["bad key"]' })]);
  });

  test('non-objects and missing apiVersion/kind are errors, not crashes', () => {
    expect(validateSchema([] as any)[0].severity).toBe('error');
    expect(errors({ kind: 'VirtualMachine' }).map((f) => f.path)).toEqual(['apiVersion']);
  });

  test('expectSchemaValid lists every finding', () => {
    const bad = vm({ runStrategy: 'Always', template: { spec: { domain: { devices: {}, cpus: 2 } } } });
    expect(() => expectSchemaValid([bad])).toThrow(/spec\.template\.spec\.domain\.cpus: unknown field/);
  });
});

describe('generated schemas', () => {
  test('cover every served version of every CRD in ../shared/crds', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('fs') as typeof import('fs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const YAML = require('yaml') as typeof import('yaml');
    const root = require('path').join(__dirname, '..', '..', '..', 'shared', 'crds');
    const index = JSON.parse(fs.readFileSync(require('path').join(__dirname, '..', '..', 'lib', 'validation', 'schema', 'generated', 'index.json'), 'utf8'));
    const expected: string[] = [];
    for (const group of fs.readdirSync(root).filter((g: string) => !g.includes('.md'))) {
      for (const file of fs.readdirSync(`${root}/${group}`)) {
        const crd = YAML.parse(fs.readFileSync(`${root}/${group}/${file}`, 'utf8'));
        for (const v of crd.spec.versions) if (v.served !== false) expected.push(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`);
      }
    }
    expect(Object.keys(index.kinds).sort()).toEqual(expected.sort());
  });
});
