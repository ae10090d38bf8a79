import * as fs from 'fs';
import * as path from 'path';
import { ApplyStage, KINDS, authoredApiVersion, gatesNextWave, kindHoldsData, lookupKind, stageOfKind } from '../../lib/kinds';
import { computeHealth } from '../../lib/controller/health';
import { orderObjects } from '../../lib/controller/ordering';
import { ALL_RULES, Rule, validateObjects } from '../../lib/validation';

const generatedIndex = JSON.parse(fs.readFileSync(path.join(__dirname, '../../lib/validation/schema/generated/index.json'), 'utf8')) as {
  kinds: Record<string, { scope: string; plural: string }>;
};

describe('kind registry', () => {
  test('agrees with every pinned CRD on plural, scope and served versions', () => {
    const pinned = new Map<string, { versions: string[]; scope: string; plural: string }>();
    for (const [gvk, entry] of Object.entries(generatedIndex.kinds)) {
      const [group, version, kind] = gvk.split('/');
      const seen = pinned.get(`${group}/${kind}`) ?? { versions: [], scope: entry.scope, plural: entry.plural };
      seen.versions.push(version);
      pinned.set(`${group}/${kind}`, seen);
    }
    for (const [key, crd] of pinned) {
      const [group, kind] = key.split('/');
      const def = lookupKind(group, kind);
      expect({ key, registered: !!def }).toEqual({ key, registered: true });
      expect({ key, plural: def!.plural, scope: def!.scope, source: def!.source }).toEqual({ key, plural: crd.plural, scope: crd.scope, source: 'crd' });
      for (const v of def!.versions) expect({ key, version: v, served: crd.versions.includes(v) }).toEqual({ key, version: v, served: true });
    }
  });

  test('every rule names a registered rule set, and no two kinds share one', () => {
    const ruleSets = KINDS.map((k) => k.ruleSet).filter((r): r is string => r !== undefined);
    expect(new Set(ruleSets).size).toBe(ruleSets.length);
    for (const rule of ALL_RULES) {
      if (rule.scope !== 'object') continue;
      for (const kind of rule.kinds) expect({ rule: rule.id, kind, registered: ruleSets.includes(kind) }).toEqual({ rule: rule.id, kind, registered: true });
    }
  });

  test('authors the version the generated L1 classes use', () => {
    expect(authoredApiVersion(lookupKind('kubevirt.io', 'VirtualMachine')!)).toBe('kubevirt.io/v1');
    expect(authoredApiVersion(lookupKind('', 'Secret')!)).toBe('v1');
  });

  test('HyperConverged applies before the VMs and gates the next wave', () => {
    const hco = { apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' } };
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm', namespace: 'vms' } };
    const ordered = orderObjects([vm, hco]);
    expect(ordered.map((o) => o.object.kind)).toEqual(['HyperConverged', 'VirtualMachine']);
    expect(stageOfKind(hco.apiVersion, hco.kind)).toBeLessThan(ApplyStage.NODE_NETWORK);
    expect(gatesNextWave(hco.apiVersion, hco.kind)).toBe(true);
    expect(gatesNextWave(vm.apiVersion, vm.kind)).toBe(false);
    const status = (available: string) => ({ ...hco, status: { conditions: [{ type: 'Available', status: available }] } });
    expect(computeHealth(status('False')).status).toBe('InProgress');
    expect(computeHealth(status('True')).status).toBe('Current');
  });

  test('an in-progress VirtualMachineSnapshot is not settled', () => {
    const snap = (status: object) => ({ apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineSnapshot', metadata: { name: 's', namespace: 'vms' }, status });
    expect(computeHealth(snap({ phase: 'InProgress', readyToUse: false })).status).toBe('InProgress');
    expect(computeHealth(snap({ phase: 'Succeeded', readyToUse: true })).status).toBe('Current');
    expect(kindHoldsData('snapshot.kubevirt.io/v1beta1', 'VirtualMachineSnapshot')).toBe(true);
  });
});

describe('rules dispatch on group + kind', () => {
  const vmSpec = { runStrategy: 'Always', template: { spec: { domain: { devices: {} } } } };
  const probe = (seen: string[]): Rule => ({
    id: 'probe', severity: 'error', doc: 'records what it is run on', scope: 'object', kinds: ['VirtualMachine'],
    check: (o: { apiVersion?: unknown }) => { seen.push(String(o.apiVersion)); },
  } as unknown as Rule);

  test('a vmoperator.vmware.com VirtualMachine gets no KubeVirt findings', () => {
    const foreign = { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachine', metadata: { name: 'vsphere', namespace: 'vms' }, spec: { className: 'small' } };
    const findings = validateObjects([foreign]);
    expect(findings.filter((f) => f.rule !== 'unknown-kind')).toEqual([]);
    // The same body under kubevirt.io is judged by KubeVirt's rules (no template, no run strategy).
    const kubevirt = validateObjects([{ ...foreign, apiVersion: 'kubevirt.io/v1' }]).map((f) => f.rule);
    expect(kubevirt).toContain('vm-runstrategy-required');
  });

  test('a rule keyed by VirtualMachine runs on KubeVirt VMs only', () => {
    const seen: string[] = [];
    validateObjects([
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a', namespace: 'vms' }, spec: vmSpec },
      { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachine', metadata: { name: 'b', namespace: 'vms' }, spec: vmSpec },
      { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'Migration', metadata: { name: 'c', namespace: 'vms' }, spec: {} },
    ], { schema: false, rules: [probe(seen)] });
    expect(seen).toEqual(['kubevirt.io/v1']);
  });

  test('same-named kinds of different groups are different registry entries', () => {
    const forklift = lookupKind('forklift.konveyor.io', 'Migration');
    expect(forklift?.plural).toBe('migrations');
    expect(lookupKind('forklift.konveyor.io', 'Plan')?.ruleSet).toBe('ForkliftPlan');
    expect(lookupKind('kubevirt.io', 'VirtualMachine')?.ruleSet).toBe('VirtualMachine');
    expect(lookupKind('vmoperator.vmware.com', 'VirtualMachine')).toBeUndefined();
    expect(kindHoldsData('v1', 'PersistentVolumeClaim')).toBe(true);
  });
});
