// VM specs written as people (and the importer) write them: NICs without a model, templates without
// the selector labels, volumes without a disk of their own. The YAML, schema validity and refusals.
import { Size } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthVms, TestNetwork } from './support';

describe('NIC models as written', () => {
  test('explicitInterfaceModel: false leaves model unset on NICs added without one, and keeps the ones given', () => {
    const c = chart();
    const br = new TestNetwork(c, 'br1');
    const vm = new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1), explicitInterfaceModel: false, defaultInterfaceModel: kv.InterfaceModel.E1000E });
    vm.addInterface('default', kv.Interface.masquerade());
    vm.addInterface('public', kv.Interface.bridge(br), { model: kv.InterfaceModel.IGB });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([
      { name: 'default', masquerade: {} },
      { name: 'public', bridge: {}, model: 'igb' },
    ]);
    expectSchemaValid([out]);
  });

  test('the implicit pod NIC has no model either', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1), explicitInterfaceModel: false });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
  });

  test('by default every NIC has a model', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1) });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'virtio' }]);
  });
});
