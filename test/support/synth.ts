// Synth helpers shared by every family's tests.
import { App, Chart, Testing } from 'cdk8s';
import * as yaml from 'yaml';
import { CONSTRUCT_CHECKS } from '../../lib/core/construct-checks';
import { ALL_RULES } from '../../lib/validation';

const SHARED_SEVERITY = new Map(ALL_RULES.map((r) => [r.id, r.severity]));
const TRAILING_ID = /\[([a-z0-9]+(?:-[a-z0-9]+)+)\]$/;

/**
 * The lines of a cdk8s validation failure that do not end with a shared rule id of severity error
 * or a documented construct-only id: every construct-time finding comes from the shared rule set.
 */
export function findingsWithoutRuleId(message: string): string[] {
  const [head, ...lines] = message.split('\n');
  if (!head.startsWith('Validation failed')) return [];
  return lines.map((l) => l.trim()).filter((line) => {
    const id = TRAILING_ID.exec(line)?.[1];
    if (id === undefined) return true;
    if (id in CONSTRUCT_CHECKS) return false;
    return SHARED_SEVERITY.get(id) !== 'error';
  });
}

/**
 * The message of the synth failure (cdk8s lists every failed validation with its construct
 * path); fails the test when synth succeeds, or when a finding carries no rule id of the shared
 * set (findingsWithoutRuleId). Synth warnings are silenced: they are tested apart.
 */
export function synthError(c: Chart): string {
  // A test that spies on console.warn itself keeps its spy.
  const spy = jest.isMockFunction(console.warn) ? undefined : jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    Testing.synth(c);
  } catch (e) {
    const message = (e as Error).message;
    const untagged = findingsWithoutRuleId(message);
    if (untagged.length > 0) throw new Error(`construct-time findings without a shared or construct-only rule id:\n${untagged.join('\n')}`);
    return message;
  } finally {
    spy?.mockRestore();
  }
  throw new Error('expected synth to fail');
}

/** The app's synthesized YAML, parsed back: what `cdk8s synth` writes. */
export function synthYaml(c: Chart): any[] {
  return yaml.parseAllDocuments(App.of(c).synthYaml()).map((d) => d.toJS()).filter((o) => o);
}
