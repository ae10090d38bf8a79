// Differential test: for a few hundred generated manifests, the offline schema verdict
// (validateSchema: CRD schema + ObjectMeta) must equal the real kube-apiserver's verdict on a
// dry-run create with fieldValidation=Strict (kubectl's default). The control plane runs no
// admission webhooks, so the server checks exactly what the schema layer models.
import * as https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { lookupKind } from '../../lib/validation/schema';
import { validateSchema } from '../../lib/validation';
import { clusterInstancetype, clusterPreference, dataSource, dv, nad, nncp, vm } from '../validation/fixtures';
import { adminConfig, createNamespace, deleteNamespace, describeIfCluster } from './cluster';

type Obj = Record<string, any>;

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = (o: Obj): Obj => JSON.parse(JSON.stringify(o));

/** Hand-picked edits that probe each translation of the schema generator. */
const MUTATIONS: Array<[string, (o: Obj) => void]> = [
  ['unchanged', () => undefined],
  ['unknown top-level field', (o) => { o.bogus = 1; }],
  ['unknown spec field', (o) => { o.spec.bogus = 'x'; }],
  ['unknown metadata field', (o) => { o.metadata.nam = 'x'; }],
  ['uppercase name', (o) => { o.metadata.name = 'Upper'; }],
  ['dotted name', (o) => { o.metadata.name = 'a.b-c'; }],
  ['generateName only', (o) => { delete o.metadata.name; o.metadata.generateName = 'gen-'; }],
  ['no name', (o) => { delete o.metadata.name; }],
  ['bad label value', (o) => { o.metadata.labels = { app: 'has space' }; }],
  ['long label value', (o) => { o.metadata.labels = { app: 'x'.repeat(64) }; }],
  ['bad annotation key', (o) => { o.metadata.annotations = { 'bad key': 'v' }; }],
  ['spec is a list', (o) => { o.spec = []; }],
  ['spec is null', (o) => { o.spec = null; }],
  ['no spec', (o) => { delete o.spec; }],
  ['VM: null cpu (pruned)', (o) => { if (o.kind === 'VirtualMachine') o.spec.template.spec.domain.cpu = null; }],
  ['VM: bad quantity', (o) => { if (o.kind === 'VirtualMachine') o.spec.template.spec.domain.memory.guest = '1 GB'; }],
  ['VM: int cpu request', (o) => { if (o.kind === 'VirtualMachine') o.spec.template.spec.domain.resources = { requests: { cpu: 2 } }; }],
  ['VM: bool cpu request', (o) => { if (o.kind === 'VirtualMachine') o.spec.template.spec.domain.resources = { requests: { cpu: true } }; }],
  ['VM: unknown disk field', (o) => { if (o.kind === 'VirtualMachine') o.spec.template.spec.domain.devices.disks[0].disk.busx = 'virtio'; }],
  ['VM: no template', (o) => { if (o.kind === 'VirtualMachine') delete o.spec.template; }],
  ['VM: v1alpha3', (o) => { if (o.kind === 'VirtualMachine') o.apiVersion = 'kubevirt.io/v1alpha3'; }],
  ['DV: bad contentType', (o) => { if (o.kind === 'DataVolume') o.spec.contentType = 'iso'; }],
  ['DV: url number', (o) => { if (o.kind === 'DataVolume') o.spec.source.http.url = 7; }],
  ['NNCP: bad nodeSelector key', (o) => { if (o.kind === 'NodeNetworkConfigurationPolicy') o.spec.nodeSelector = { 'bad key': '' }; }],
  ['NNCP: preserved desiredState', (o) => { if (o.kind === 'NodeNetworkConfigurationPolicy') o.spec.desiredState.anything = { goes: [1] }; }],
  ['instancetype: no cpu.guest', (o) => { if (o.kind === 'VirtualMachineClusterInstancetype') delete o.spec.cpu.guest; }],
  ['NAD: config number', (o) => { if (o.kind === 'NetworkAttachmentDefinition') o.spec.config = 5; }],
];

/** Every leaf path of an object (JSON paths as key lists). */
function leaves(o: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (o === null || typeof o !== 'object') return [prefix];
  const entries = Array.isArray(o) ? o.map((v, i) => [i, v] as const) : Object.entries(o as Obj);
  return entries.flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

function setIn(o: Obj, path: Array<string | number>, value: unknown): void {
  let cur: any = o;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]] = value;
}

