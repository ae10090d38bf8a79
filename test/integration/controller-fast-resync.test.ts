// The re-sync fast path (VerifiedState) against the server's own verdict: random out-of-band
// edits to owned and unowned fields, no-op writes, edit-and-revert, other appliers sharing our
// values, status updates; after every step each object is judged both ways. The fast path may be
// unsure (then the dry-run decides), but whenever it says "unchanged" the dry-run must agree.
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeApiError } from '../../lib/controller/kube-errors';
import { LiveCompactor } from '../../lib/controller/live-compaction';
import { KubeObject, refOf } from '../../lib/controller/objects';
import { ResourceManager } from '../../lib/controller/resource-manager';
import { configMap, newClient, vm } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(300_000);

/** Small deterministic PRNG (mulberry32): a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.FAST_RESYNC_SEED ?? Date.now() % 100_000);
const STEPS = 60;

describeIfCluster('controller: fast re-sync verdict equals the dry-run verdict', () => {
  let client: KubeClient;
  let ns: string;
  beforeAll(async () => {
    client = await newClient();
    ns = uniqueName('fast');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => { await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined); });

  test(`random out-of-band edits and no-op writes (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const desired: KubeObject[] = [
      ...[0, 1, 2, 3].map((i) => ({ ...configMap(`cm-${i}`, ns, { a: '1', b: 'two' }), metadata: { name: `cm-${i}`, namespace: ns, labels: { app: 'x' }, annotations: { note: 'n' } } })),
      ...[0, 1, 2].map((i) => ({ ...vm(`vm-${i}`, ns), metadata: { name: `vm-${i}`, namespace: ns, labels: { app: 'x' } } })),
    ];
    const manager = new ResourceManager(client); // fast path on: what the controller uses
    // The controller's watch cache holds compact copies: the fast path must judge them as it judges the whole object.
    const compactor = new LiveCompactor(manager.fieldManager);
    const server = new ResourceManager(client, { fastResync: false }); // always dry-runs
    for (const entry of await manager.applyAll(desired)) expect(['created', 'configured', 'unchanged']).toContain(entry.action);

    const ownedPath = (o: KubeObject) => (o.kind === 'ConfigMap' ? { data: { a: String(Math.floor(random() * 3)) } } : { spec: { runStrategy: pick(['Halted', 'Always', 'Manual']) } });
    const edits: Record<string, (o: KubeObject) => Promise<unknown>> = {
      'owned field changed (kubectl edit)': (o) => client.mergePatch(withPatch(o, ownedPath(o)), { fieldManager: 'kubectl-edit' }),
      'unowned label added': (o) => client.mergePatch(withPatch(o, { metadata: { labels: { [`extra-${Math.floor(random() * 3)}`]: 'y' } } }), { fieldManager: 'someone' }),
      'owned label removed': (o) => client.mergePatch(withPatch(o, { metadata: { labels: { app: null } } }), { fieldManager: 'kubectl-edit' }),
      'owned label changed and changed back': async (o) => {
        await client.mergePatch(withPatch(o, { metadata: { labels: { app: 'changed' } } }), { fieldManager: 'kubectl-edit' });
        await client.mergePatch(withPatch(o, { metadata: { labels: { app: 'x' } } }), { fieldManager: 'kubectl-edit' });
      },
      'no-op merge patch (same values)': (o) => client.mergePatch(withPatch(o, { metadata: { labels: { app: 'x' } } }), { fieldManager: 'kubectl-edit' }),
      // Refused (409) when an earlier edit left another value in a field it sets: a real outcome, nothing changes.
      'another applier applies our values': (o) => client.apply(desiredOf(o), { fieldManager: 'other-tool' }).catch(refusedOnConflict),
      'another applier forces a different value': (o) => client.apply({ ...desiredOf(o), metadata: { ...desiredOf(o).metadata, labels: { app: 'theirs' } } }, { fieldManager: 'other-tool', force: true }),
      'status updated (VM)': async (o) => {
        if (o.kind !== 'VirtualMachine') return;
        await client.applyStatus({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: ns }, status: { printableStatus: pick(['Stopped', 'Starting']) } } as KubeObject, 'virt-controller');
      },
      'nothing (steady state)': async () => undefined,
    };
    const desiredOf = (o: KubeObject) => desired.find((d) => d.kind === o.kind && d.metadata.name === o.metadata.name)!;

    const tally = { cases: 0, fastUnchanged: 0, unsureButUnchanged: 0, drift: 0 };
    const seen = new Map<string, number>();
    for (let step = 0; step < STEPS; step++) {
      const target = pick(desired);
      const name = pick(Object.keys(edits));
      seen.set(name, (seen.get(name) ?? 0) + 1);
      await edits[name](target);
      for (const d of desired) {
        const live = await client.get(refOf(d));
        const fast = manager.verified!.check(d, live);
        expect({ step, edit: name, object: d.metadata.name, compactFast: Boolean(manager.verified!.check(d, live && compactor.compact(live))) })
          .toEqual({ step, edit: name, object: d.metadata.name, compactFast: Boolean(fast) });
        const truth = (await server.plan(d, { liveLookup: () => ({ live }) })).entry;
        tally.cases++;
        if (truth.action !== 'unchanged') tally.drift++;
        if (fast) {
          tally.fastUnchanged++;
          // The property: a fast "unchanged" is never a missed drift.
          expect({ step, edit: name, object: d.metadata.name, seed: SEED, verdict: truth.action }).toEqual({ step, edit: name, object: d.metadata.name, seed: SEED, verdict: 'unchanged' });
          expect(fast.held.map((h) => h.field)).toEqual((truth.held ?? []).map((h) => h.field));
        } else if (truth.action === 'unchanged') {
          tally.unsureButUnchanged++;
        }
      }
      // Converge now and then (a full sync), so both drifted and clean states are judged.
      if (random() < 0.4) {
        for (const entry of await manager.applyAll(desired, { forceConflicts: true, respectedManagers: [] })) expect(entry.action).not.toBe('failed');
      }
    }
    // After a converging sync every object is decided without a request.
    await manager.applyAll(desired, { forceConflicts: true, respectedManagers: [] });
    for (const d of desired) {
      const live = await client.get(refOf(d));
      expect(manager.verified!.check(d, live)).toBeDefined();
      expect(manager.verified!.check(d, live && compactor.compact(live))).toBeDefined();
    }
    console.log(`fast re-sync equivalence (seed ${SEED}): ${JSON.stringify(tally)}; edits ${JSON.stringify(Object.fromEntries(seen))}`);
    expect(tally.drift).toBeGreaterThan(0);
    expect(tally.fastUnchanged).toBeGreaterThan(0);
  });
});

function refusedOnConflict(err: unknown): void {
  if (!(err instanceof KubeApiError && err.statusCode === 409)) throw err;
}

function withPatch(o: KubeObject, patch: Record<string, any>): KubeObject {
  return { apiVersion: o.apiVersion, kind: o.kind, ...patch, metadata: { name: o.metadata.name, namespace: o.metadata.namespace, ...(patch.metadata ?? {}) } } as KubeObject;
}
