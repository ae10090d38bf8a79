// kubeconform v0.8.0 for the validation benchmark: built from Go modules into a cache folder
// outside the repository when Go is present, and the CRDs of ../shared/crds converted into its
// `{kind}_{version}.json` schema layout (strict: no unknown fields, as openapi2jsonschema
// writes them). Both are generated at bench time, never committed.
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');

const VERSION = 'v0.8.0';
const CACHE = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdk8s-kubevirt', 'kubeconform');

/** The kubeconform binary, built on first use; `{ reason }` when it cannot be had. */
function kubeconformBinary() {
  const bin = path.join(CACHE, VERSION, 'kubeconform');
  if (fs.existsSync(bin)) return { bin };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return { reason: 'Go is not installed: kubeconform cannot be built' };
  console.log(`building kubeconform ${VERSION} with ${go.stdout.trim()} into ${path.dirname(bin)} ...`);
  const built = spawnSync('go', ['install', `github.com/yannh/kubeconform/cmd/kubeconform@${VERSION}`], {
    stdio: 'inherit', cwd: os.tmpdir(), env: { ...process.env, GOBIN: path.dirname(bin), GOFLAGS: '-mod=mod' },
  });
  return built.status === 0 && fs.existsSync(bin) ? { bin } : { reason: `go install failed (exit ${built.status})` };
}

/** openapi2jsonschema's strict conversion of one CRD schema node. */
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable') continue;
    out[k] = strict(v);
  }
  if (node['x-kubernetes-int-or-string'] && !node.type) out.oneOf = [{ type: 'string' }, { type: 'integer' }];
  if (node.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.properties && out.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** Writes `{kind}_{version}.json` for every CRD version under `crdDir`; returns the folder. */
function convertCrds(crdDir) {
  const files = [];
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.ya?ml$/.test(e.name)) files.push(p); } };
  walk(crdDir);
  files.sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(fs.readFileSync(f));
  const out = path.join(CACHE, `schemas-${hash.digest('hex').slice(0, 12)}`);
  if (fs.existsSync(path.join(out, '.complete'))) return out;
  fs.mkdirSync(out, { recursive: true });
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions ?? []) {
        const schema = v.schema?.openAPIV3Schema;
        if (!schema) continue;
        const json = strict(schema);
        json.properties = { ...json.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
        fs.writeFileSync(path.join(out, `${crd.spec.names.kind.toLowerCase()}_${v.name}.json`), JSON.stringify(json));
      }
    }
  }
  fs.writeFileSync(path.join(out, '.complete'), '');
  return out;
}

module.exports = { kubeconformBinary, convertCrds, VERSION };
