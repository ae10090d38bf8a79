// cdk8s has no warning channel (validations can only fail the synth), so near-certain
// mistakes that must not block a synth are recorded as construct metadata and printed
// once on stderr with the construct path, the way cdk8s prints validation errors.
import { IConstruct } from 'constructs';

/** Metadata type under which synth warnings are recorded on the construct. */
export const SYNTH_WARNING_METADATA = 'cdk8s-kubevirt:warning';

/** One synth warning with the path of the construct it concerns. */
export interface SynthWarning {
  readonly path: string;
  readonly message: string;
}

/**
 * Records a warning on `scope` (deduplicated: validations run once per synthesized chart)
 * and prints it as `[path] warning: message`.
 */
export function addSynthWarning(scope: IConstruct, message: string): void {
  if (scope.node.metadata.some((m) => m.type === SYNTH_WARNING_METADATA && m.data === message)) return;
  scope.node.addMetadata(SYNTH_WARNING_METADATA, message);
  console.warn(`[${scope.node.path}] warning: ${message}`);
}

/** Every synth warning recorded under `scope` (run after synth, or after `node.validate()`). */
export function synthWarnings(scope: IConstruct): SynthWarning[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === SYNTH_WARNING_METADATA)
    .map((m) => ({ path: c.node.path, message: String(m.data) })));
}
