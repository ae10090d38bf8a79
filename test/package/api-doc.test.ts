// API.md is generated from the TSDoc of the public API (scripts/api-docs.js): a change to an
// exported name's documentation, members or types must come with the regenerated file.
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render } = require('../../scripts/api-docs') as { render: () => string };

const ROOT = path.join(__dirname, '..', '..');

test('API.md is current (regenerate with `npm run docs`)', () => {
  const generated = render();
  const committed = fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8');
  if (committed !== generated) {
    const a = committed.split('\n');
    const b = generated.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    throw new Error(`API.md is stale: run \`npm run docs\` and commit it (first difference at line ${line + 1}: ${JSON.stringify(a[line])} vs ${JSON.stringify(b[line])})`);
  }
  // Every exported name has its section; nothing names a machine path.
  for (const name of ['GitOpsApp', 'VirtualMachine', 'KubeVirtValidation', 'CHART_LABEL']) expect(generated).toContain(`### ${name} (`);
  expect(generated).not.toMatch(/import\("/);
}, 180_000);
