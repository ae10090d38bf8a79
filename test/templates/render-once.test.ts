import { Chart, Testing } from 'cdk8s';
import { Flavor, OsProfile, VirtualMachineTemplate, WorkloadProfile } from '../../lib';

// An OpenShift Template's body has four top-level fields (labels, message, objects, parameters),
// each a Lazy: they share one rendering per toJson() instead of rendering the template four times.
describe('a resource whose body has several top-level fields', () => {
  function template(): VirtualMachineTemplate {
    const c = new Chart(Testing.app(), 'c', { namespace: 'openshift' });
    return new VirtualMachineTemplate(c, 'rhel9', { os: OsProfile.RHEL_9, workload: WorkloadProfile.SERVER, flavor: Flavor.SMALL });
  }

  test('renders its body once per toJson()', () => {
    const t = template();
    const render = jest.spyOn(t as any, 'renderBody');
    t.apiObject.toJson();
    expect(render).toHaveBeenCalledTimes(1);
    t.apiObject.toJson();
    expect(render).toHaveBeenCalledTimes(2);
  });

  test('each field is the one rendering; a change after a toJson() shows in the next', () => {
    const t = template();
    const first = t.apiObject.toJson();
    const body = (t as any).renderBody();
    for (const key of ['labels', 'message', 'objects', 'parameters']) expect(first[key]).toEqual(body[key]);
    t.addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${NAME}-extra' } });
    const second = t.apiObject.toJson();
    expect(second.objects).toHaveLength(first.objects.length + 1);
    expect(second.objects.at(-1)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${NAME}-extra' } });
  });
});
