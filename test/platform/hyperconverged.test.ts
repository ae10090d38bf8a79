import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import {
  BridgeNetwork, CommonInstancetype, CommonPreference, DataVolumeSource, DiskSource, EvictionStrategy, HyperConverged,
  InstallPlanApproval, LinuxBridgeInterface, NodeNetworkPolicy, OperatorCatalog, OperatorInstall, TuningPolicy, VirtualMachine,
  DEPENDS_ON_ANNOTATION, parseDependsOn, synthWarnings,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

const find = (objs: any[], kind: string, name?: string) => {
  const o = objs.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  if (!o) throw new Error(`no ${kind} ${name ?? ''} in ${objs.map((x) => x.kind).join(',')}`);
  return o;
};

describe('OperatorInstall', () => {
  test('OpenShift Virtualization: Namespace, OperatorGroup targeting it, Subscription from redhat-operators, in order', () => {
    const c = Testing.chart();
    new OperatorInstall(c, 'cnv', { approval: InstallPlanApproval.MANUAL, startingCSV: 'kubevirt-hyperconverged-operator.v4.18.3' });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    expect(objs.map((o) => o.kind)).toEqual(['Namespace', 'OperatorGroup', 'Subscription']);
    expect(find(objs, 'Namespace').metadata.name).toBe('openshift-cnv');
    expect(find(objs, 'OperatorGroup').spec).toEqual({ targetNamespaces: ['openshift-cnv'] });
    const sub = find(objs, 'Subscription');
    expect(sub.apiVersion).toBe('operators.coreos.com/v1alpha1');
    expect(sub.metadata.namespace).toBe('openshift-cnv');
    expect(sub.spec).toEqual({
      name: 'kubevirt-hyperconverged', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace',
      channel: 'stable', installPlanApproval: 'Manual', startingCSV: 'kubevirt-hyperconverged-operator.v4.18.3',
    });
    expect(parseDependsOn(sub.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'operators.coreos.com', kind: 'OperatorGroup', namespace: 'openshift-cnv', name: 'kubevirt-hyperconverged-group' },
    ]);
  });

  test('the upstream community HCO catalog, another channel and namespace, no Namespace object', () => {
    const c = Testing.chart();
    new OperatorInstall(c, 'hco', { catalog: OperatorCatalog.COMMUNITY_HCO_UPSTREAM_OLM, channel: '1.15.0', namespace: 'kubevirt-hyperconverged', createNamespace: false });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    expect(objs.map((o) => o.kind)).toEqual(['OperatorGroup', 'Subscription']);
    expect(find(objs, 'Subscription').spec).toMatchObject({
      name: 'community-kubevirt-hyperconverged', source: 'operatorhubio-catalog', sourceNamespace: 'olm', channel: '1.15.0',
      installPlanApproval: 'Automatic',
    });
  });

  test.each([
    [{ namespace: 'Bad_NS' }, /namespace: 'Bad_NS' is not a namespace name/],
    [{ startingCSV: 'Not A CSV' }, /spec\.startingCSV: 'Not A CSV' is not a ClusterServiceVersion name/],
    [{ channel: ' ' }, /spec\.channel: the channel may not be empty/],
  ])('rejects %j', (props, message) => {
    const c = Testing.chart();
    new OperatorInstall(c, 'cnv', props);
    expect(synthError(c)).toMatch(message);
  });
});

