import { Testing } from 'cdk8s';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildLab } from '../../examples/lab';
import { enableSyncWaves } from '../../lib';
import { computeSyncWaves } from '../../lib/controller/ordering';

// A Template creates nothing and the VMs instantiated from it do not need it: in a later wave it
// could only be held back by them (a stopped VM Argo CD calls Suspended holds every later wave).
describe('templates are applied with the catalog, before the VMs', () => {
  const app = Testing.app();
  const lab = buildLab(app);
  buildCatalogExamples(app, lab);
  enableSyncWaves(app);
  const templated = app.charts.find((c) => c.node.id === 'templated')!;
  const objects = Testing.synth(templated);
  const wave = (o: any) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);

  test('sync waves written at synth', () => {
    const template = objects.find((o) => o.kind === 'Template');
    const vms = objects.filter((o) => o.kind === 'VirtualMachine');
    expect(vms.length).toBeGreaterThan(0);
    for (const vm of vms) expect(wave(template)).toBeLessThan(wave(vm));
    expect(wave(template)).toBe(10);
  });

  test("the controller's apply waves agree", () => {
    const waves = computeSyncWaves(objects);
    const byKind = (kind: string) => [...waves.entries()].filter(([k]) => k.includes(`/${kind}/`)).map(([, w]) => w);
    expect(byKind('Template')).toHaveLength(1);
    for (const w of byKind('VirtualMachine')) expect(byKind('Template')[0]).toBeLessThan(w);
  });
});
