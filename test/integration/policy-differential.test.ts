// Differential test: the generated ValidatingAdmissionPolicies installed in the real kube-apiserver
// must give every translated rule's passing and failing cases (the rule tests' tables) the verdict
// the offline validator gives them: denied with the rule's id for errors, the exact warning text for
// warnings. Two binding sets: one as generated (Deny/Warn), one all-Warn, where every failing
// validation shows up (a denial only names the first). Bound only to objects carrying this run's
// label in this run's namespace, so other suites sharing the control plane are never judged.
import * as https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { buildAdmissionPolicies, policyCatalog, policyMessage, policyNameFor } from '../../lib/policy';
import { familyOfRuleSet } from '../../lib/policy/scopes';
import { validateObjects, validateSchema } from '../../lib/validation';
import { ruleSetOf, kindOf } from '../../lib/kinds';
import { CROSS_CASES } from '../validation/cases/cross-object';
import { DEVICE_CASES } from '../validation/cases/devices';
import { NETWORK_CASES } from '../validation/cases/network';
import { PLATFORM_CASES } from '../validation/cases/platform';
import { STORAGE_CASES } from '../validation/cases/storage';
import { VM_CASES } from '../validation/cases/virtual-machine';
import { VMI_CASES } from '../validation/cases/vmi';
import { POOL_CASES } from '../validation/cases/vm-pool';
import { RuleCase } from '../validation/cases/types';
import { NS } from '../validation/fixtures';
import { adminConfig, createNamespace, deleteNamespace, describeIfCluster, eventually } from './cluster';

type Obj = Record<string, any>;
const CASES: RuleCase[] = [...VM_CASES, ...POOL_CASES, ...VMI_CASES, ...STORAGE_CASES, ...NETWORK_CASES, ...CROSS_CASES, ...PLATFORM_CASES, ...DEVICE_CASES];
const LABEL = 'cdk8s-kubevirt.io/policy-test';

interface ServerVerdict { code: number; message: string; reason?: string; warnings: string[] }

async function dryRunCreate(kc: k8s.KubeConfig, obj: Obj, namespace: string): Promise<ServerVerdict> {
  const def = kindOf(obj.apiVersion, obj.kind);
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const scoped = def?.scope !== 'Cluster';
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const path = `${prefix}${scoped ? `/namespaces/${namespace}` : ''}/${def?.plural}?dryRun=All&fieldValidation=Strict`;
  const url = new URL(kc.getCurrentCluster()!.server);
  const opts: https.RequestOptions = { method: 'POST', hostname: url.hostname, port: url.port, path, headers: { 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(opts, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        const warnings: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i].toLowerCase() !== 'warning') continue;
          const m = /^\d{3} \S+ "(.*)"$/s.exec(res.rawHeaders[i + 1]);
          warnings.push(m ? m[1].replace(/\\(.)/g, '$1') : res.rawHeaders[i + 1]);
        }
        let body: Obj = {};
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ code: res.statusCode ?? 0, message: body.message ?? text, reason: body.reason, warnings });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(obj));
  });
}

/** Replaces the fixtures' namespace everywhere in an object (templates, references) with `ns`. */
function inNamespace<T>(value: T, ns: string): T {
  if (value === NS) return ns as T;
  if (Array.isArray(value)) return value.map((v) => inNamespace(v, ns)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inNamespace(v, ns)])) as T;
  return value;
}

const idsIn = (texts: string[]): Set<string> => new Set(texts.flatMap((t) => [...t.matchAll(/\[([a-z0-9-]+)\]$/g)].map((m) => m[1])));
const sorted = (s: Iterable<string>) => [...s].sort().join(', ') || '(none)';

