// DataImportCron rules (CDI pkg/apiserver/webhooks/dataimportcron-validate.go): a registry source,
// a schedule gorhill/cronexpr parses, known garbage-collection and retention values, and a managed
// DataSource name. The template's DataVolume spec is judged by the dvSpec rules (engine.ts).
import { cronError } from '../../parsers';
import { ObjectRule } from './types';
import { has, isDnsLabel, obj } from './util';

export const dicSpecValid: ObjectRule = {
  id: 'dic-spec-valid', severity: 'error', scope: 'object', kinds: ['DataImportCron'],
  doc: 'A DataImportCron imports from a registry on a cron schedule CDI parses, with known garbageCollect/retentionPolicy values, importsToKeep >= 0 and a managed DataSource name.',
  check(o, ctx) {
    const spec = obj(o.spec) ?? {};
    if (!obj(spec.template?.spec?.source)?.registry) {
      ctx.report('spec.template.spec.source', 'a DataImportCron imports from a registry (spec.template.spec.source.registry); CDI refuses other sources');
    }
    const schedule = spec.schedule;
    if (typeof schedule !== 'string' || schedule.trim() === '') ctx.report('spec.schedule', 'a DataImportCron needs a cron schedule');
    else {
      const why = cronError(schedule);
      if (why) ctx.report('spec.schedule', `'${schedule}' is not a cron schedule: ${why}`);
    }
    if (has(spec.garbageCollect) && !['Outdated', 'Never'].includes(spec.garbageCollect)) {
      ctx.report('spec.garbageCollect', `'${spec.garbageCollect}' is not one of Outdated, Never`);
    }
    if (has(spec.retentionPolicy) && !['RetainAll', 'None'].includes(spec.retentionPolicy)) {
      ctx.report('spec.retentionPolicy', `'${spec.retentionPolicy}' is not one of RetainAll, None`);
    }
    if (has(spec.importsToKeep) && !(Number.isInteger(spec.importsToKeep) && spec.importsToKeep >= 0 && spec.importsToKeep <= 0x7fffffff)) {
      ctx.report('spec.importsToKeep', `must be a whole number >= 0, got ${spec.importsToKeep}`);
    }
    const ds = spec.managedDataSource;
    if (typeof ds !== 'string' || ds === '') ctx.report('spec.managedDataSource', 'a DataImportCron names the DataSource it manages');
    else if (!isDnsLabel(ds)) ctx.report('spec.managedDataSource', `'${ds}' must be a lowercase RFC 1123 label of at most 63 characters`);
  },
};

export const DATA_IMPORT_CRON_RULES = [dicSpecValid];
