'use strict';
// Installs every CRD of ../shared/crds into the test API server and waits until each is
// Established. Server-side apply, never client-side: several CRDs are larger than the
// 256 KiB last-applied-configuration annotation that client-side apply would write.

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { CRD_DIR, request, waitFor } = require('./lib');

const FIELD_MANAGER = 'cdk8s-kubevirt-control-plane';
const CRD_API = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** Every CustomResourceDefinition document under `dir`, in a stable order. */
function loadCrds(dir = CRD_DIR) {
  if (!fs.existsSync(dir)) throw new Error(`CRD folder not found: ${dir} (expected ../shared/crds beside the repo)`);
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  const crds = [];
  for (const file of files) {
    // maxAliasCount -1: some generated CRDs are large; anchors are not used, no bomb risk here.
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 })) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (!obj || obj.kind !== 'CustomResourceDefinition') continue;
      crds.push({ file: path.relative(dir, file), obj: forApply(obj) });
    }
  }
  return crds;
}

/**
 * The parts of an upstream CRD file an apply must not carry: `status` is owned by the
 * server (some exported CRDs ship one, and an apply would try to own its fields), and
 * server-populated metadata such as creationTimestamp: null.
 */
function forApply(obj) {
  const { status, ...rest } = obj;
  void status;
  const md = { ...(rest.metadata || {}) };
  for (const k of ['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields', 'selfLink']) delete md[k];
  return { ...rest, apiVersion: 'apiextensions.k8s.io/v1', metadata: md };
}

/** Applies all CRDs (a few at a time: the big ones take the server a while to compile). */
async function installCrds({ server, token, ca, log = () => {} }) {
  const crds = loadCrds();
  const queue = [...crds];
  const failures = [];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const name = item.obj.metadata.name;
      const url = `${server}${CRD_API}/${name}?fieldManager=${FIELD_MANAGER}&force=true`;
      const res = await request(url, {
        method: 'PATCH',
        token,
        ca,
        body: JSON.stringify(item.obj),
        contentType: 'application/apply-patch+yaml',
        timeoutMs: 120000,
      });
      if (res.status >= 300) failures.push(`${item.file}: HTTP ${res.status} ${res.json?.message || res.body.slice(0, 500)}`);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  if (failures.length) throw new Error(`CRD install failed:\n  ${failures.join('\n  ')}`);
  log(`applied ${crds.length} CRDs (server-side apply)`);

  const names = crds.map((c) => c.obj.metadata.name);
  let pending = names;
  await waitFor(
    `${names.length} CRDs to be Established`,
    async () => {
      const res = await request(`${server}${CRD_API}`, { token, ca, timeoutMs: 60000 });
      if (res.status !== 200) throw new Error(`list CRDs: HTTP ${res.status}`);
      const byName = new Map(res.json.items.map((i) => [i.metadata.name, i]));
      pending = names.filter((n) => !isEstablished(byName.get(n)));
      return pending.length === 0;
    },
    { timeoutMs: 120000, intervalMs: 250 },
  ).catch((err) => {
    throw new Error(`${err.message}; not Established: ${pending.join(', ')}`);
  });
  log(`all ${names.length} CRDs Established`);
  return names;
}

function isEstablished(crd) {
  const conds = crd?.status?.conditions || [];
  return conds.some((c) => c.type === 'Established' && c.status === 'True');
}

module.exports = { installCrds, loadCrds };
