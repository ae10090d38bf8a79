import { dataVolumeSize, declaredClaims, withDataVolumeSize } from '../../lib/controller/disk-growth';
import { KubeObject } from '../../lib/controller/objects';

describe('disk sizes a manifest declares', () => {
  test('a DataVolume declares its own claim (storage or pvc form); a VM one claim per dataVolumeTemplate', () => {
    const dv: KubeObject = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'data', namespace: 'vms' },
      spec: { pvc: { resources: { requests: { storage: '4Gi' } } } } };
    expect(declaredClaims(dv)).toEqual([{ claim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'vms', name: 'data' }, size: '4Gi', via: 'DataVolume/vms/data' }]);
    const vm: KubeObject = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: 'vms' },
      spec: { dataVolumeTemplates: [
        { metadata: { name: 'root' }, spec: { storage: { resources: { requests: { storage: '30Gi' } } } } },
        { metadata: { name: 'cloned' }, spec: { source: { pvc: { name: 'golden', namespace: 'images' } }, storage: {} } },
      ] } };
    expect(declaredClaims(vm).map((d) => [d.claim.name, d.size, d.via])).toEqual([['root', '30Gi', 'VirtualMachine/vms/web (dataVolumeTemplate root)']]);
    expect(declaredClaims({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([]);
  });

  test('the size is replaced where the spec declares it, nothing else changes', () => {
    const spec = { source: { blank: {} }, storage: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } };
    expect(withDataVolumeSize(spec, '9Gi')).toEqual({ source: { blank: {} }, storage: { storageClassName: 'fast', resources: { requests: { storage: '9Gi' } } } });
    expect(spec.storage.resources.requests.storage).toBe('1Gi');
    expect(dataVolumeSize({ source: { blank: {} } })).toBeUndefined();
    expect(withDataVolumeSize({ source: { blank: {} } }, '9Gi')).toEqual({ source: { blank: {} } });
  });
});
