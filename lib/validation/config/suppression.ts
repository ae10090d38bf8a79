// Applies the configuration to findings: per-rule severities, `ignore` entries and the per-object
// annotation `cdk8s-kubevirt.io/ignore-rules: "id1,id2 -- reason"`. Suppressed findings stay in
// the result, marked `suppressed`, so every report shows them; an ignore without a reason is
// itself a warning.
import * as path from 'path';
import { Finding, KubeObject, objectRef } from '../types';
import { RuleLevel, Suppression, ValidationConfigSpec } from './types';

/** The annotation that suppresses rule ids on one object. */
export const IGNORE_ANNOTATION = 'cdk8s-kubevirt.io/ignore-rules';
/** The finding id for a suppression that gives no reason. */
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';

/** What `settleFindings` needs from the configuration. */
export interface SuppressionSettings {
  readonly spec: ValidationConfigSpec;
  /** Where the configuration came from (file path or `cdk8s.yaml properties`), for messages. */
  readonly source?: string;
  /** Folder `ignore[].files` globs are relative to. @default - the current folder */
  readonly baseDir?: string;
  /** Folder relative finding file names are relative to. @default - process.cwd() */
  readonly cwd?: string;
}

/** `"id1, id2 -- reason"` -> ids and reason (`--` and the reason are optional). */
export function parseIgnoreAnnotation(value: string): { rules: string[]; reason: string } {
  const sep = value.indexOf('--');
  const ids = sep < 0 ? value : value.slice(0, sep);
  return {
    rules: ids.split(',').map((s) => s.trim()).filter(Boolean),
    reason: sep < 0 ? '' : value.slice(sep + 2).trim(),
  };
}

/**
 * Findings with the configuration applied. `objectOf` gives the input object a finding is
 * about (for its annotation); findings without one are only subject to the config file.
 */
export function settleFindings<T>(items: readonly T[], finding: (item: T) => Finding, objectOf: (item: T) => KubeObject | undefined,
  settings: SuppressionSettings | undefined, rebuild: (item: T, f: Finding) => T): T[] {
  const spec = settings?.spec ?? {};
  const where = settings?.source ?? 'the validation config';
  const levels: Readonly<Record<string, RuleLevel>> = spec.rules ?? {};
  const out: T[] = [];
  const annotationCache = new Map<KubeObject, { rules: Set<string>; reason: string } | undefined>();
  const annotationOf = (o: KubeObject | undefined) => {
    if (!o) return undefined;
    if (!annotationCache.has(o)) {
      const raw = o.metadata?.annotations?.[IGNORE_ANNOTATION];
      const parsed = typeof raw === 'string' ? parseIgnoreAnnotation(raw) : undefined;
      annotationCache.set(o, parsed ? { rules: new Set(parsed.rules), reason: parsed.reason } : undefined);
    }
    return annotationCache.get(o);
  };
  for (const item of items) {
    let f = finding(item);
    const level = levels[f.rule];
    let suppressed: Suppression | undefined;
    if (level === 'off') suppressed = { kind: 'config', reason: `rule turned off in ${where}` };
    else if (level) f = { ...f, severity: level };
    const note = annotationOf(objectOf(item));
    if (!suppressed && note?.rules.has(f.rule)) suppressed = { kind: 'annotation', reason: note.reason || '(no reason given)' };
    if (!suppressed) {
      const entry = (spec.ignore ?? []).find((e) => e.rules.includes(f.rule) && filesMatch(e.files, f.file, settings));
      if (entry) suppressed = { kind: 'config', reason: entry.reason?.trim() || '(no reason given)' };
    }
    out.push(suppressed ? rebuild(item, { ...f, suppressed }) : f === finding(item) ? item : rebuild(item, f));
  }
  return out;
}

/** The warning for an object whose ignore annotation gives no reason (or no ids), if it does. */
export function annotationWarning(object: KubeObject, file?: string): Finding | undefined {
  const raw = object?.metadata?.annotations?.[IGNORE_ANNOTATION];
  if (typeof raw !== 'string') return undefined;
  const { rules, reason } = parseIgnoreAnnotation(raw);
  if (reason && rules.length) return undefined;
  return {
    rule: SUPPRESSION_WITHOUT_REASON, severity: 'warning', ...(file !== undefined ? { file } : {}), object: objectRef(object),
    path: `metadata.annotations["${IGNORE_ANNOTATION}"]`,
    message: rules.length ? `ignores ${rules.join(', ')} without a reason` : 'names no rule ids',
    hint: `write "${rules.join(',') || 'rule-id'} -- why this is accepted"`,
  };
}

/** Warnings for config `ignore` entries without a reason (about the config file, not an object). */
export function configIgnoreWarnings(settings: SuppressionSettings | undefined): Finding[] {
  return (settings?.spec.ignore ?? []).flatMap((e, i) => (e.reason?.trim() ? [] : [{
    rule: SUPPRESSION_WITHOUT_REASON, severity: 'warning' as const, ...(settings?.source ? { file: settings.source } : {}),
    object: { apiVersion: '', kind: '', name: '' }, path: `ignore[${i}]`,
    message: `ignore[${i}] (${e.rules.join(', ')}) gives no reason`, hint: 'add reason: why these findings are accepted',
  }]));
}

function filesMatch(globs: readonly string[] | undefined, file: string | undefined, settings: SuppressionSettings | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  if (!file) return false;
  const absolute = path.resolve(settings?.cwd ?? process.cwd(), file);
  const relative = path.relative(settings?.baseDir ?? settings?.cwd ?? process.cwd(), absolute).split(path.sep).join('/');
  return globs.some((g) => path.matchesGlob(relative, g) || path.matchesGlob(file.split(path.sep).join('/'), g));
}

/** Counts of a finding list: suppressed findings count only as suppressed. */
export function isCounted(f: Finding): boolean {
  return f.suppressed === undefined;
}
