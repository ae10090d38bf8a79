import { App, Chart, Testing } from 'cdk8s';
import { buildGitOps } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import { buildPlatform } from '../../examples/platform';
import { validateObjects } from '../../lib/validation';
import { expectSchemaValid } from '../support/schema';

function synthPlatform(): any[] {
  const app = Testing.app();
  const lab = buildLab(app);
  buildPlatform(app, lab, buildGitOps(app));
  return app.charts.flatMap((c: Chart) => Testing.synth(c));
}

describe('the platform example', () => {
  const objects = synthPlatform();
  const find = (kind: string, name?: string) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

  test('every object passes its CRD schema, and the estate validates without errors', () => {
    expectSchemaValid(objects);
    const errors = validateObjects(objects).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('OpenShift Virtualization installs, then HyperConverged with the lab limits', () => {
    expect(find('Subscription').spec).toMatchObject({ name: 'kubevirt-hyperconverged', channel: 'stable', source: 'redhat-operators' });
    expect(find('HyperConverged').spec.liveMigrationConfig).toEqual({
      parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: '64Mi', completionTimeoutPerGiB: 800,
    });
    expect(find('MigrationPolicy').spec.selectors.virtualMachineInstanceSelector).toEqual({ 'vm.kubevirt.io/name': 'rhel' });
    // The policy's selector is a label the RHEL VM's template carries.
    expect(find('VirtualMachine', 'rhel').spec.template.metadata.labels['vm.kubevirt.io/name']).toBe('rhel');
  });

  test('a snapshot and a clone of the RHEL VM; alerts name the lab VMs; the import lands on br1 and the NFS class', () => {
    expect(find('VirtualMachineSnapshot').spec.source).toEqual({ apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'rhel' });
    expect(find('VirtualMachineClone').spec).toMatchObject({ source: { name: 'rhel' }, target: { name: 'rhel-test' } });
    expect(find('PrometheusRule').spec.groups[0].rules[0].expr).toContain('name=~"rhel|fedora01|windows2019"');
    expect(find('NetworkMap').spec.map[0].destination).toEqual({ type: 'multus', name: 'br1-public', namespace: 'vms' });
    expect(find('StorageMap').spec.map[0].destination.storageClass).toBe('managed-nfs-storage');
    expect(find('Plan').spec.targetNamespace).toBe('vms');
    expect(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')).toHaveLength(2);
    expect(find('ServiceMonitor')).toBeDefined();
  });

  test('README shows the platform chart in under 40 lines', () => {
    const readme = require('fs').readFileSync(require('path').join(__dirname, '../../README.md'), 'utf8') as string;
    const section = readme.split('\n## ').find((s) => s.startsWith('The platform'));
    expect(section).toBeDefined();
    const code = /```ts\n([\s\S]*?)```/.exec(section!)![1];
    expect(code.split('\n').length).toBeLessThan(40);
    expect(code).toContain('new kv.HyperConverged(');
  });
});
void App;