/** Random type flips on random leaves (string <-> number, scalar -> object/list, nulls). */
function perturbations(base: Obj, count: number, random: () => number): Array<[string, Obj]> {
  const paths = leaves(base).filter((p) => !(p[0] === 'apiVersion' || p[0] === 'kind' || (p[0] === 'metadata' && (p[1] === 'namespace'))));
  const out: Array<[string, Obj]> = [];
  for (let i = 0; i < count; i++) {
    const o = clone(base);
    const path = paths[Math.floor(random() * paths.length)];
    const choices: unknown[] = [42, 'text', true, null, {}, [], [1], { x: 1 }, -1, 1.5, ''];
    const value = choices[Math.floor(random() * choices.length)];
    setIn(o, path, value);
    out.push([`${path.join('.')} = ${JSON.stringify(value)}`, o]);
  }
  return out;
}

/** A Route as VirtualMachineRoute renders it, without TLS. */
function route(spec: Obj = {}): Obj {
  return {
    apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'web', namespace: 'PLACEHOLDER' },
    spec: { host: 'web.apps.example.com', to: { kind: 'Service', name: 'web', weight: 100 }, port: { targetPort: 'http' }, ...spec },
  };
}

/**
 * Route's schema puts properties inside anyOf/not branches (spec.tls, path, host): value
 * validation only, never "unknown field" (structural schema semantics).
 */
