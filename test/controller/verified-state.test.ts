import { KubeObject } from '../../lib/controller/objects';
import { VerifiedState, isContained, isKeySubset } from '../../lib/controller/verified-state';

const MANAGER = 'cdk8s-kubevirt';
const fieldsOf = (labels: string[], data: string[]) => ({
  'f:metadata': { 'f:labels': Object.fromEntries(labels.map((l) => [`f:${l}`, {}])) },
  'f:data': Object.fromEntries(data.map((d) => [`f:${d}`, {}])),
});
const cm = (labels: Record<string, string>, data: Record<string, string>, owned = fieldsOf(Object.keys(labels), Object.keys(data)), others: object[] = []): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'n', labels, managedFields: [{ manager: MANAGER, operation: 'Apply', fieldsV1: owned }, ...others] } as KubeObject['metadata'],
  data,
});
const desired: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', labels: { app: 'x' } }, data: { a: '1' } };

describe('VerifiedState: "unchanged" without a request only when the server would say so', () => {
  const confirmed = () => {
    const state = new VerifiedState(MANAGER);
    state.record(desired, desired, cm({ app: 'x' }, { a: '1' }), []);
    return state;
  };

  test('the confirmed state, and one where another writer added a field we do not own, are unchanged', () => {
    expect(confirmed().check(desired, cm({ app: 'x' }, { a: '1' }))).toEqual({ held: [] });
    expect(confirmed().check(desired, cm({ app: 'x', extra: 'y' }, { a: '1' }, fieldsOf(['app'], ['a'])))).toBeDefined();
  });

  test('a changed value, a removed field, a field we own beyond the payload, or a new desired object are unsure', () => {
    expect(confirmed().check(desired, cm({ app: 'x' }, { a: '2' }))).toBeUndefined();
    expect(confirmed().check(desired, cm({}, { a: '1' }, fieldsOf([], ['a'])))).toBeUndefined();
    expect(confirmed().check(desired, cm({ app: 'x', old: 'o' }, { a: '1' }, fieldsOf(['app', 'old'], ['a'])))).toBeUndefined();
    expect(confirmed().check({ ...desired, data: { a: '3' } }, cm({ app: 'x' }, { a: '1' }))).toBeUndefined();
    expect(confirmed().check(desired, undefined)).toBeUndefined();
  });

  test('ownership taken over with the same value (edit and revert) stays decidable: our field set shrank, nothing to remove', () => {
    expect(confirmed().check(desired, cm({ app: 'x' }, { a: '1' }, fieldsOf([], ['a'])))).toBeDefined();
  });

  test('field-set and value containment', () => {
    expect(isKeySubset({ 'f:a': {}, 'f:b': { 'f:c': {} } }, { 'f:a': {}, 'f:b': { 'f:c': {}, 'f:d': {} } })).toBe(true);
    expect(isKeySubset({ 'f:b': { 'f:e': {} } }, { 'f:b': { 'f:c': {} } })).toBe(false);
    expect(isContained({ a: [{ x: 1 }] }, { a: [{ x: 1, y: 2 }], b: 3 })).toBe(true);
    expect(isContained({ a: [{ x: 1 }] }, { a: [{ x: 1 }, { x: 2 }] })).toBe(false);
    expect(isContained({ q: '1Gi' }, { q: '1073741824' })).toBe(false);
  });
});
