// KubeVirtApiObject.toJson renders plain JSON bodies itself (lib/core/plain-json.ts). The same app
// built with an extra resolver that changes nothing takes cdk8s's own path for every object:
// the two syntheses must be byte-identical, and anything the shortcut cannot render (Lazies,
// custom resolvers, patches, unsorted keys) must still come out as cdk8s renders it.
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildArgoCd, buildGitOps } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import { buildPlatform } from '../../examples/platform';
import { GitOpsApp, KubeVirtResource, KubeVirtResourceProps } from '../../lib';
import { NOT_PLAIN, sortedPlainCopy } from '../../lib/core/plain-json';

/** Changes nothing, but makes the app's resolvers not cdk8s's own: every object takes cdk8s's path. */
class NoopResolver implements IResolver {
  public resolve(_context: ResolutionContext): void {}
}

class Thing extends KubeVirtResource {
  constructor(scope: Construct, id: string, private readonly body: Record<string, unknown>, props: KubeVirtResourceProps = {}) {
    super(scope, id, { gvk: { apiVersion: 'example.io/v1', kind: 'Thing' }, resourceType: 'things' }, props);
  }
  protected renderBody() { return this.body; }
}

/** KubeVirtApiObjects whose toJson went through cdk8s's ApiObject.toJson. */
function cdk8sRendered(run: () => void): Set<ApiObject> {
  const spy = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    run();
    return new Set((spy.mock.contexts as ApiObject[]).filter((o) => o.node.scope instanceof KubeVirtResource));
  } finally {
    spy.mockRestore();
  }
}

function examplesYaml(resolvers?: IResolver[]): string {
  const app = new GitOpsApp({ resolvers, outdir: 'dist' });
  const lab = buildLab(app);
  buildCatalogExamples(app, lab);
  const controller = buildGitOps(app);
  buildPlatform(app, lab, controller);
  buildArgoCd(app, app.node.children.filter(Chart.isChart).filter((c) => c !== Chart.of(controller)));
  return app.synthYaml();
}

function thingYaml(body: Record<string, unknown>, resolvers?: IResolver[], setUp?: (t: Thing) => void): string {
  const app = new App({ resolvers });
  const thing = new Thing(new Chart(app, 'c', { namespace: 'ns' }), 't', body, { metadata: { name: 't', labels: { b: '2', a: '1' } } });
  setUp?.(thing);
  return app.synthYaml();
}

