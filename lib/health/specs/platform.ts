// Health of the platform kinds: OLM's Subscription / InstallPlan / ClusterServiceVersion, planned
// live migrations, and Forklift's providers, maps, plans and migrations. Forklift reports
// problems as conditions with a category; a True condition of category Critical or Error blocks
// the object (kubev2v/forklift pkg/lib/condition).
import { all, any, condField, condIs, eq, first, msg, oneOf, opt, path, rule, some } from '../dsl';
import { HealthSpec, Predicate } from '../types';

const phase = path('status.phase');
const state = path('status.state');

export const SUBSCRIPTION_HEALTH: HealthSpec = {
  name: 'Subscription',
  rules: [
    rule(condIs('ResolutionFailed'), 'Degraded', 'ResolutionFailed', opt(condField('ResolutionFailed', 'message'), ': ')),
    rule(condIs('InstallPlanFailed'), 'Degraded', 'InstallPlanFailed', opt(condField('InstallPlanFailed', 'message'), ': ')),
    rule(condIs('CatalogSourcesUnhealthy'), 'Degraded', 'catalog sources unhealthy', opt(condField('CatalogSourcesUnhealthy', 'message'), ': ')),
    rule(eq(state, 'UpgradeFailed'), 'Degraded', 'UpgradeFailed'),
    // Manual approval: OLM waits for a person to approve the InstallPlan; that is the intended pause.
    rule(all(eq(state, 'UpgradePending'), eq(path('spec.installPlanApproval'), 'Manual')), 'Suspended', 'InstallPlan awaits approval',
      opt(path('status.installPlanRef.name'), ': ')),
    rule(eq(state, 'AtLatestKnown'), 'Healthy', 'AtLatestKnown', opt(path('status.installedCSV'), ': ')),
  ],
  otherwise: { status: 'Progressing', message: msg(first([state], 'waiting for OLM to resolve the subscription')) },
};

export const INSTALL_PLAN_HEALTH: HealthSpec = {
  name: 'InstallPlan',
  rules: [
    rule(eq(phase, 'Complete'), 'Healthy', 'Complete'),
    rule(eq(phase, 'Failed'), 'Degraded', 'Failed', opt(condField('Installed', 'message'), ': ')),
    rule(eq(phase, 'RequiresApproval'), 'Suspended', 'RequiresApproval'),
  ],
  otherwise: { status: 'Progressing', message: msg(first([phase], 'Installing')) },
};

export const CSV_HEALTH: HealthSpec = {
  name: 'ClusterServiceVersion',
  rules: [
    rule(eq(phase, 'Succeeded'), 'Healthy', 'Succeeded'),
    rule(eq(phase, 'Failed'), 'Degraded', 'Failed', opt(path('status.message'), ': ')),
  ],
  otherwise: { status: 'Progressing', message: msg(first([phase], 'Pending')) },
};

export const VMI_MIGRATION_HEALTH: HealthSpec = {
  name: 'VirtualMachineInstanceMigration',
  rules: [
    rule(eq(phase, 'Succeeded'), 'Healthy', 'Succeeded'),
    rule(eq(phase, 'Failed'), 'Degraded', 'Failed'),
  ],
  otherwise: { status: 'Progressing', message: msg(first([phase], 'Pending')) },
};

const blocked: Predicate = some('status.conditions', all(eq(path('@.status'), 'True'), oneOf(path('@.category'), ['Critical', 'Error'])));

/** Provider, NetworkMap, StorageMap: Ready once validated against the source inventory. */
export const FORKLIFT_READY_HEALTH: HealthSpec = {
  name: 'ForkliftReady',
  rules: [
    rule(blocked, 'Degraded', 'blocked by a critical condition', opt(condField('Ready', 'message'), ': ')),
    rule(condIs('Ready'), 'Healthy', 'Ready'),
  ],
  otherwise: { status: 'Progressing', message: msg('waiting for Ready') },
};

export const FORKLIFT_PLAN_HEALTH: HealthSpec = {
  name: 'ForkliftPlan',
  rules: [
    rule(condIs('Succeeded'), 'Healthy', 'Succeeded'),
    rule(condIs('Failed'), 'Degraded', 'Failed', opt(condField('Failed', 'message'), ': ')),
    rule(condIs('Canceled'), 'Suspended', 'Canceled'),
    rule(condIs('Executing'), 'Progressing', 'Executing'),
    rule(blocked, 'Degraded', 'blocked by a critical condition'),
    // A validated plan waits for its Migration: that is its steady state.
    rule(condIs('Ready'), 'Healthy', 'Ready'),
  ],
  otherwise: { status: 'Progressing', message: msg('validating') },
};

export const FORKLIFT_MIGRATION_HEALTH: HealthSpec = {
  name: 'ForkliftMigration',
  rules: [
    rule(condIs('Succeeded'), 'Healthy', 'Succeeded'),
    rule(condIs('Failed'), 'Degraded', 'Failed', opt(condField('Failed', 'message'), ': ')),
    rule(condIs('Canceled'), 'Suspended', 'Canceled'),
    rule(any(condIs('Running'), condIs('Executing')), 'Progressing', 'Running'),
  ],
  otherwise: { status: 'Progressing', message: msg('Pending') },
};
