import { ObjectRef, subjectOf } from './objects';

/** What happened to one object. */
export type ChangeAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'skipped' | 'failed';

/** A field another manager the controller respects holds (e.g. virt-api after `virtctl stop`). */
export interface HeldField {
  /** The field as server-side apply names it, e.g. `.spec.runStrategy`. */
  readonly field: string;
  readonly manager: string;
}

/** One line of a run's report. */
export interface ChangeEntry {
  readonly ref: ObjectRef;
  /** `Kind/namespace/name`. */
  readonly subject: string;
  readonly action: ChangeAction;
  /** Why, for skipped and failed entries (and notes such as kept disks for deletions). */
  readonly reason?: string;
  /** Disks a deletion kept (detached from the deleted owner first), with their sizes. */
  readonly keptDisks?: Array<{ readonly subject: string; readonly size?: string }>;
  /** A VM whose running instance does not have its current spec yet (KubeVirt's RestartRequired). */
  readonly restartRequired?: boolean;
  /**
   * A VM write's changed fields that take effect only at the next start (lib/validation/vm-changes.ts),
   * known before KubeVirt flags RestartRequired.
   */
  readonly restartFields?: string[];
  /**
   * A stopped VM's changed fields that a running VM would need a restart for: they apply when it
   * next starts (no restart needed, and KubeVirt flags no RestartRequired).
   */
  readonly nextStartFields?: string[];
  /** Fields left to a respected manager: not applied, not a failure. */
  readonly held?: HeldField[];
  /** A failure of the API, not of the object (unreachable, timed out, overloaded): a later try may succeed. */
  readonly transient?: boolean;
  /** Field managers whose fields conflicted with ours. */
  readonly conflicts?: string[];
  /** A caveat on an entry that did what it says (e.g. a prune without the disk-adoption fence installed). */
  readonly warning?: string;
  /** Milliseconds spent on the object. */
  readonly durationMs?: number;
  /** True when the run was a dry run: the action is what would happen. */
  readonly dryRun?: boolean;
}

export function changeEntry(ref: ObjectRef, action: ChangeAction, extra: Partial<Omit<ChangeEntry, 'ref' | 'subject' | 'action'>> = {}): ChangeEntry {
  return { ref, subject: subjectOf(ref), action, ...extra };
}

const ACTIONS: ChangeAction[] = ['created', 'configured', 'unchanged', 'deleted', 'skipped', 'failed'];

/** The report of a run: entries in the order they happened. */
export class ChangeSet {
  public readonly entries: ChangeEntry[] = [];

  public add(...entries: ChangeEntry[]): void {
    this.entries.push(...entries);
  }

  public get failed(): ChangeEntry[] {
    return this.entries.filter((e) => e.action === 'failed');
  }

  /** True when at least one object was created, configured or deleted (or would be, in a dry run). */
  public get hasChanges(): boolean {
    return this.entries.some((e) => e.action === 'created' || e.action === 'configured' || e.action === 'deleted');
  }

  /** Count of entries per action, every action present. */
  public counts(): Record<ChangeAction, number> {
    const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<ChangeAction, number>;
    for (const entry of this.entries) counts[entry.action]++;
    return counts;
  }

  /** Map `Kind/namespace/name` → action. */
  public toMap(): Record<string, ChangeAction> {
    return Object.fromEntries(this.entries.map((e) => [e.subject, e.action]));
  }

  public toJSON(): { entries: ChangeEntry[]; summary: Record<ChangeAction, number> } {
    return { entries: this.entries, summary: this.counts() };
  }

  /** One line per entry plus a summary line, as `apply` prints it. */
  public toText(): string {
    const lines = this.entries.map(formatEntry);
    const counts = this.counts();
    lines.push(ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${a}`).join(', ') || 'nothing to do');
    return lines.join('\n');
  }
}

/** `Kind/ns/name configured (reason)`, with `(dry run)` when nothing was written. */
export function formatEntry(entry: ChangeEntry): string {
  const details = [entry.reason, entry.conflicts?.length ? `conflicts with ${entry.conflicts.join(', ')}` : undefined,
    ...(entry.held ?? []).map((h) => `${h.field} held by ${h.manager}`),
    entry.restartRequired ? 'restart required to run the applied spec' : undefined,
    entry.restartFields?.length ? `needs a restart for ${entry.restartFields.join(', ')}` : undefined,
    entry.nextStartFields?.length ? `applies at next start (VM stopped): ${entry.nextStartFields.join(', ')}` : undefined]
    .filter((d): d is string => !!d);
  const suffix = details.length ? `: ${details.join('; ')}` : '';
  return `${entry.subject} ${entry.action}${entry.dryRun ? ' (dry run)' : ''}${suffix}`;
}
