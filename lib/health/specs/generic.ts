// kstatus's generic rules, for kinds without a spec of their own, and the spec of kinds that
// never get a status (a NAD, a Template): they exist, so they are healthy and hold no wave.
import { all, condField, condIs, first, hasCond, isSet, msg, ne, path, rule, when } from '../dsl';
import { HealthSpec } from '../types';

/** observedGeneration behind generation: the controller has not seen the latest spec yet. */
export const generationNotObserved = all(isSet(path('status.observedGeneration')), isSet(path('metadata.generation')),
  ne(path('status.observedGeneration'), path('metadata.generation')));

export const GENERIC_HEALTH: HealthSpec = {
  name: 'kstatus generic',
  rules: [
    rule(generationNotObserved, 'Progressing', 'generation ', path('metadata.generation'), ' not observed yet'),
    rule(condIs('Reconciling'), 'Progressing', first([condField('Reconciling', 'message')], 'Reconciling')),
    rule(condIs('Stalled'), 'Degraded', first([condField('Stalled', 'message')], 'Stalled')),
    rule(condIs('Ready'), 'Healthy', 'Ready'),
    rule(hasCond('Ready'), 'Progressing', when(isSet(condField('Ready', 'message')), condField('Ready', 'message')),
      when({ not: isSet(condField('Ready', 'message')) }, 'Ready ', condField('Ready', 'status'))),
  ],
  otherwise: { status: 'Healthy', message: msg('exists') },
};

/** Kinds with no status of their own (configuration objects): healthy once they exist. */
export const EXISTS_HEALTH: HealthSpec = {
  name: 'exists',
  rules: [],
  otherwise: { status: 'Healthy', message: msg('exists') },
};
