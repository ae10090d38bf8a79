// Unknown kinds in API groups whose kinds are all known are errors (the apiserver answers "no matches
// for kind"); kinds of groups the validator has no schemas for stay "unknown-kind" infos.
import { validateObjects } from '../../lib/validation';

const object = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'vms' }, spec: {} });
const kindFindings = (apiVersion: string, kind: string) =>
  validateObjects([object(apiVersion, kind)]).filter((f) => f.path === 'kind').map((f) => ({ rule: f.rule, severity: f.severity, hint: f.hint }));

describe('unknown kinds', () => {
  test.each([
    ['kubevirt.io/v1', 'Kubevirt', /case-sensitive: use kind: KubeVirt/],
    ['kubevirt.io/v1', 'VirtualMachineClone', /served by clone\.kubevirt\.io/],
    ['kubevirt.io/v1', 'VirtualMachineSnapshot', /served by snapshot\.kubevirt\.io/],
    ['cdi.kubevirt.io/v1beta1', 'Datavolume', /use kind: DataVolume/],
    ['nmstate.io/v1', 'NodeNetworkPolicy', /nmstate\.io serves NMState, NodeNetworkConfigurationEnactment/],
    ['instancetype.kubevirt.io/v1beta1', 'VirtualMachineInstanceType', /use kind: VirtualMachineInstancetype/],
  ])('%s %s is an error', (apiVersion, kind, hint) => {
    const found = kindFindings(apiVersion, kind);
    expect(found).toEqual([{ rule: 'unknown-kind-in-group', severity: 'error', hint: expect.stringMatching(hint) }]);
  });

  test.each([
    ['kubevirt.io/v1', 'KubeVirt'],
    ['kubevirt.io/v1', 'VirtualMachineInstancePreset'],
    ['cdi.kubevirt.io/v1beta1', 'CDIConfig'],
    ['snapshot.kubevirt.io/v1beta1', 'VirtualMachineSnapshotContent'],
    ['example.com/v1', 'Widget'],
    ['k8s.cni.cncf.io/v1beta1', 'MultiNetworkPolicy'],
  ])('%s %s is no error (a kind the group serves, or a group without a known kind list)', (apiVersion, kind) => {
    expect(kindFindings(apiVersion, kind).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a VirtualMachineClone under its own group is judged by its schema', () => {
    const findings = validateObjects([object('clone.kubevirt.io/v1beta1', 'VirtualMachineClone')]);
    expect(findings.map((f) => f.rule)).toContain('schema');
    expect(findings.map((f) => f.rule)).not.toContain('unknown-kind-in-group');
  });
});
