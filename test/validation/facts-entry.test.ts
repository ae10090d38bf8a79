// How a run keeps each judged object to the end: the facts text with key names coded, which
// must give back exactly the JSON it was made from whatever the text holds, and an identity
// whose `ref` is the object's reference as objectRef makes it.
import { crossFacts } from './cross-facts-reference';
import { FactsEntry, FactsIdentity, decodeFacts, encodeFacts } from '../../lib/validation/facts-entry';
import { indexEntry } from '../../lib/validation/object-index';
import { KubeObject } from '../../lib/validation/types';
import { vm as vmOf } from './fixtures';

function identityOf(object: KubeObject, extra: Partial<FactsIdentity> = {}): FactsIdentity {
  const { object: _, ...identity } = indexEntry({ object, file: 'a.yaml' }, 7);
  return { ...identity, ...extra };
}

describe('facts text', () => {
  test.each([
    ['a VM\'s facts', JSON.stringify(crossFacts('kubevirt.io/VirtualMachine', vmOf() as KubeObject))],
    ['keys with quotes, colons and backslashes', JSON.stringify({ 'a"name': { 'name\\': 1, '"spec":': '"name":', 'x\\"name': ['spec', '":'] } })],
    ['control characters and line breaks in values', JSON.stringify({ name: '\u0000\u0001\u001f\n\t"name":', spec: { name: 'é ☃ \ud83d\ude00' } })],
    ['no known key', JSON.stringify({ other: 1, list: [true, null, 2.5] })],
    ['a scalar', JSON.stringify('name')],
    ['empty keys and values', JSON.stringify({ '': '', name: '', spec: {} })],
  ])('%s: decoded, the same JSON text', (_, json) => {
    const text = encodeFacts(json);
    expect(decodeFacts(text)).toBe(json);
  });

  test('a VM\'s facts are kept in well under the JSON\'s length', () => {
    const json = JSON.stringify(crossFacts('kubevirt.io/VirtualMachine', vmOf() as KubeObject));
    expect(json).toContain('"name":');
    expect(encodeFacts(json).length).toBeLessThan(json.length * 0.7);
  });
});

describe('FactsEntry', () => {
  const vm = vmOf() as KubeObject;
  const json = JSON.stringify(crossFacts('kubevirt.io/VirtualMachine', vm));

  test('object parses the facts; released, they are gone', () => {
    const entry = new FactsEntry(identityOf(vm), encodeFacts(json));
    expect(entry.object).toEqual(JSON.parse(json));
    expect(decodeFacts(entry.facts)).toBe(json);
    entry.release();
    expect(() => entry.object).toThrow(/released/);
  });

  test.each([
    ['namespaced', { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm', namespace: 'ns' } }],
    ['cluster-scoped', { apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'p' } }],
    ['empty namespace', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: '' } }],
    ['generateName', { apiVersion: 'v1', kind: 'Secret', metadata: { generateName: 's-', namespace: 'ns' } }],
    ['no metadata, no apiVersion', { kind: 'Secret' }],
  ])('ref (%s) is objectRef\'s, key order included', (_, object) => {
    const identity = identityOf(object as KubeObject);
    const entry = new FactsEntry(identity, '{}');
    expect(JSON.stringify(entry.ref)).toBe(JSON.stringify(identity.ref));
    expect([entry.file, entry.group, entry.kind, entry.namespace, entry.name, entry.ordinal])
      .toEqual([identity.file, identity.group, identity.kind, identity.namespace, identity.name, identity.ordinal]);
  });

  test('positions only when the run keeps them', () => {
    const locate = () => ({ line: 3, column: 1 });
    const placed = new FactsEntry(identityOf(vm, { line: 3, column: 1, locate }), '{}');
    expect([placed.line, placed.column, placed.locate]).toEqual([3, 1, locate]);
    const bare = new FactsEntry(identityOf(vm), '{}');
    expect(Object.keys(bare)).not.toEqual(expect.arrayContaining(['line']));
    expect(bare.locate).toBeUndefined();
  });
});
