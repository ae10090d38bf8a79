import { changeEntry, ChangeSet } from '../../lib/controller/changeset';
import { KubeObject } from '../../lib/controller/objects';
import { CONDITIONS_ANNOTATION, COUNTS_ANNOTATION, REVISION_ANNOTATION, SetCondition, statusAnnotations } from '../../lib/controller/set-status';

const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'vms', name: 'cfg' };
const changes = (...actions: Array<'created' | 'failed' | 'unchanged'>) => {
  const set = new ChangeSet();
  for (const a of actions) set.add(changeEntry(ref, a));
  return set;
};
const conditions = (annotations: Record<string, string>) => JSON.parse(annotations[CONDITIONS_ANNOTATION]) as SetCondition[];

describe('ApplySet parent status', () => {
  test('Ready, Stalled and RestartRequired conditions in kstatus shape, with revision and counts', () => {
    const a = statusAnnotations({ ok: true, changes: changes('created', 'unchanged'), revision: 'abc', restartRequired: ['VirtualMachine/vms/web'] }, undefined, new Date('2026-12-01T00:00:00Z'));
    expect(conditions(a)).toEqual([
      { type: 'Ready', status: 'True', reason: 'Applied', message: '1 created, 1 unchanged', lastTransitionTime: '2026-12-01T00:00:00Z' },
      { type: 'Stalled', status: 'False', reason: 'Applied', message: '', lastTransitionTime: '2026-12-01T00:00:00Z' },
      { type: 'RestartRequired', status: 'True', reason: 'PendingRestart', message: 'restart to apply the new spec: VirtualMachine/vms/web', lastTransitionTime: '2026-12-01T00:00:00Z' },
    ]);
    expect(a[REVISION_ANNOTATION]).toBe('abc');
    expect(JSON.parse(a[COUNTS_ANNOTATION])).toMatchObject({ created: 1, unchanged: 1, failed: 0 });
  });

  test('a transition time moves only when the status changes', () => {
    const first = statusAnnotations({ ok: true, changes: changes('created'), restartRequired: [] }, undefined, new Date('2026-12-01T00:00:00Z'));
    const parent: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p', annotations: first } };
    const later = statusAnnotations({ ok: false, message: 'wave 10 failed: ConfigMap/vms/cfg (conflict)', changes: changes('failed'), restartRequired: [] }, parent, new Date('2026-12-01T01:00:00Z'));
    const byType = Object.fromEntries(conditions(later).map((c) => [c.type, c]));
    expect(byType.Ready).toMatchObject({ status: 'False', reason: 'ApplyFailed', message: 'wave 10 failed: ConfigMap/vms/cfg (conflict)', lastTransitionTime: '2026-12-01T01:00:00Z' });
    expect(byType.Stalled.lastTransitionTime).toBe('2026-12-01T01:00:00Z');
    expect(byType.RestartRequired).toMatchObject({ status: 'False', lastTransitionTime: '2026-12-01T00:00:00Z' });
  });
});
