// The YAML reader against the real kube-apiserver: every document of a corpus of tricky YAML
// (test/fixtures/yaml-differential/corpus.js: YAML 1.1 scalars as values and keys, quoting,
// escapes, folding, shallow continuation lines, block scalars, anchors and merge keys,
// duplicate keys, tabs, BOM, separators and directives, tags, huge and deep documents) is
// POSTed as `application/yaml` (dryRun=All, fieldValidation=Strict, as kubectl sends it) to a
// CRD that keeps unknown fields. The server's verdict and the object it returns must equal the
// loader's, document by document. Documents are split as kubectl splits them before sending.
import * as https from 'node:https';
import { isDeepStrictEqual } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { splitDocuments } from '../../lib/manifests/go-yaml';
import { loadYaml } from '../../lib/manifests';
import { adminConfig, describeIfCluster, eventually } from './cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cases } = require('../fixtures/yaml-differential/corpus.js') as { cases: Array<{ name: string; text: string }> };

jest.setTimeout(300_000);

const GROUP = 'yaml.cdk8s-kubevirt.test';
const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `yamlprobes.${GROUP}` },
  spec: {
    group: GROUP, scope: 'Namespaced', names: { plural: 'yamlprobes', singular: 'yamlprobe', kind: 'YamlProbe', listKind: 'YamlProbeList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

async function post(kc: k8s.KubeConfig, path: string, body: string, contentType: string): Promise<{ code: number; body: any }> {
  const url = new URL(kc.getCurrentCluster()!.server);
  const opts: https.RequestOptions = { method: 'POST', hostname: url.hostname, port: url.port, path, headers: { 'content-type': contentType, accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(opts, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ code: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The object as the client sent it: server-populated metadata removed. */
function asSent(o: any): unknown {
  const { uid, resourceVersion, creationTimestamp, generation, managedFields, namespace, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
}

/** kubectl skips documents with nothing but comments and blank lines. */
const hasContent = (doc: string) => doc.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'));

describeIfCluster('YAML reader == kube-apiserver (application/yaml, dryRun=All, fieldValidation=Strict)', () => {
  let kc: k8s.KubeConfig;

  beforeAll(async () => {
    kc = adminConfig();
    const created = await post(kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(CRD), 'application/json');
    expect([201, 409]).toContain(created.code);
    const api = kc.makeApiClient(k8s.ApiextensionsV1Api);
    await eventually('the probe CRD is Established', async () => {
      const crd = await api.readCustomResourceDefinition({ name: CRD.metadata.name });
      return !!crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    });
  });

  test('verdict and resulting object agree on every document of the corpus', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const mismatches: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const { name, text } of cases) {
      const loaded = loadYaml(text, 'case.yaml');
      const mine = loaded.problems.length > 0 ? { ok: false, objects: [] as unknown[], why: loaded.problems[0].message } : { ok: true, objects: loaded.sources.map((s) => s.object) };

      let chunks: string[];
      try {
        chunks = splitDocuments(text).map((d) => d.text).filter(hasContent);
      } catch (err) {
        chunks = []; // kubectl refuses the stream before sending anything
        if (mine.ok) mismatches.push(`${name}: kubectl refuses the separator (${(err as Error).message}), the loader accepted it`);
        refused++;
        continue;
      }
      const server = { ok: true, objects: [] as unknown[], why: '' };
      for (const chunk of chunks) {
        const r = await post(kc, `/apis/${GROUP}/v1/namespaces/default/yamlprobes?dryRun=All&fieldValidation=Strict`, chunk, 'application/yaml');
        if (r.code >= 300) { server.ok = false; server.why = `${r.code} ${typeof r.body === 'object' ? r.body.message : r.body}`; break; }
        server.objects.push(asSent(r.body));
      }
      if (server.ok) accepted++; else refused++;
      if (server.ok !== mine.ok) {
        mismatches.push(`${name}: server ${server.ok ? 'accepted' : `refused (${server.why.slice(0, 160)})`}, loader ${mine.ok ? 'accepted' : `refused (${(mine as { why: string }).why})`}`);
      } else if (server.ok && !isDeepStrictEqual(server.objects, JSON.parse(JSON.stringify(mine.objects)))) {
        expect({ name, loader: mine.objects }).toEqual({ name, loader: server.objects });
      }
    }
    expect(mismatches).toEqual([]);
    // Both verdicts occur, in numbers.
    expect(accepted).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(40);
  });
});
