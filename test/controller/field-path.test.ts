import { removeFieldPath } from '../../lib/controller/field-path';

const vm = () => ({
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', app: 'x' } },
  spec: {
    runStrategy: 'Always',
    template: { spec: { domain: { devices: { disks: [{ name: 'root', bootOrder: 1 }, { name: 'data', bootOrder: 2 }] } } } },
    finalizers: ['a', 'b'],
    ports: [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }],
  },
});

describe('removeFieldPath: the paths server-side apply names in conflicts', () => {
  test('a plain field', () => {
    const obj = vm();
    expect(removeFieldPath(obj, '.spec.runStrategy')).toBe(true);
    expect(obj.spec).not.toHaveProperty('runStrategy');
  });

  test('a key containing dots (label keys are not escaped): the longest key of the object wins', () => {
    const obj = vm();
    expect(removeFieldPath(obj, '.metadata.labels.app.kubernetes.io/name')).toBe(true);
    expect(obj.metadata.labels).toEqual({ app: 'x' });
  });

  test('list entries by key, by several keys, by value and by index', () => {
    const obj = vm();
    expect(removeFieldPath(obj, '.spec.template.spec.domain.devices.disks[name="data"].bootOrder')).toBe(true);
    expect(obj.spec.template.spec.domain.devices.disks).toEqual([{ name: 'root', bootOrder: 1 }, { name: 'data' }]);
    expect(removeFieldPath(obj, '.spec.ports[port=80,protocol="UDP"]')).toBe(true);
    expect(obj.spec.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    expect(removeFieldPath(obj, '.spec.finalizers[="b"]')).toBe(true);
    expect(obj.spec.finalizers).toEqual(['a']);
    expect(removeFieldPath(obj, '.spec.finalizers[0]')).toBe(true);
    expect(obj.spec.finalizers).toEqual([]);
  });

  test('a path that does not resolve changes nothing', () => {
    const obj = vm();
    const before = JSON.stringify(obj);
    for (const path of ['.spec.running', '.spec.template.spec.domain.devices.disks[name="nope"].bootOrder', '.spec.runStrategy.x', 'spec', '.spec.ports[port=80', '.spec.finalizers[7]']) {
      expect(removeFieldPath(obj, path)).toBe(false);
    }
    expect(JSON.stringify(obj)).toBe(before);
  });
});