describeIfCluster('generated ValidatingAdmissionPolicies == offline rules (dry-run create on the real apiserver)', () => {
  const catalog = policyCatalog();
  const translated = new Map(catalog.filter((r) => r.cel && r.severity !== 'info').map((r) => [r.id, r]));
  let kc: k8s.KubeConfig;
  let namespace: string;
  const created: Obj[] = [];

  const policySet = (suffix: string, mode: 'enforce' | 'warn') => buildAdmissionPolicies({
    namePrefix: `${namespace}-${suffix}`, mode, paramsNamespace: namespace,
    namespaceSelector: { matchLabels: { [LABEL]: namespace } },
    objectSelector: { matchLabels: { [LABEL]: `${namespace}-${suffix}` } },
  });

  beforeAll(async () => {
    kc = adminConfig();
    namespace = await createNamespace(kc, 'policy-diff');
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.patchNamespace({ name: namespace, body: { metadata: { labels: { [LABEL]: namespace } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const client = k8s.KubernetesObjectApi.makeApiClient(kc);
    for (const o of [...policySet('e', 'enforce'), ...policySet('w', 'warn')]) {
      // Every expression must compile and pass the apiserver's CEL cost estimation here.
      await client.create(o as k8s.KubernetesObject);
      created.push(o);
    }
  }, 120_000);

  afterAll(async () => {
    const client = k8s.KubernetesObjectApi.makeApiClient(kc);
    for (const o of created.reverse()) {
      if (o.kind === 'ConfigMap') continue;
      await client.delete(o as k8s.KubernetesObject).catch(() => undefined);
    }
    await deleteNamespace(kc, namespace);
  }, 120_000);

  const labelled = (o: Obj, suffix: string): Obj => {
    const copy = inNamespace(JSON.parse(JSON.stringify(o)), namespace);
    copy.metadata = { ...(copy.metadata ?? {}), labels: { ...(copy.metadata?.labels ?? {}), [LABEL]: `${namespace}-${suffix}` } };
    if (kindOf(copy.apiVersion, copy.kind)?.scope === 'Cluster') delete copy.metadata.namespace;
    else copy.metadata.namespace = namespace;
    return copy;
  };

  test('every generated expression compiles, passes the CEL cost estimation and type-checks against the CRD schemas', async () => {
    // Creation (beforeAll) compiled each expression and estimated its cost; the status controller
    // then type-checks it against the schema of every kind the policy matches.
    const admission = kc.makeApiClient(k8s.AdmissionregistrationV1Api);
    const names = created.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((o) => o.metadata.name as string);
    expect(names.length).toBeGreaterThanOrEqual(20);
    const warnings: string[] = [];
    for (const name of names) {
      let policy: k8s.V1ValidatingAdmissionPolicy | undefined;
      await eventually(`${name} to be type-checked`, async () => {
        policy = await admission.readValidatingAdmissionPolicy({ name });
        return policy.status?.typeChecking !== undefined && policy.status.observedGeneration === policy.metadata?.generation;
      }, 60_000);
      for (const w of policy!.status!.typeChecking!.expressionWarnings ?? []) warnings.push(`${name} ${w.fieldRef}: ${w.warning}`);
    }
    expect(warnings).toEqual([]);
  }, 120_000);

  test('updates: a stored object is judged again only when its spec changes', async () => {
    const client = k8s.KubernetesObjectApi.makeApiClient(kc);
    // Stored before it was bound (no label yet): runStrategy Running is refused by vm-runstrategy-valid.
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'stored-before', namespace },
      spec: { runStrategy: 'Running', template: { spec: { domain: { devices: {}, memory: { guest: '1Gi' } } } } } };
    await client.create(vm);
    const patch = (body: Obj) => client.patch({ apiVersion: vm.apiVersion, kind: vm.kind, ...body, metadata: { ...body.metadata, name: vm.metadata.name, namespace } } as k8s.KubernetesObject,
      undefined, undefined, 'policy-test', undefined, k8s.PatchStrategy.MergePatch);
    // Now bound (labelled), a metadata-only update passes: finalizers and labels stay writable.
    await patch({ metadata: { labels: { [LABEL]: `${namespace}-e` }, annotations: { note: 'relabelled' } } });
    const denied = await patch({ spec: { template: { spec: { domain: { memory: { guest: '2Gi' } } } } } }).then(() => undefined, (e: k8s.ApiException<string>) => e);
    expect(denied?.code).toBe(422);
    expect(String(denied?.body)).toContain('[vm-runstrategy-valid]');
    // Fixing the spec is an update that passes.
    await patch({ spec: { runStrategy: 'Halted' } });
    await client.delete({ apiVersion: vm.apiVersion, kind: vm.kind, metadata: { name: vm.metadata.name, namespace } } as k8s.KubernetesObject);
  }, 60_000);

  test('every translated rule: its passing and failing cases get the same verdict offline and in the cluster', async () => {
    // The policies take effect once the apiserver's policy informer has them.
    const probe = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'probe', namespace },
      spec: { runStrategy: 'Running', template: { spec: { domain: { devices: {}, memory: { guest: '1Gi' } } } } } };
    await eventually('the enforce policies to deny', async () => (await dryRunCreate(kc, labelled(probe, 'e'), namespace)).code === 422, 60_000);
    await eventually('the warn policies to warn', async () => (await dryRunCreate(kc, labelled(probe, 'w'), namespace)).warnings.length > 0, 60_000);
    // The last policies created (platform warnings) as well, in both sets.
    const hco = { apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace }, spec: { tuningPolicy: 'highBurst' } };
    for (const set of ['e', 'w']) {
      await eventually(`the ${set} platform warnings`, async () => idsIn((await dryRunCreate(kc, labelled(hco, set), namespace)).warnings).has('hco-tuning-policy-highburst'), 60_000);
    }

    const mismatches: string[] = [];
    const compared = new Map<string, { valid: number; invalid: number }>();
    let schemaRefused = 0;
    const schemaCovered = new Set<string>();
    const schemaOnlyInCluster: string[] = [];
    let denied = 0;
    let warned = 0;
    for (const c of CASES) {
      const rule = translated.get(c.rule);
      if (!rule) continue;
      for (const [kind, inputs] of [['valid', c.valid], ['invalid', c.invalid]] as const) {
        for (const [i, objs] of inputs.entries()) {
          // One object per request: cases that need other objects (lookups) are the offline tests' job.
          if (objs.length !== 1) continue;
          const family = familyOfRuleSet(ruleSetOf(objs[0].apiVersion, objs[0].kind) ?? '');
          if (!family) continue;
          const label = `${c.rule} ${kind} input ${i}`;
          const subject = labelled(objs[0], 'w');
          const offline = validateObjects([subject], { ...c.options, schema: false }).filter((f) => translated.has(f.rule));
          const offlineIds = new Set(offline.map((f) => f.rule));
          const warnRun = await dryRunCreate(kc, subject, namespace);
          if (warnRun.code === 422 && !/ValidatingAdmissionPolicy/.test(warnRun.message)) {
            // The CRD schema refused it before admission: the offline schema layer must agree.
            schemaRefused++;
            // (The offline schema layer does not model every CRD's CEL/metadata rules: listed, not failed.)
            if (validateSchema(subject).filter((f) => f.severity === 'error').length === 0) schemaOnlyInCluster.push(`${label}: ${warnRun.message}`);
            if (kind === 'valid') mismatches.push(`${label}: a passing case refused by the schema (${warnRun.message})`);
            // A failing case the schema already refuses is enforced in the cluster too, by the schema.
            else schemaCovered.add(c.rule);
            continue;
          }
          if (warnRun.code >= 300 && warnRun.code !== 409) { mismatches.push(`${label}: unexpected ${warnRun.code} ${warnRun.message}`); continue; }
          const serverIds = idsIn(warnRun.warnings);
          if (sorted(serverIds) !== sorted(offlineIds)) mismatches.push(`${label}: offline [${sorted(offlineIds)}], cluster [${sorted(serverIds)}] ${warnRun.warnings.join(' | ')}`);
          if (kind === 'valid' ? !offlineIds.has(c.rule) : offlineIds.has(c.rule)) {
            const n = compared.get(c.rule) ?? { valid: 0, invalid: 0 };
            n[kind]++;
            compared.set(c.rule, n);
          }

          // As generated: errors denied (naming one of the failing error rules), warnings as warnings, word for word.
          const enforce = await dryRunCreate(kc, labelled(objs[0], 'e'), namespace);
          const errors = new Set(offline.filter((f) => translated.get(f.rule)!.severity === 'error').map((f) => f.rule));
          const warnings = new Set(offline.filter((f) => translated.get(f.rule)!.severity === 'warning').map((f) => f.rule));
          if (errors.size) {
            denied++;
            const id = idsIn([enforce.message]);
            if (enforce.code !== 422 || ![...id].some((x) => errors.has(x))) mismatches.push(`${label}: expected a denial naming one of [${sorted(errors)}], got ${enforce.code} ${enforce.message}`);
          } else {
            if (enforce.code >= 300 && enforce.code !== 409) mismatches.push(`${label}: expected admission, got ${enforce.code} ${enforce.message}`);
            const expected = [...warnings].map((w) => {
              const r = translated.get(w)!;
              const policy = policyNameFor(w, ruleSetOf(objs[0].apiVersion, objs[0].kind)!, `${namespace}-e`);
              return `Validation failed for ValidatingAdmissionPolicy '${policy}' with binding '${policy}': ${policyMessage(r)}`;
            }).sort();
            if (warnings.size) warned++;
            const got = enforce.warnings.filter((w) => w.startsWith('Validation failed for ValidatingAdmissionPolicy')).sort();
            if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`${label}: warnings ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
          }
        }
      }
    }
    const untested = [...translated.keys()].filter((id) => !(compared.get(id)?.valid && (compared.get(id)?.invalid || schemaCovered.has(id))));
    console.log(`policy differential: ${translated.size} translated rules; ${compared.size} compared; `
      + `${denied} denials, ${warned} warned admissions, ${schemaRefused} refused by the CRD schema; without a single-object pair: ${untested.join(', ') || 'none'}`
      + `${schemaOnlyInCluster.length ? `; refused by a CRD schema rule the offline schema layer lacks: ${schemaOnlyInCluster.join(' | ')}` : ''}`);
    expect(mismatches).toEqual([]);
    expect(untested).toEqual([]);
    expect(denied).toBeGreaterThan(20);
  }, 600_000);
});