const ROUTE_CASES: Array<[string, Obj]> = [
  ['no tls', route()],
  ['edge', route({ tls: { termination: 'edge' } })],
  ['edge + Redirect', route({ tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' } })],
  ['edge + certificate and key', route({ tls: { termination: 'edge', certificate: 'CERT', key: 'KEY', caCertificate: 'CA' } })],
  ['edge + destinationCACertificate', route({ tls: { termination: 'edge', destinationCACertificate: 'CA' } })],
  ['passthrough', route({ tls: { termination: 'passthrough' } })],
  ['passthrough + Redirect', route({ tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' } })],
  ['passthrough + certificate', route({ tls: { termination: 'passthrough', certificate: 'CERT' } })],
  ['passthrough + path', route({ path: '/app', tls: { termination: 'passthrough' } })],
  ['edge + path', route({ path: '/app', tls: { termination: 'edge' } })],
  ['reencrypt + destinationCACertificate', route({ tls: { termination: 'reencrypt', destinationCACertificate: 'CA' } })],
  ['reencrypt + externalCertificate', route({ tls: { termination: 'reencrypt', externalCertificate: { name: 'web-cert' } } })],
  ['tls without termination', route({ tls: { insecureEdgeTerminationPolicy: 'Redirect' } })],
  ['tls: bad termination', route({ tls: { termination: 'ssl' } })],
  ['tls: unknown field', route({ tls: { termination: 'edge', terminaton: 'edge' } })],
  ['tls: empty', route({ tls: {} })],
  ['tls is a string', route({ tls: 'edge' })],
  ['unknown spec field beside tls', route({ tls: { termination: 'edge' }, bogus: 1 })],
  ['wildcard Subdomain with host', route({ wildcardPolicy: 'Subdomain', tls: { termination: 'edge' } })],
  ['wildcard Subdomain without host', (() => { const r = route({ wildcardPolicy: 'Subdomain' }); delete r.spec.host; return r; })()],
  ['no host (wildcardPolicy defaults to None)', (() => { const r = route({ tls: { termination: 'passthrough' } }); delete r.spec.host; return r; })()],
  ['no host, wildcardPolicy None', (() => { const r = route({ wildcardPolicy: 'None' }); delete r.spec.host; return r; })()],
  ['empty host, Subdomain', route({ host: '', wildcardPolicy: 'Subdomain' })],
  ['no to', (() => { const r = route({ tls: { termination: 'edge' } }); delete r.spec.to; return r; })()],
];

async function dryRunCreate(kc: k8s.KubeConfig, obj: Obj, namespace: string): Promise<{ ok: boolean; message: string }> {
  const entry = lookupKind(obj.apiVersion, obj.kind);
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const plural = entry?.plural ?? `${obj.kind.toLowerCase()}s`;
  const scoped = entry ? entry.scope === 'Namespaced' : true;
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const path = `${prefix}${scoped ? `/namespaces/${namespace}` : ''}/${plural}?dryRun=All&fieldValidation=Strict`;
  const cluster = kc.getCurrentCluster()!;
  const url = new URL(cluster.server);
  const opts: https.RequestOptions = { method: 'POST', hostname: url.hostname, port: url.port, path, headers: { 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const body = JSON.stringify(obj);
  return new Promise((resolve, reject) => {
    const req = https.request(opts, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        let message = text;
        try { message = JSON.parse(text).message ?? text; } catch { /* not JSON */ }
        resolve({ ok: code >= 200 && code < 300, message: `${code} ${message}` });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describeIfCluster('offline schema verdict == kube-apiserver dry-run verdict (fieldValidation=Strict)', () => {
  let kc: k8s.KubeConfig;
  let namespace: string;

  beforeAll(async () => {
    kc = adminConfig();
    namespace = await createNamespace(kc, 'schema-diff');
  });
  afterAll(async () => {
    await deleteNamespace(kc, namespace);
  });

  test('a few hundred generated manifests', async () => {
    const random = rng(20260701);
    const bases: Obj[] = [vm(), dv(), nad(), nncp(), clusterInstancetype(), clusterPreference((o) => { o.kind = 'VirtualMachinePreference'; }), dataSource('golden')];
    const cases: Array<[string, Obj]> = [];
    for (const base of bases) {
      const scoped = lookupKind(base.apiVersion, base.kind)?.scope !== 'Cluster';
      const b = clone(base);
      if (scoped) b.metadata.namespace = 'PLACEHOLDER'; else delete b.metadata.namespace;
      for (const [name, mutate] of MUTATIONS) {
        const o = clone(b);
        mutate(o);
        cases.push([`${base.kind}: ${name}`, o]);
      }
      for (const [name, o] of perturbations(b, 30, random)) cases.push([`${base.kind}: ${name}`, o]);
    }
    expect(cases.length).toBeGreaterThanOrEqual(300);

    const mismatches: string[] = [];
    let accepted = 0;
    for (const [name, o] of cases) {
      if (o.metadata && typeof o.metadata === 'object' && o.metadata.namespace === 'PLACEHOLDER') o.metadata.namespace = namespace;
      const offline = validateSchema(o).filter((f) => f.severity === 'error');
      const server = await dryRunCreate(kc, o, namespace);
      if (server.ok) accepted++;
      if (server.ok !== (offline.length === 0)) {
        mismatches.push(`${name}: server ${server.ok ? 'accepted' : `refused (${server.message})`}, offline ${offline.length ? `refused (${offline.map((f) => `${f.path}: ${f.message}`).join('; ')})` : 'accepted'}`);
      }
    }
    // Both verdicts must occur, or the test proves nothing.
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(cases.length - 20);
    expect(mismatches).toEqual([]);
  }, 300_000);
  test('Route: properties inside anyOf/not branches (spec.tls) are value checks, not unknown fields', async () => {
    const mismatches: string[] = [];
    const verdicts: string[] = [];
    for (const [name, o] of ROUTE_CASES) {
      const obj = clone(o);
      obj.metadata.namespace = namespace;
      const offline = validateSchema(obj).filter((f) => f.severity === 'error');
      const server = await dryRunCreate(kc, obj, namespace);
      verdicts.push(`${name}: ${server.ok ? 'accepted' : 'refused'}`);
      if (server.ok !== (offline.length === 0)) {
        mismatches.push(`${name}: server ${server.ok ? 'accepted' : `refused (${server.message})`}, offline ${offline.length ? `refused (${offline.map((f) => `${f.path}: ${f.message}`).join('; ')})` : 'accepted'}`);
      }
    }
    // The real server accepts TLS routes and refuses the broken ones: both verdicts occur.
    expect(verdicts).toEqual(expect.arrayContaining(['edge: accepted', 'passthrough: accepted', 'passthrough + certificate: refused', 'tls: unknown field: refused']));
    expect(mismatches).toEqual([]);
  }, 120_000);
});
