import { Chart, Duration, Testing } from 'cdk8s';
import { requestTimeoutOf } from '../../lib/cli/apply';
import { parseArgs } from '../../lib/cli/command';
import { CONTROLLER_ARGS } from '../../lib/cli/controller';
import { ControllerSource, KubeVirtGitOpsController, KubeVirtGitOpsControllerProps } from '../../lib/platform/gitops-controller';
import { validateObjects } from '../../lib/validation/engine';
import { PRUNE_FENCE_POLICY_NAME } from '../../lib/kinds/prune-fence';

function synth(prune = false, props: Partial<KubeVirtGitOpsControllerProps> = {}) {
  const chart = new Chart(Testing.app(), 'ops', { namespace: 'gitops' });
  new KubeVirtGitOpsController(chart, 'controller', {
    source: ControllerSource.gitSync({ repo: 'https://git.example.com/estate.git', path: 'dist' }), prune,
    image: 'registry.example.com/platform/cdk8s-kubevirt:0.1.0', ...props,
  });
  return Testing.synth(chart);
}

describe('KubeVirtGitOpsController', () => {
  test('emits a ServiceAccount, least-privilege roles, a Deployment with git-sync and a metrics Service', () => {
    const manifests = synth();
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Role', 'RoleBinding', 'Service', 'ServiceAccount',
        'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    const clusterRole = manifests.find((m) => m.kind === 'ClusterRole')!;
    const rules = clusterRole.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    for (const rule of rules) {
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.verbs).not.toContain('*');
    }
    const vmRule = rules.find((r) => r.resources.includes('virtualmachines'))!;
    expect(vmRule.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'patch', 'delete']));
    // Prune reads and detaches snapshots and exports a pruned VM owns; it never deletes them.
    const snapshotRule = rules.find((r) => r.resources.includes('virtualmachinesnapshots'))!;
    expect(snapshotRule.verbs.sort()).toEqual(['get', 'list', 'patch']);
    const eventRule = rules.find((r) => r.resources.includes('events'))!;
    expect(eventRule).toMatchObject({ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create'] });
    // Cluster-scoped objects carry no namespace, even in a namespaced chart (no validator warning).
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']) expect(manifests.find((m) => m.kind === kind)!.metadata.namespace).toBeUndefined();
    expect(validateObjects(manifests).filter((f) => f.severity !== 'info').map((f) => f.message)).toEqual([]);
    const role = manifests.find((m) => m.kind === 'Role')!;
    expect(JSON.stringify(role.rules)).toContain('leases');

    const deployment = manifests.find((m) => m.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe(2);
    const [controller, gitSync] = pod.containers;
    expect(controller.args).toEqual(['controller', '--source', '/git/current/dist', '--resync', '300s', '--metrics-port', '8080', '--request-timeout', '30s', '--leader-elect']);
    expect(controller.readinessProbe.httpGet.path).toBe('/readyz');
    expect(gitSync.args).toContain('--repo=https://git.example.com/estate.git');
    expect(pod.serviceAccountName).toBe(manifests.find((m) => m.kind === 'ServiceAccount')!.metadata.name);
    const service = manifests.find((m) => m.kind === 'Service')!;
    expect(service.spec.ports[0].port).toBe(8080);
  });

  test('ships the prune fence; the controller may only read it, by name (it never writes admission policies)', () => {
    const manifests = synth(true);
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy')!;
    const binding = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicyBinding')!;
    expect(policy.metadata.name).toBe(PRUNE_FENCE_POLICY_NAME);
    expect(policy.spec.matchConstraints.resourceRules.map((r: { resources: string[] }) => r.resources).flat().sort())
      .toEqual(['datavolumes', 'persistentvolumeclaims']);
    expect(binding.spec).toEqual({ policyName: PRUNE_FENCE_POLICY_NAME, validationActions: ['Deny'] });
    const rules = manifests.find((m) => m.kind === 'ClusterRole')!.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>;
    const admission = rules.filter((r) => r.apiGroups.includes('admissionregistration.k8s.io'));
    expect(admission).toEqual(['validatingadmissionpolicies', 'validatingadmissionpolicybindings'].map((resource) => ({
      apiGroups: ['admissionregistration.k8s.io'], resources: [resource], resourceNames: [PRUNE_FENCE_POLICY_NAME], verbs: ['get'],
    })));
    expect(synth(true, { pruneFence: false }).map((m) => m.kind)).not.toContain('ValidatingAdmissionPolicy');
  });

  test('prune is opt-in', () => {
    const deployment = synth(true).find((m) => m.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].args).toContain('--prune');
  });

  test('the request timeout is a prop the controller CLI reads back (30s by default, 0 turns it off)', () => {
    const timeoutOf = (props: Partial<KubeVirtGitOpsControllerProps>) => {
      const args: string[] = synth(false, props).find((m) => m.kind === 'Deployment')!.spec.template.spec.containers[0].args;
      // The container's args are the `controller` subcommand's: parse them as it does.
      const parsed = parseArgs(args.slice(1), CONTROLLER_ARGS);
      expect(parsed.error).toBeUndefined();
      return requestTimeoutOf(parsed.options);
    };
    expect(timeoutOf({})).toBe(30_000);
    expect(timeoutOf({ requestTimeout: Duration.minutes(2) })).toBe(120_000);
    expect(timeoutOf({ requestTimeout: Duration.millis(1500) })).toBe(1500);
    expect(timeoutOf({ requestTimeout: Duration.seconds(0) })).toBe(0);
  });
});
