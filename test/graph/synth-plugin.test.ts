// `cdk8s synth` with the KubeVirtTopology plugin in cdk8s.yaml (the real cdk8s-cli, loading the
// compiled plugin) writes TOPOLOGY.md beside dist/, with the picture and the findings.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { outputFolder } from '../../lib/graph/cdk8s-plugin';
import { DANGLING_NAD } from './lab';

const ROOT = path.join(__dirname, '..', '..');
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const PLUGIN = path.join(ROOT, 'build', 'lib', 'graph', 'cdk8s-plugin.js');

jest.setTimeout(60_000);

test('cdk8s synth writes TOPOLOGY.md beside dist/ with the Mermaid picture and the findings table', () => {
  if (!fs.existsSync(PLUGIN)) throw new Error(`${PLUGIN} is missing: run npm run build first (npm test does)`);
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-synth-'));
  try {
    fs.writeFileSync(path.join(project, 'main.js'), `
const { App, ApiObject, YamlOutputType } = require(${JSON.stringify(require.resolve('cdk8s'))});
const { buildLab } = require(${JSON.stringify(path.join(ROOT, 'build', 'examples', 'lab.js'))});
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
const lab = buildLab(app);
const yaml = require(${JSON.stringify(require.resolve('yaml'))});
new ApiObject(lab, 'storage-vlan100', yaml.parse(${JSON.stringify(DANGLING_NAD)}));
app.synth();
`);
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), [
      'language: typescript', 'app: node main.js', 'validations:',
      `  - package: ${PLUGIN}`, '    version: 0.1.0', '    class: KubeVirtTopology',
    ].join('\n'));
    const run = spawnSync(process.execPath, [CDK8S, 'synth', '--no-check-upgrade'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/wrote TOPOLOGY\.md \(\d+ nodes, \d+ links\)/);
    const md = fs.readFileSync(path.join(project, 'TOPOLOGY.md'), 'utf8');
    expect(md).toContain('```mermaid\nflowchart LR\n');
    expect(md).toContain('NetworkAttachmentDefinition<br/>vms/br1-public');
    expect(md).toMatch(/\| NetworkAttachmentDefinition vms\/storage-vlan100 \| warning \| xo-nad-bridge-has-nncp \| spec.config: no NodeNetworkConfigurationPolicy creates bridge 'br9'/);
    expect(fs.existsSync(path.join(project, 'dist', 'TOPOLOGY.md'))).toBe(false);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test('the output folder is the one holding construct-metadata.json, else the common folder', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-out-'));
  try {
    fs.mkdirSync(path.join(dist, '0000-lab'));
    expect(outputFolder([path.join(dist, '0000-lab', 'a.yaml'), path.join(dist, '0000-lab', 'b.yaml')])).toBe(path.join(dist, '0000-lab'));
    fs.writeFileSync(path.join(dist, 'construct-metadata.json'), '{}');
    expect(outputFolder([path.join(dist, '0000-lab', 'a.yaml')])).toBe(dist);
    expect(outputFolder([path.join(dist, 'x.k8s.yaml'), path.join(dist, '0000-lab', 'a.yaml')])).toBe(dist);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
