// Synth helpers shared by every family's tests.
import { App, Chart, Testing } from 'cdk8s';
import * as yaml from 'yaml';

/**
 * The message of the synth failure (cdk8s lists every failed validation with its construct
 * path); fails the test when synth succeeds. Synth warnings are silenced: they are tested apart.
 */
export function synthError(c: Chart): string {
  // A test that spies on console.warn itself keeps its spy.
  const spy = jest.isMockFunction(console.warn) ? undefined : jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    Testing.synth(c);
  } catch (e) {
    return (e as Error).message;
  } finally {
    spy?.mockRestore();
  }
  throw new Error('expected synth to fail');
}

/** The app's synthesized YAML, parsed back: what `cdk8s synth` writes. */
export function synthYaml(c: Chart): any[] {
  return yaml.parseAllDocuments(App.of(c).synthYaml()).map((d) => d.toJS()).filter((o) => o);
}
