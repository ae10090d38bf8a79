import { computeHealth, isSettled } from '../../lib/controller/health';
import { KubeObject } from '../../lib/controller/objects';

function vm(spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm', namespace: 'vms', generation: 1 }, spec, ...(status ? { status } : {}) };
}
const ready = (s: string) => ({ type: 'Ready', status: s });

describe('VirtualMachine health from intent', () => {
  test.each([
    ['Halted and stopped', { runStrategy: 'Halted' }, { printableStatus: 'Stopped' }, 'Current'],
    ['running: false and no status', { running: false }, undefined, 'Current'],
    ['Always, Running and Ready', { runStrategy: 'Always' }, { printableStatus: 'Running', created: true, ready: true, conditions: [ready('True')] }, 'Current'],
    ['Always, Starting', { runStrategy: 'Always' }, { printableStatus: 'Starting', created: true, conditions: [ready('False')] }, 'InProgress'],
    ['Always, no status yet', { runStrategy: 'Always' }, undefined, 'InProgress'],
    ['ErrorUnschedulable', { runStrategy: 'Always' }, { printableStatus: 'ErrorUnschedulable', conditions: [ready('False')] }, 'Failed'],
    ['DataVolumeError', { runStrategy: 'Always' }, { printableStatus: 'DataVolumeError' }, 'Failed'],
    ['CrashLoopBackOff', { runStrategy: 'RerunOnFailure' }, { printableStatus: 'CrashLoopBackOff' }, 'Failed'],
    ['Halted but still running', { runStrategy: 'Halted' }, { printableStatus: 'Stopping', created: true }, 'InProgress'],
    ['Manual and stopped by a person', { runStrategy: 'Manual' }, { printableStatus: 'Stopped' }, 'Current'],
    ['Paused', { runStrategy: 'Always' }, { printableStatus: 'Paused', conditions: [{ type: 'Paused', status: 'True' }] }, 'Current'],
  ])('%s', (_name, spec, status, expected) => {
    expect(computeHealth(vm(spec, status as Record<string, unknown> | undefined)).status).toBe(expected);
  });

  test('RestartRequired is reported as pending restart, not blocking', () => {
    const h = computeHealth(vm({ runStrategy: 'Always' }, {
      printableStatus: 'Running', conditions: [ready('True'), { type: 'RestartRequired', status: 'True' }],
    }));
    expect(h).toMatchObject({ status: 'Current', pendingRestart: true });
    expect(h.message).toContain('pending restart');
  });

  test('absent and terminating objects', () => {
    expect(computeHealth(undefined).status).toBe('NotFound');
    const gone = vm({ runStrategy: 'Always' });
    gone.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(computeHealth(gone).status).toBe('Terminating');
  });
});

describe('DataVolume and PVC health', () => {
  const dv = (status?: Record<string, unknown>): KubeObject => ({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'd' }, ...(status ? { status } : {}) });
  test.each([
    [{ phase: 'Succeeded', progress: '100.0%' }, 'Current', false],
    [{ phase: 'ImportInProgress', progress: '42.0%' }, 'InProgress', false],
    [{ phase: 'Failed' }, 'Failed', false],
    [{ phase: 'ImportInProgress', conditions: [{ type: 'Running', status: 'False', reason: 'Error', message: 'bad url' }] }, 'Failed', false],
    [{ phase: 'WaitForFirstConsumer' }, 'InProgress', true],
    [{ phase: 'PendingPopulation' }, 'InProgress', true],
    [undefined, 'InProgress', false],
  ])('%j', (status, expected, releases) => {
    const h = computeHealth(dv(status as Record<string, unknown> | undefined));
    expect(h.status).toBe(expected);
    expect(isSettled(h)).toBe(expected === 'Current' || releases);
  });

  test('progress is part of the message', () => {
    expect(computeHealth(dv({ phase: 'ImportInProgress', progress: '42.0%' })).message).toBe('ImportInProgress 42.0%');
  });

  test('PVC: Bound is current, Lost fails, Pending releases its consumers', () => {
    const pvc = (phase: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, status: { phase } });
    expect(computeHealth(pvc('Bound')).status).toBe('Current');
    expect(computeHealth(pvc('Lost')).status).toBe('Failed');
    expect(isSettled(computeHealth(pvc('Pending')))).toBe(true);
  });
});

describe('NNCP health', () => {
  const nncp = (conditions: Array<{ type: string; status: string; reason?: string }>): KubeObject => ({
    apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'br1', generation: 2 }, status: { conditions },
  });
  const nnce = (node: string, policyGeneration: number, available: string): KubeObject => ({
    apiVersion: 'nmstate.io/v1beta1', kind: 'NodeNetworkConfigurationEnactment', metadata: { name: `${node}.br1` },
    status: { policyGeneration, conditions: [{ type: 'Available', status: available }] },
  });

  test('Available, Progressing, Degraded, Ignored and no status', () => {
    expect(computeHealth(nncp([{ type: 'Available', status: 'True', reason: 'SuccessfullyConfigured' }])).status).toBe('Current');
    expect(computeHealth(nncp([{ type: 'Progressing', status: 'True' }, { type: 'Available', status: 'Unknown' }])).status).toBe('InProgress');
    expect(computeHealth(nncp([{ type: 'Degraded', status: 'True', reason: 'FailedToConfigure' }])).status).toBe('Failed');
    expect(computeHealth(nncp([{ type: 'Ignored', status: 'True', reason: 'NoMatchingNode' }])).status).toBe('Current');
    expect(computeHealth(nncp([])).status).toBe('InProgress');
  });

  test('a stale Available does not count until every enactment saw the generation', () => {
    const available = nncp([{ type: 'Available', status: 'True' }]);
    expect(computeHealth(available, { enactments: [nnce('n1', 2, 'True'), nnce('n2', 1, 'True')] }).status).toBe('InProgress');
    expect(computeHealth(available, { enactments: [nnce('n1', 2, 'True'), nnce('n2', 2, 'True')] }).status).toBe('Current');
  });
});

describe('generic kstatus rules', () => {
  const thing = (generation: number, status: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 't', generation }, status });
  test('observedGeneration, Reconciling, Stalled, Ready, nothing', () => {
    expect(computeHealth(thing(2, { observedGeneration: 1, conditions: [ready('True')] })).status).toBe('InProgress');
    expect(computeHealth(thing(2, { observedGeneration: 2, conditions: [{ type: 'Reconciling', status: 'True' }] })).status).toBe('InProgress');
    expect(computeHealth(thing(2, { conditions: [{ type: 'Stalled', status: 'True', message: 'stuck' }] }))).toMatchObject({ status: 'Failed', message: 'stuck' });
    expect(computeHealth(thing(2, { conditions: [ready('True')] })).status).toBe('Current');
    expect(computeHealth(thing(2, { conditions: [ready('False')] })).status).toBe('InProgress');
    expect(computeHealth(thing(2, {})).status).toBe('Current');
  });

  test('NADs are healthy once they exist; CRDs once Established', () => {
    expect(computeHealth({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'n' } }).status).toBe('Current');
    const crd = (established: string): KubeObject => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'c' }, status: { conditions: [{ type: 'Established', status: established }] } });
    expect(computeHealth(crd('True')).status).toBe('Current');
    expect(computeHealth(crd('False')).status).toBe('InProgress');
  });
});
