// Every rule of ALL_RULES: one or more passing inputs and one or more failing inputs,
// each a full validation run (schema + all rules), asserting on that rule's findings only.
import { ALL_RULES, validateObjects } from '../../lib/validation';
import { CROSS_CASES } from './cases/cross-object';
import { DEVICE_CASES } from './cases/devices';
import { NETWORK_CASES } from './cases/network';
import { PLATFORM_CASES } from './cases/platform';
import { RuleCase } from './cases/types';
import { VM_CASES } from './cases/virtual-machine';
import { VMI_CASES } from './cases/vmi';
import { POOL_CASES } from './cases/vm-pool';
import { INFERENCE_CASES } from './cases/vm-inference';
import { LIVE_UPDATE_CASES } from './cases/vm-live-update';
import { STORAGE_CASES } from './cases/storage';
import { vm, vmi, dv, nncp, nad, clusterInstancetype, clusterPreference } from './fixtures';

const CASES: RuleCase[] = [...VM_CASES, ...INFERENCE_CASES, ...LIVE_UPDATE_CASES, ...POOL_CASES, ...VMI_CASES, ...STORAGE_CASES, ...NETWORK_CASES, ...CROSS_CASES, ...PLATFORM_CASES, ...DEVICE_CASES];

describe('rule catalog coverage', () => {
  test('every rule has a passing and a failing case', () => {
    const covered = new Set(CASES.filter((c) => c.valid.length && c.invalid.length).map((c) => c.rule));
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(80);
  });

  test('rule ids are unique and every rule has a one-line doc', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) expect(r.doc).toMatch(/^[^\n]{10,200}$/);
  });

  test('the baseline fixtures produce no errors at all', () => {
    const objects = [vm(), vmi(), dv(), nncp(), nad(), clusterInstancetype(), clusterPreference()];
    expect(validateObjects(objects).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe.each(CASES.map((c) => [c.rule, c] as const))('%s', (rule, c) => {
  const severity = c.severity ?? ALL_RULES.find((r) => r.id === rule)?.severity;
  test.each(c.valid.map((objs, i) => [i, objs] as const))('passes valid input %i', (_i, objs) => {
    expect(validateObjects(objs, c.options).filter((f) => f.rule === rule)).toEqual([]);
  });
  test.each(c.invalid.map((objs, i) => [i, objs] as const))('flags invalid input %i', (_i, objs) => {
    // The rule alone, as constructs run it (no schema layer): in `validate` a rule finding that
    // restates a schema error gives way to the schema finding (schema-precedence.test.ts).
    const found = validateObjects(objs, { ...c.options, schema: false }).filter((f) => f.rule === rule);
    expect(found.length).toBeGreaterThan(0);
    // A rule may downgrade part of its check (e.g. the feature-gate half of a reject rule).
    expect(found.map((f) => f.severity)).toContain(severity);
    for (const f of found) {
      expect(f.message.length).toBeGreaterThan(5);
      expect(typeof f.path).toBe('string');
    }
  });
});
