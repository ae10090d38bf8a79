#!/usr/bin/env node
// Regenerates imports/ (the L1 classes) from the pinned upstream CRDs, offline.
//
// `cdk8s import` takes one file per API group and names its plain classes after the
// first version listed, so this script first writes one normalized multi-document
// file per group to build/crds/: deprecated versions are dropped (nobody should author
// them) and the preferred version (storage, else the newest) is listed first, so the
// plain class names (`VirtualMachine`, `DataVolume`) are the versions users want.
// cdk8s.yaml lists the same files, so a plain `cdk8s import` reproduces imports/.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const crdsDir = path.resolve(process.env.CRDS_DIR || path.join(root, '..', 'shared', 'crds'));
const outDir = path.join(root, 'build', 'crds');
const importsDir = path.join(root, 'imports');

function preferredOrder(versions) {
  const kept = versions.filter((v) => v.served !== false && !v.deprecated);
  const pool = kept.length > 0 ? kept : versions;
  const rank = (v) => (v.storage ? 0 : 1);
  // Stable: storage first, then the order upstream lists them.
  return [...pool].sort((a, b) => rank(a) - rank(b));
}

function normalizedGroups() {
  if (!fs.existsSync(crdsDir)) {
    throw new Error(`CRD folder not found: ${crdsDir} (set CRDS_DIR or put shared/ beside the repo)`);
  }
  const groups = fs.readdirSync(crdsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return groups.map((group) => {
    const files = fs.readdirSync(path.join(crdsDir, group)).filter((f) => /\.ya?ml$/.test(f)).sort();
    const docs = files.map((file) => {
      const crd = YAML.parse(fs.readFileSync(path.join(crdsDir, group, file), 'utf8'));
      if (!crd || crd.kind !== 'CustomResourceDefinition') {
        throw new Error(`${group}/${file}: not a CustomResourceDefinition`);
      }
      crd.spec.versions = preferredOrder(crd.spec.versions);
      return crd;
    });
    return { group, docs };
  });
}

function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const groups = normalizedGroups();
  for (const { group, docs } of groups) {
    const text = docs.map((d) => YAML.stringify(d, { lineWidth: 0 })).join('---\n');
    fs.writeFileSync(path.join(outDir, `${group}.yaml`), text);
  }

  // cdk8s.yaml must list exactly these files, or a user's `cdk8s import` would differ.
  const config = YAML.parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
  const expected = groups.map(({ group }) => `build/crds/${group}.yaml`);
  const listed = [...(config.imports || [])].sort();
  if (JSON.stringify(listed) !== JSON.stringify([...expected].sort())) {
    throw new Error(`cdk8s.yaml imports must be exactly:\n  ${expected.join('\n  ')}`);
  }

  fs.rmSync(importsDir, { recursive: true, force: true });
  const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
  if (process.argv.includes('--crds-only')) return;
  execFileSync(cli, ['import', '--no-check-upgrade', '--language', 'typescript', '--output', 'imports'], {
    cwd: root, stdio: 'inherit',
  });
  const made = fs.readdirSync(importsDir).sort();
  console.log(`imports/: ${made.length} files from ${groups.length} API groups`);
}

try {
  main();
} catch (err) {
  console.error(`import: ${err.message}`);
  process.exit(1);
}
