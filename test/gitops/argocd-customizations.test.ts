import { execFileSync } from 'child_process';
import { argoCdHealthChecks, healthLuaScript, healthSpecOf } from '../../lib/health';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, ArgoCdCustomizations, KUBEVIRT_WRITTEN_FIELDS, customizationKey,
} from '../../lib/gitops';
import { expectSchemaValid } from '../support/schema';

/** A Lua 5.1 table constructor for a JSON value. */
function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`;
  return `{${Object.entries(value as object).map(([k, v]) => `[${JSON.stringify(k)}] = ${toLua(v)}`).join(', ')}}`;
}

/** Runs a health script the way Argo CD does (a function of `obj` returning a table) under Debian's lua5.1. */
function runHealth(lua: string, obj: unknown): { status: string; message: string } {
  const program = `local obj = ${toLua(obj)}\nlocal hs = (function()\n${lua}\nend)()\nio.write(hs.status, "\\n", hs.message or "")`;
  let out: string;
  try {
    out = execFileSync('lua5.1', ['-'], { input: program, encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error("lua5.1 not found: install Debian's lua5.1 (.ci/run does)");
    throw e;
  }
  const [status, ...message] = out.split('\n');
  return { status, message: message.join('\n') };
}

const app = (status?: Record<string, unknown>) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'lab' }, status });

describe('Application health check (lua5.1)', () => {
  test.each([
    ['no status yet', app(), 'Progressing'],
    ['sync running', app({ operationState: { phase: 'Running' }, health: { status: 'Healthy' } }), 'Progressing'],
    ['objects not created yet', app({ sync: { status: 'OutOfSync' }, health: { status: 'Missing' } }), 'Progressing'],
    ['health unknown', app({ sync: { status: 'Synced' }, health: { status: 'Unknown' } }), 'Progressing'],
    ['synced and healthy', app({ sync: { status: 'Synced' }, health: { status: 'Healthy' }, operationState: { phase: 'Succeeded' } }), 'Healthy'],
    ['an object still progressing', app({ sync: { status: 'Synced' }, health: { status: 'Progressing', message: 'NNCP rolling out' } }), 'Progressing'],
    ['an object degraded', app({ sync: { status: 'Synced' }, health: { status: 'Degraded', message: 'DataVolume import failed' } }), 'Degraded'],
    ['an object suspended', app({ sync: { status: 'Synced' }, health: { status: 'Suspended' } }), 'Suspended'],
    ['sync failed, still out of sync', app({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' }, operationState: { phase: 'Failed', message: 'admission webhook denied' } }), 'Degraded'],
    ['out of sync but healthy (e.g. an unpruned object)', app({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } }), 'Healthy'],
  ])('%s -> %s', (_name, obj, expected) => {
    expect(runHealth(APPLICATION_HEALTH_LUA, obj).status).toBe(expected);
  });

  test('messages explain the verdict', () => {
    expect(runHealth(APPLICATION_HEALTH_LUA, app({ operationState: { phase: 'Failed', message: 'admission webhook denied' }, sync: { status: 'OutOfSync' } })).message)
      .toBe('admission webhook denied');
    expect(runHealth(APPLICATION_HEALTH_LUA, app({ health: { status: 'Degraded', message: 'DataVolume import failed' } })).message)
      .toBe('DataVolume import failed');
    expect(runHealth(APPLICATION_HEALTH_LUA, app({ health: { status: 'Healthy' } })).message).toBe('');
  });
});

describe('ArgoCdCustomizations', () => {
  function render(props: ConstructorParameters<typeof ArgoCdCustomizations>[2] = {}) {
    const chart = new Chart(Testing.app(), 'argocd-config', { namespace: 'vms' });
    const c = new ArgoCdCustomizations(chart, 'cm', props);
    return { c, chart, objects: () => Testing.synth(chart) };
  }

  test('argocd-cm with the Application health check and justified bookkeeping ignores, nothing else', () => {
    const { objects } = render();
    const [cm] = objects();
    expectSchemaValid(cm);
    expect(cm.metadata).toEqual({
      name: 'argocd-cm', namespace: 'argocd',
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
    });
    expect(cm.data[APPLICATION_HEALTH_KEY]).toBe(APPLICATION_HEALTH_LUA);
    const vmKey = 'resource.customizations.ignoreDifferences.kubevirt.io_VirtualMachine';
    const generated = argoCdHealthChecks().map((h) => customizationKey('health', h.group, h.kind));
    expect(Object.keys(cm.data).sort()).toEqual([
      APPLICATION_HEALTH_KEY,
      ...generated,
      'resource.customizations.ignoreDifferences.cdi.kubevirt.io_DataVolume',
      vmKey,
    ].sort());
    // The KubeVirt kinds' checks are the ones generated from lib/health's specs (tested under lua5.1 there).
    expect(cm.data['resource.customizations.health.kubevirt.io_VirtualMachine']).toBe(healthLuaScript(healthSpecOf('kubevirt.io/v1', 'VirtualMachine')));
    expect(generated).toEqual(expect.arrayContaining(['resource.customizations.health.nmstate.io_NodeNetworkConfigurationPolicy',
      'resource.customizations.health.cdi.kubevirt.io_DataVolume', 'resource.customizations.health.k8s.cni.cncf.io_NetworkAttachmentDefinition']));
    // Argo CD parses the value as YAML (OverrideIgnoreDiff); the comments carry the upstream file.
    expect(YAML.parse(cm.data[vmKey])).toEqual({
      jsonPointers: [
        '/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version',
        '/spec/template/metadata/annotations/kubevirt.io~1pci-interface-slot-count',
      ],
    });
    for (const f of KUBEVIRT_WRITTEN_FIELDS.filter((w) => w.internal)) {
      const text = cm.data[customizationKey('ignoreDifferences', f.group, f.kind)];
      for (const file of f.writtenBy) expect(text).toContain(file);
    }
    // Fields users may declare (firmware uuid, architecture...) are never ignored cluster-wide.
    expect(cm.data[vmKey]).not.toMatch(/^- .*firmware/m);
  });

  test('health checks per kind, core group keyed by kind alone', () => {
    const { c, objects } = render({ applicationHealth: false, kindHealth: false, ignoreKubeVirtBookkeeping: false });
    c.addHealthCheck({ group: 'nmstate.io', kind: 'NodeNetworkConfigurationPolicy', lua: 'return { status = "Healthy" }' });
    c.addHealthCheck({ group: '', kind: 'PersistentVolumeClaim', lua: 'return { status = "Healthy" }' });
    const [cm] = objects();
    expect(Object.keys(cm.data).sort()).toEqual([
      'resource.customizations.health.PersistentVolumeClaim',
      'resource.customizations.health.nmstate.io_NodeNetworkConfigurationPolicy',
    ]);
    expect(() => c.addHealthCheck({ group: 'x', kind: 'Y', lua: ' ' })).toThrow(/empty Lua health check for x\/Y/);
  });
});