describe('plain JSON rendering of KubeVirt objects', () => {
  test('the examples synthesize byte-identical to cdk8s\'s own path, through the shortcut', () => {
    let fast = '';
    const viaCdk8s = [...cdk8sRendered(() => { fast = examplesYaml(); })].map((o) => `${o.kind}/${o.name}`);
    // Under jest, structuredClone returns objects of another realm (a preference's firmware, a
    // pool's...), which the shortcut leaves to cdk8s; plain node has one realm.
    expect(viaCdk8s.filter((o) => o.startsWith('VirtualMachine/'))).toEqual([]);
    expect(viaCdk8s.length).toBeLessThan(5);
    let slow = '';
    const all = cdk8sRendered(() => { slow = examplesYaml([new NoopResolver()]); });
    expect(all.size).toBeGreaterThan(25);
    expect(fast).toBe(slow);
  });

  test('keys sorted at every level, null and undefined members dropped, empty objects and lists kept', () => {
    const body = { spec: { z: 1, a: { y: [{ b: 'x', a: true }], x: {} }, gone: undefined, nil: null, list: [], m: 'v' } };
    const yaml = thingYaml(body);
    expect(yaml).toBe(thingYaml(body, [new NoopResolver()]));
    expect(yaml).toContain('kind: Thing\nmetadata:\n  labels:\n    a: "1"\n    b: "2"\n  name: t\n  namespace: ns\nspec:\n  a:\n    x: {}\n    "y":\n      - a: true\n        b: x\n  list: []\n  m: v\n  z: 1\n');
  });

  test('what is not plain JSON is rendered by cdk8s: Lazies, tokens, class instances, null list items', () => {
    const cases: Array<Record<string, unknown>> = [
      { spec: { n: Lazy.any({ produce: () => ({ b: 2, a: 1 }) }) } },
      { spec: { t: { resolve: () => 'token' } } },
      { spec: { items: ['a', null, 'b'] } },
    ];
    for (const body of cases) {
      let yaml = '';
      expect(cdk8sRendered(() => { yaml = thingYaml(body); }).size).toBe(1);
      expect(yaml).toBe(thingYaml(body, [new NoopResolver()]));
    }
    expect(thingYaml(cases[0])).toContain('spec:\n  "n":\n    a: 1\n    b: 2\n');
    expect(thingYaml(cases[1])).toContain('spec:\n  t: token\n');
    class Box { constructor(public readonly v: number) {} }
    expect(() => thingYaml({ spec: { box: new Box(1) } })).toThrow(/non-simple object of type 'Box'/);
  });

  test('an app\'s own resolvers see the body values', () => {
    const upper: IResolver = { resolve: (c) => { if (typeof c.value === 'string' && c.key[0] === 'spec' && c.value !== c.value.toUpperCase()) c.replaceValue(c.value.toUpperCase()); } };
    expect(thingYaml({ spec: { name: 'vm' } }, [upper])).toContain('spec:\n  name: VM\n');
  });

  test('metadata: Lazies produced, empty maps and lists dropped, finalizers and owner references kept', () => {
    const setUps: Array<(t: Thing) => void> = [
      (t) => t.apiObject.metadata.addLabel('z', Lazy.any({ produce: () => 'late' }) as unknown as string),
      (t) => { t.apiObject.metadata.addFinalizers('b/x', 'a/y'); t.apiObject.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: '1' }); },
      (t) => { t.apiObject.metadata.add('generateName', 'g-'); t.apiObject.metadata.addAnnotation('gone', Lazy.any({ produce: () => undefined }) as unknown as string); },
      (t) => t.apiObject.metadata.add('extra', { empty: {}, list: [] }),
    ];
    for (const setUp of setUps) {
      let yaml = '';
      expect(cdk8sRendered(() => { yaml = thingYaml({ spec: { a: 1 } }, undefined, setUp); }).size).toBe(0);
      expect(yaml).toBe(thingYaml({ spec: { a: 1 } }, [new NoopResolver()], setUp));
    }
    expect(thingYaml({ spec: {} }, undefined, setUps[0])).toContain('  labels:\n    a: "1"\n    b: "2"\n    z: late\n');
    expect(thingYaml({ spec: {} }, undefined, setUps[1])).toContain('  finalizers:\n    - b/x\n    - a/y\n');
    expect(thingYaml({ spec: {} }, undefined, setUps[3])).not.toContain('extra');
  });

  test('JSON patches apply on the shortcut\'s rendering', () => {
    const patch = (t: Thing) => t.apiObject.addJsonPatch(JsonPatch.add('/spec/added', 'yes'), JsonPatch.remove('/spec/a'));
    let yaml = '';
    expect(cdk8sRendered(() => { yaml = thingYaml({ spec: { a: 1, b: 2 } }, undefined, patch); }).size).toBe(0);
    expect(yaml).toBe(thingYaml({ spec: { a: 1, b: 2 } }, [new NoopResolver()], patch));
    expect(yaml).toContain('spec:\n  b: 2\n  added: "yes"\n');
  });

  test('CDK8S_DISABLE_SORT keeps the rendered key order', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const chart = Testing.chart();
      new Thing(chart, 't', { spec: { z: 1, a: 2 } }, { metadata: { name: 't' } });
      const [obj] = Testing.synth(chart);
      expect(Object.keys(obj.spec)).toEqual(['z', 'a']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('sortedPlainCopy copies, never shares, and refuses what it cannot copy', () => {
    const src = { b: [{ y: 1, x: 2 }], a: 's' };
    const copy = sortedPlainCopy(src) as typeof src;
    expect(JSON.stringify(copy)).toBe('{"a":"s","b":[{"x":2,"y":1}]}');
    expect(copy.b).not.toBe(src.b);
    expect(sortedPlainCopy({ f: () => 1 })).toBe(NOT_PLAIN);
    expect(sortedPlainCopy({ o: Object.create(null) })).toBe(NOT_PLAIN);
    expect(sortedPlainCopy([undefined])).toBe(NOT_PLAIN);
    expect(sortedPlainCopy({ n: 1n })).toBe(NOT_PLAIN);
  });
});
