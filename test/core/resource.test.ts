import { ApiObject, Chart, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEPENDS_ON_ANNOTATION, KubeVirtResource, KubeVirtResourceProps, parseDependsOn } from '../../lib';

class Thing extends KubeVirtResource {
  private readonly items: string[] = [];
  constructor(scope: Construct, id: string, props: KubeVirtResourceProps & { clusterScoped?: boolean } = {}) {
    super(scope, id, {
      gvk: { apiVersion: 'example.io/v1', kind: 'Thing' },
      resourceType: 'things',
      clusterScoped: props.clusterScoped,
    }, props);
  }
  public addItem(item: string) { this.items.push(item); }
  protected renderBody() { return { spec: { items: [...this.items] } }; }
}

describe('KubeVirtResource', () => {
  test('renders the body lazily so addX() after construction lands', () => {
    const chart = Testing.chart();
    const thing = new Thing(chart, 't', { metadata: { name: 't1' } });
    thing.addItem('a');
    thing.addItem('b');
    const [obj] = Testing.synth(chart);
    expect(obj).toEqual({ apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 't1' }, spec: { items: ['a', 'b'] } });
  });

  test('cluster-scoped objects drop the chart namespace; namespaced ones keep it', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
    const global = new Thing(chart, 'g', { clusterScoped: true });
    const local = new Thing(chart, 'l');
    const [g, l] = Testing.synth(chart);
    expect(g.metadata.namespace).toBeUndefined();
    expect(global.namespace).toBeUndefined();
    expect(l.metadata.namespace).toBe('vms');
    expect(local.namespace).toBe('vms');
  });

  test('dependencies are written as an annotation and order the manifest', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
    const later = new Thing(chart, 'later', { metadata: { name: 'later' } });
    const policy = new Thing(chart, 'policy', { metadata: { name: 'policy' }, clusterScoped: true });
    const raw = new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    later.addDependency(policy, raw);
    later.addDependency(policy);
    const manifest = Testing.synth(chart);
    const byName = (n: string) => manifest.findIndex((o) => o.metadata.name === n);
    expect(byName('later')).toBeGreaterThan(byName('policy'));
    expect(byName('later')).toBeGreaterThan(byName('cm'));
    const annotation = manifest[byName('later')].metadata.annotations[DEPENDS_ON_ANNOTATION];
    expect(parseDependsOn(annotation)).toEqual([
      { group: '', kind: 'ConfigMap', namespace: 'vms', name: 'cm' },
      { group: 'example.io', kind: 'Thing', namespace: undefined, name: 'policy' },
    ]);
    expect(manifest[byName('policy')].metadata.annotations).toBeUndefined();
  });

  test('works with cdk8s-plus RBAC grants', () => {
    const chart = Testing.chart();
    const thing = new Thing(chart, 't', { metadata: { name: 't1' } });
    const role = new plus.Role(chart, 'role');
    role.allowRead(thing);
    const rbac = Testing.synth(chart).find((o) => o.kind === 'Role');
    expect(rbac.rules).toEqual([
      { apiGroups: ['example.io'], resourceNames: ['t1'], resources: ['things'], verbs: ['get', 'list', 'watch'] },
    ]);
  });
});
