// The state of a source's last apply, on its ApplySet parent. The parent is a Secret (kubectl's
// default parent kind), which has no status: conditions (kstatus shape) live in annotations,
// written by a field manager of their own so the inventory writes never touch them.
import { promises as fs } from 'fs';
import * as path from 'path';
import { ChangeAction, ChangeSet } from './changeset';
import { InventoryRef } from './inventory';
import { KubeClient } from './kube-client';
import { KubeObject } from './objects';

export const CONDITIONS_ANNOTATION = 'cdk8s-kubevirt.io/conditions';
export const REVISION_ANNOTATION = 'cdk8s-kubevirt.io/last-applied-revision';
export const COUNTS_ANNOTATION = 'cdk8s-kubevirt.io/counts';
export const STATUS_FIELD_MANAGER = 'cdk8s-kubevirt-status';

export interface SetCondition {
  readonly type: 'Ready' | 'Stalled' | 'RestartRequired';
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
}

/** What a run leaves on the parent. */
export interface SetStatus {
  readonly ok: boolean;
  readonly message?: string;
  readonly changes: ChangeSet;
  /** The source revision applied (a Git commit, or a content hash). */
  readonly revision?: string;
  /** VMs that need a restart to pick up their applied spec (`Kind/ns/name`). */
  readonly restartRequired: string[];
}

/** The annotations describing a run; transition times kept from `previous` when a status did not change. */
export function statusAnnotations(status: SetStatus, previous: KubeObject | undefined, now = new Date()): Record<string, string> {
  const old = readConditions(previous);
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: SetCondition['type'], value: boolean, reason: string, message: string): SetCondition => {
    const before = old.find((c) => c.type === type);
    const statusText = value ? 'True' : 'False';
    return { type, status: statusText, reason, message, lastTransitionTime: before?.status === statusText ? before.lastTransitionTime : time };
  };
  const counts = status.changes.counts();
  const summary = (Object.keys(counts) as ChangeAction[]).filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${a}`).join(', ') || 'nothing to do';
  const restart = status.restartRequired;
  const conditions = [
    status.ok ? condition('Ready', true, 'Applied', summary) : condition('Ready', false, 'ApplyFailed', (status.message ?? 'failed').slice(0, 2000)),
    condition('Stalled', !status.ok, status.ok ? 'Applied' : 'ApplyFailed', status.ok ? '' : 'the last apply failed; retried on the next sync'),
    condition('RestartRequired', restart.length > 0, restart.length > 0 ? 'PendingRestart' : 'UpToDate',
      restart.length > 0 ? `restart to apply the new spec: ${restart.join(', ')}` : ''),
  ];
  return {
    [CONDITIONS_ANNOTATION]: JSON.stringify(conditions),
    [COUNTS_ANNOTATION]: JSON.stringify(counts),
    ...(status.revision ? { [REVISION_ANNOTATION]: status.revision } : {}),
  };
}

export function readConditions(parent: KubeObject | undefined): SetCondition[] {
  try {
    const parsed = JSON.parse(parent?.metadata.annotations?.[CONDITIONS_ANNOTATION] ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as SetCondition[]) : [];
  } catch {
    return [];
  }
}

/**
 * Writes the status annotations when the run changed or failed something, or a condition or the
 * revision changed; a steady-state run writes nothing (its counts would only say "unchanged").
 */
export async function writeSetStatus(client: KubeClient, ref: InventoryRef, status: SetStatus, previous: KubeObject | undefined): Promise<boolean> {
  const annotations = statusAnnotations(status, previous);
  const current = previous?.metadata.annotations ?? {};
  const shape = (text: string | undefined) => JSON.stringify((JSON.parse(text ?? '[]') as SetCondition[]).map((c) => [c.type, c.status, c.reason]));
  const same = shape(current[CONDITIONS_ANNOTATION]) === shape(annotations[CONDITIONS_ANNOTATION])
    && current[REVISION_ANNOTATION] === annotations[REVISION_ANNOTATION];
  if (same && !status.changes.hasChanges && status.ok) return false;
  if (Object.entries(annotations).every(([k, v]) => current[k] === v)) return false;
  await client.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: ref.name, namespace: ref.namespace, annotations } },
    { fieldManager: STATUS_FIELD_MANAGER, force: true });
  return true;
}

/**
 * The revision of a source folder: the Git commit checked out there (a git-sync worktree or a
 * clone: `.git` found upwards), else undefined.
 */
export async function sourceRevision(dir: string): Promise<string | undefined> {
  let current = await fs.realpath(dir).catch(() => path.resolve(dir));
  for (;;) {
    const dotGit = path.join(current, '.git');
    const stat = await fs.stat(dotGit).catch(() => undefined);
    if (stat) {
      const gitDir = stat.isDirectory() ? dotGit : path.resolve(current, (await fs.readFile(dotGit, 'utf8')).replace(/^gitdir:\s*/, '').trim());
      return readHead(gitDir);
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

async function readHead(gitDir: string): Promise<string | undefined> {
  const head = (await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  // A worktree's refs live in the common directory.
  const common = (await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => '')).trim();
  const roots = [gitDir, ...(common ? [path.resolve(gitDir, common)] : [])];
  for (const root of roots) {
    const loose = (await fs.readFile(path.join(root, ref), 'utf8').catch(() => '')).trim();
    if (loose) return loose;
    const packed = await fs.readFile(path.join(root, 'packed-refs'), 'utf8').catch(() => '');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    if (line) return line.split(' ')[0];
  }
  return undefined;
}
