// The real `cdk8s-kubevirt` bin (compiled build) on two folders where validate and apply used
// to disagree: `running: yes` (YAML 1.1) and a kustomization folder. Both commands read the
// same objects; apply's server-side dry-run against the real kube-apiserver accepts them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { KubeClient } from '../../lib/controller/kube-client';
import { kubeconfigPath, newClient, tempDir } from '../controller/support';
import { describeIfCluster } from './cluster';

jest.setTimeout(120_000);

const CORPUS = path.join(__dirname, '..', 'fixtures', 'validation', 'corpus');
const BIN = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describeIfCluster('validate and apply read a folder the same way (real bin, real kube-apiserver)', () => {
  let client: KubeClient;
  const created: string[] = [];
  beforeAll(async () => {
    client = await newClient();
    for (const name of ['legacy', 'web']) {
      if (!(await client.get({ apiVersion: 'v1', kind: 'Namespace', name }))) {
        await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
        created.push(name);
      }
    }
  });
  afterAll(async () => {
    for (const name of created) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name }).catch(() => undefined);
  });

  test.each([
    ['valid-yaml11-running-yes', ['VirtualMachine/legacy/old-style']],
    ['valid-kustomize-folder', ['NetworkAttachmentDefinition/web/public', 'NodeNetworkConfigurationPolicy/br1', 'VirtualMachine/web/web']],
  ])('%s: validate exits 0 and apply --dry-run plans the same objects', (name, subjects) => {
    const dir = tempDir('one-loader');
    fs.cpSync(path.join(CORPUS, name), dir, { recursive: true });
    const validate = run('validate', dir, '--output', 'json');
    expect(validate.stderr).toBe('');
    expect(validate.status).toBe(0);
    expect(JSON.parse(validate.stdout).summary.objects).toBe(subjects.length);

    const apply = run('apply', dir, '--dry-run', '--output', 'json', '--kubeconfig', kubeconfigPath());
    expect(apply.stderr).toBe('');
    const report = JSON.parse(apply.stdout);
    expect(report.message).toBeUndefined();
    expect(apply.status).toBe(0);
    const planned = (report.entries as Array<{ subject: string; kind?: string }>).filter((e) => !e.subject.startsWith("Secret/")).map((e: { subject: string }) => e.subject).sort();
    expect(planned).toEqual(subjects);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
