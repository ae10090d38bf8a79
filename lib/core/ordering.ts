// The apply order of kinds, shared by the constructs (Argo CD sync waves written at synth)
// and the controller (apply waves), so both order a folder the same way. The stage of each
// kind is an entry of the kind registry.

/** Argo CD's per-object wave annotation. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

export { ApplyStage, stageOfKind } from '../kinds';

/** Waves are spaced per stage so a chain of dependencies inside a stage fits between them. */
export const WAVES_PER_STAGE = 10;
