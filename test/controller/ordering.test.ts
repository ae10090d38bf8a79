import { DEPENDS_ON_ANNOTATION } from '../../lib/core/dependencies';
import { ApplyStage, DependencyError, SYNC_WAVE_ANNOTATION, groupByWave, orderObjects, stageOfKind, withSyncWaves } from '../../lib/controller/ordering';
import { KubeObject } from '../../lib/controller/objects';

function obj(apiVersion: string, kind: string, name: string, namespace?: string, dependsOn?: string): KubeObject {
  return {
    apiVersion, kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...(dependsOn ? { annotations: { [DEPENDS_ON_ANNOTATION]: dependsOn } } : {}) },
  };
}

const lab: KubeObject[] = [
  obj('v1', 'Service', 'rhel-ssh', 'vms'),
  obj('kubevirt.io/v1', 'VirtualMachine', 'rhel', 'vms'),
  obj('cdi.kubevirt.io/v1beta1', 'DataVolume', 'rhel-rootdisk', 'vms'),
  obj('k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition', 'br1-public', 'vms'),
  obj('nmstate.io/v1', 'NodeNetworkConfigurationPolicy', 'worker-br1'),
  obj('instancetype.kubevirt.io/v1beta1', 'VirtualMachineClusterInstancetype', 'u1.small'),
  obj('v1', 'Namespace', 'vms'),
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'things.example.io'),
  obj('v1', 'Secret', 'cloud-init', 'vms'),
];

function order(objects: KubeObject[]): string[] {
  return orderObjects(objects).map((o) => `${o.object.kind}/${o.object.metadata.name}`);
}

describe('orderObjects', () => {
  test('stages: CRDs and Namespaces, classes, NNCPs, NADs, storage, VMs, the rest', () => {
    expect(order(lab)).toEqual([
      // Same stage: ties break on group (core first), kind, namespace, name.
      'Namespace/vms', 'CustomResourceDefinition/things.example.io',
      'Secret/cloud-init', 'VirtualMachineClusterInstancetype/u1.small',
      'NodeNetworkConfigurationPolicy/worker-br1',
      'NetworkAttachmentDefinition/br1-public',
      'DataVolume/rhel-rootdisk',
      'VirtualMachine/rhel',
      'Service/rhel-ssh',
    ]);
  });

  test('any permutation of the input gives the same order', () => {
    const expected = order(lab);
    let seed = 7;
    for (let round = 0; round < 25; round++) {
      const shuffled = [...lab];
      for (let i = shuffled.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      expect(order(shuffled)).toEqual(expected);
    }
  });

  test('a depends-on annotation puts an object in a later wave, inside and across stages', () => {
    const a = obj('v1', 'ConfigMap', 'a', 'ns');
    const b = obj('v1', 'ConfigMap', 'b', 'ns', '/ConfigMap/ns/a');
    // A Secret (stage CLASSES) that depends on a VM moves behind the VM.
    const vm = obj('kubevirt.io/v1', 'VirtualMachine', 'vm', 'ns');
    const late = obj('v1', 'Secret', 'late', 'ns', 'kubevirt.io/VirtualMachine/ns/vm');
    const ordered = orderObjects([late, b, vm, a]);
    const wave = (name: string) => ordered.find((o) => o.object.metadata.name === name)!;
    expect(wave('a').wave).toBe(ApplyStage.CLASSES * 10);
    expect(wave('b').wave).toBe(ApplyStage.CLASSES * 10 + 1);
    expect(wave('late').stage).toBe(ApplyStage.VIRTUAL_MACHINES);
    expect(wave('late').wave).toBeGreaterThan(wave('vm').wave);
    expect(groupByWave(ordered).map((g) => g.map((o) => o.object.metadata.name))).toEqual([['a'], ['b'], ['vm'], ['late']]);
  });

  test('cycles and duplicates are errors naming the objects', () => {
    const a = obj('v1', 'ConfigMap', 'a', 'ns', '/ConfigMap/ns/b');
    const b = obj('v1', 'ConfigMap', 'b', 'ns', '/ConfigMap/ns/a');
    expect(() => orderObjects([a, b])).toThrow(DependencyError);
    expect(() => orderObjects([a, b])).toThrow(/cycle: \/ConfigMap\/ns\/a -> \/ConfigMap\/ns\/b -> \/ConfigMap\/ns\/a/);
    expect(() => orderObjects([obj('v1', 'ConfigMap', 'x', 'ns'), obj('v1', 'ConfigMap', 'x', 'ns')])).toThrow(/ConfigMap\/ns\/x appears twice/);
  });

  test('dependencies outside the set are ignored unless strict', () => {
    const b = obj('v1', 'ConfigMap', 'b', 'ns', '/ConfigMap/ns/missing');
    expect(orderObjects([b])).toHaveLength(1);
    expect(() => orderObjects([b], { strictDependencies: true })).toThrow(/missing, which is not in the source/);
  });

  test('unknown *Class kinds count as classes; unknown kinds go with the rest', () => {
    expect(stageOfKind('storage.k8s.io/v1', 'StorageClass')).toBe(ApplyStage.CLASSES);
    expect(stageOfKind('example.io/v1', 'Widget')).toBe(ApplyStage.OTHERS);
    expect(stageOfKind('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration')).toBe(ApplyStage.WEBHOOKS);
  });
});

describe('withSyncWaves', () => {
  test('writes Argo CD waves in the controller order and keeps explicit ones', () => {
    const explicit = obj('v1', 'ConfigMap', 'pinned', 'vms');
    explicit.metadata.annotations = { [SYNC_WAVE_ANNOTATION]: '-5' };
    const annotated = withSyncWaves([...lab, explicit]);
    const wave = (kind: string) => Number(annotated.find((o) => o.kind === kind)!.metadata.annotations![SYNC_WAVE_ANNOTATION]);
    expect(wave('Namespace')).toBeLessThan(wave('NodeNetworkConfigurationPolicy'));
    expect(wave('NodeNetworkConfigurationPolicy')).toBeLessThan(wave('NetworkAttachmentDefinition'));
    expect(wave('NetworkAttachmentDefinition')).toBeLessThan(wave('DataVolume'));
    expect(wave('DataVolume')).toBeLessThan(wave('VirtualMachine'));
    expect(wave('VirtualMachine')).toBeLessThan(wave('Service'));
    expect(annotated.find((o) => o.metadata.name === 'pinned')!.metadata.annotations![SYNC_WAVE_ANNOTATION]).toBe('-5');
    // The input is not mutated.
    expect(lab[0].metadata.annotations).toBeUndefined();
  });
});