describe('HyperConverged', () => {
  test('every setting, golden images handed to HCO, and the install it waits for', () => {
    const app = Testing.app();
    const c = new Chart(app, 'platform');
    const install = new OperatorInstall(c, 'cnv');
    const hco = new HyperConverged(c, 'hco', {
      install,
      featureGates: { downwardMetrics: true, decentralizedLiveMigration: false },
      liveMigration: {
        parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: Size.mebibytes(64),
        completionTimeoutPerGiB: 800, progressTimeout: Duration.seconds(150), network: 'migration-net', allowAutoConverge: true, allowPostCopy: false,
      },
      infra: { nodeSelector: { 'node-role.kubernetes.io/infra': '' }, tolerations: [plus.NodeTaintQuery.exists('node-role.kubernetes.io/infra')] },
      workloads: { nodeSelector: { 'node-role.kubernetes.io/worker': '' } },
      insecureRegistries: ['registry.lab:5000'],
      scratchSpaceStorageClass: 'local-scratch',
      commonBootImageNamespace: 'os-images',
      memoryOvercommitPercentage: 150,
      evictionStrategy: EvictionStrategy.LIVE_MIGRATE,
      commonInstancetypesDeployment: true,
      tuningPolicy: TuningPolicy.ANNOTATION,
      rateLimits: { qps: 100, burst: 200 },
      cpuAllocationRatio: 8,
    });
    const rhel = hco.addGoldenImage({ name: 'rhel9', image: 'registry.lab:5000/rhel9:latest', size: Size.gibibytes(30),
      defaultInstancetype: CommonInstancetype.U1_MEDIUM, defaultPreference: CommonPreference.RHEL_9 });
    hco.disableCommonGoldenImage('centos-stream9-image-cron');
    const vm = new VirtualMachine(c, 'vm', { metadata: { name: 'vm', namespace: 'vms' }, instancetype: CommonInstancetype.U1_MEDIUM });
    vm.addDisk('root', DiskSource.dataSource(rhel, { size: Size.gibibytes(30) }));
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const hc = find(objs, 'HyperConverged');
    expect(hc.apiVersion).toBe('hco.kubevirt.io/v1beta1');
    expect(hc.metadata).toMatchObject({ name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv' });
    expect(hc.metadata.annotations['hco.kubevirt.io/tuningPolicy']).toBe('{"qps":100,"burst":200}');
    expect(parseDependsOn(hc.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'operators.coreos.com', kind: 'Subscription', namespace: 'openshift-cnv', name: 'kubevirt-hyperconverged' },
    ]);
    expect(hc.spec.liveMigrationConfig).toEqual({
      parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: '64Mi',
      completionTimeoutPerGiB: 800, progressTimeout: 150, network: 'migration-net', allowAutoConverge: true, allowPostCopy: false,
    });
    expect(hc.spec.infra.nodePlacement).toEqual({
      nodeSelector: { 'node-role.kubernetes.io/infra': '' }, tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists' }],
    });
    expect(hc.spec).toMatchObject({
      featureGates: { downwardMetrics: true, decentralizedLiveMigration: false },
      workloads: { nodePlacement: { nodeSelector: { 'node-role.kubernetes.io/worker': '' } } },
      storageImport: { insecureRegistries: ['registry.lab:5000'] }, scratchSpaceStorageClass: 'local-scratch',
      commonBootImageNamespace: 'os-images', higherWorkloadDensity: { memoryOvercommitPercentage: 150 },
      evictionStrategy: 'LiveMigrate', CommonInstancetypesDeployment: { enabled: true }, tuningPolicy: 'annotation',
      resourceRequirements: { vmiCPUAllocationRatio: 8 },
    });
    expect(hc.spec.dataImportCronTemplates).toEqual([
      {
        metadata: {
          name: 'rhel9-image-cron',
          labels: {
            'instancetype.kubevirt.io/default-instancetype': 'u1.medium',
            'instancetype.kubevirt.io/default-preference': 'rhel.9',
          },
        },
        spec: {
          schedule: '0 */12 * * *', managedDataSource: 'rhel9', garbageCollect: 'Outdated',
          template: { metadata: { annotations: { 'cdi.kubevirt.io/storage.bind.immediate.requested': 'true' } }, spec: { source: { registry: { url: 'docker://registry.lab:5000/rhel9:latest' } }, storage: { resources: { requests: { storage: '30Gi' } } } } },
        },
      },
      { metadata: { name: 'centos-stream9-image-cron', annotations: { 'dataimportcrontemplate.kubevirt.io/enable': 'false' } } },
    ]);
    // The VM clones the DataSource SSP keeps in the golden-image namespace, after the HyperConverged.
    const v = find(objs, 'VirtualMachine');
    expect(v.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'os-images' });
    expect(parseDependsOn(v.metadata.annotations[DEPENDS_ON_ANNOTATION])).toContainEqual(
      { group: 'hco.kubevirt.io', kind: 'HyperConverged', namespace: 'openshift-cnv', name: 'kubevirt-hyperconverged' });
  });

  test('pins HCO 2026-08 defaults (1 outbound migration per node, 20 s/GiB) even with no limits given', () => {
    const c = Testing.chart();
    new HyperConverged(c, 'hco', { metadata: { namespace: 'kubevirt-hyperconverged' } });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    expect(objs[0].spec).toEqual({ liveMigrationConfig: { parallelOutboundMigrationsPerNode: 1, completionTimeoutPerGiB: 20 } });
  });

  test('a migration network construct must live in the operator namespace', () => {
    const c = Testing.chart();
    const policy = new NodeNetworkPolicy(c, 'nncp', { metadata: { name: 'br' } });
    const br: LinuxBridgeInterface = policy.addLinuxBridge('br-mig', { ports: ['eth4'] });
    const net = new BridgeNetwork(c, 'mig', { metadata: { name: 'migration', namespace: 'vms' }, bridge: br });
    new HyperConverged(c, 'hco', { metadata: { namespace: 'openshift-cnv' }, liveMigration: { network: net } });
    expect(synthError(c)).toMatch(/spec\.liveMigrationConfig\.network: the migration network 'vms\/migration' must be a NetworkAttachmentDefinition in the operator's namespace 'openshift-cnv'/);
  });

  test.each([
    [{ liveMigration: { parallelOutboundMigrationsPerNode: 0 } }, /parallelOutboundMigrationsPerNode: must be a whole number >= 1, got 0/],
    [{ liveMigration: { completionTimeoutPerGiB: 2.5 } }, /completionTimeoutPerGiB: must be a whole number >= 1, got 2\.5/],
    [{ memoryOvercommitPercentage: 5 }, /memoryOvercommitPercentage: must be a whole number >= 10, got 5/],
    [{ tuningPolicy: TuningPolicy.ANNOTATION }, /the annotation tuning policy needs rateLimits/],
    [{ rateLimits: { qps: 1, burst: 1 } }, /rateLimits are read only with TuningPolicy.ANNOTATION/],
    [{ cpuAllocationRatio: 0 }, /vmiCPUAllocationRatio: must be a whole number > 0, got 0/],
  ])('rejects %j', (props, message) => {
    const c = Testing.chart();
    new HyperConverged(c, 'hco', { metadata: { namespace: 'openshift-cnv' }, ...props });
    expect(synthError(c)).toMatch(message);
  });

  test('a golden image with a bad schedule fails with the image named; an image added twice fails', () => {
    const c = Testing.chart();
    const hco = new HyperConverged(c, 'hco', { metadata: { namespace: 'openshift-cnv' } });
    hco.addGoldenImage({ name: 'fedora', image: 'quay.io/containerdisks/fedora:latest', schedule: 'every day' });
    hco.addGoldenImage({ name: 'fedora', image: 'quay.io/containerdisks/fedora:41' });
    const err = synthError(c);
    expect(err).toMatch(/spec\.dataImportCronTemplates\[fedora-image-cron\]: spec\.schedule: 'every day' is not a cron schedule/);
    expect(err).toMatch(/the golden image 'fedora' is added twice/);
  });

  test('more outbound migrations per node than per cluster warns through the shared rule', () => {
    const c = Testing.chart();
    new HyperConverged(c, 'hco', { metadata: { namespace: 'openshift-cnv' }, liveMigration: { parallelMigrationsPerCluster: 2, parallelOutboundMigrationsPerNode: 3 } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try { Testing.synth(c); } finally { warn.mockRestore(); }
    expect(synthWarnings(c).map((w) => w.message)).toEqual([
      'spec.liveMigrationConfig.parallelOutboundMigrationsPerNode: 3 per node exceeds the 2 allowed in the whole cluster [hco-live-migration-limits]',
    ]);
  });

  test('without install or namespace it says where it belongs', () => {
    const c = new Chart(Testing.app(), 'no-ns');
    new HyperConverged(c, 'hco');
    expect(synthError(c)).toMatch(/metadata\.namespace: a HyperConverged lives in the operator's namespace/);
  });

  test('DataVolumeSource is unaffected by golden images rendered in a scratch app', () => {
    expect(DataVolumeSource.registry({ url: 'docker://x/y' }).kind).toBe('registry');
  });
});
