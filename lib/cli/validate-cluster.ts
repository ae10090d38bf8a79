// `validate --kubeconfig` and `apply`: read (GET and LIST only, never writes) the objects the folder
// refers to but does not contain, and (validate) the cluster's feature gates (KubeVirt CR, else HyperConverged).
// Secrets and ConfigMaps are asked for as PartialObjectMetadata, so their data never leaves the API server.
import * as http from 'http';
import * as https from 'https';
import { loadClientNode } from '../controller/client-node-loader';
import { KubeConfigError } from '../controller/kube-client';
import { kindOf } from '../kinds';
import { GateSettings, gatesFromHyperConverged, gatesFromKubeVirt } from '../validation/config/feature-gates';
import { ExternalObject } from '../validation/config/profiles';
import { Reference } from '../validation/config/references';
import { KubeObject } from '../validation/types';
import { ClusterUnreachableError } from './cluster-guard';

/** Kinds read as metadata only (their data never leaves the API server); plurals and scopes come from the kind registry. */
const METADATA_ONLY = new Set(['Secret', 'ConfigMap']);
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** What the cluster told us. */
export interface ClusterFacts {
  readonly externals: ExternalObject[];
  readonly gates?: GateSettings;
  /** One line each: what could not be read (forbidden, kind not served), so its references stay unresolved. */
  readonly notes: string[];
  /** Every request made (method and path), for the record. */
  readonly requests: Array<{ method: string; path: string }>;
}

type Response = { status: number; body: any };

/** A read-only HTTP client over a kubeconfig: only GET exists. */
class ReadOnlyCluster {
  public readonly requests: Array<{ method: string; path: string }> = [];

  /** Over `kubeconfig`, else the default one (KUBECONFIG, ~/.kube/config, in-cluster) as `apply` finds it. */
  public static async open(kubeconfig: string | undefined, timeoutMs: number): Promise<ReadOnlyCluster> {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    const which = kubeconfig ?? '(default)';
    try {
      if (kubeconfig !== undefined) kc.loadFromFile(kubeconfig);
      else kc.loadFromDefault();
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message.split('\n')[0];
      throw new KubeConfigError(`kubeconfig ${which}: ${reason}`);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeConfigError(`kubeconfig ${which}: no current cluster`);
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    // client-node's plain Agent closes each connection after one answer: every lookup paid a TLS
    // handshake. Same TLS options, connections kept (a proxy's agent is left as it is).
    if (options.agent?.constructor === https.Agent) {
      options.agent = new https.Agent({ ...(options.agent as https.Agent & { options: https.AgentOptions }).options, keepAlive: true });
    }
    const contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
    return new ReadOnlyCluster(cluster.server, options, timeoutMs, contextNamespace ?? 'default', contextNamespace);
  }

  private constructor(public readonly server: string, private readonly options: https.RequestOptions, private readonly timeoutMs: number,
    public readonly namespace: string,
    /** The namespace the kubeconfig's context names, if it names one. */
    public readonly contextNamespace?: string) {}

  /** Closes the kept connections. */
  public close(): void {
    if (this.options.agent instanceof https.Agent) this.options.agent.destroy();
  }

  public get(path: string, accept = 'application/json'): Promise<Response> {
    this.requests.push({ method: 'GET', path });
    const url = new URL(path, this.server);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, {
        ...this.options, method: 'GET', headers: { ...(this.options.headers ?? {}), Accept: accept }, timeout: this.timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any;
          try { body = JSON.parse(text); } catch { body = text; }
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.timeoutMs / 1000} s`)));
      req.on('error', (err) => reject(new ClusterUnreachableError(`cannot reach the cluster at ${this.server}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
      req.end();
    });
  }
}

/** The registry's plural of a kind (every kind a reference names is registered; a test checks). */
function pluralOf(apiVersion: string, kind: string): string {
  const def = kindOf(apiVersion, kind);
  if (!def) throw new Error(`${apiVersion} ${kind} is not in the kind registry`);
  return def.plural;
}

function resourcePath(apiVersion: string, kind: string, namespace: string, name?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${pluralOf(apiVersion, kind)}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** GETs in flight at once while looking up named references. */
const LOOKUP_CONCURRENCY = 16;

/** `fn` over `items`, at most `limit` calls at a time; results in the items' order. A failure stops new calls and rejects. */
async function inTurns<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What else to read, and how long to wait for each answer. */
export interface ClusterFactsOptions {
  /** Read the KubeVirt CR's (else the HyperConverged's) feature gates. @default true */
  readonly gates?: boolean;
  /** Deadline of each request in milliseconds; 0: none. @default 15000 */
  readonly timeoutMs?: number;
}

/**
 * Looks up `refs` in the cluster named by `kubeconfig` (else the default kubeconfig), plus its
 * StorageClasses (when a DataVolume relies on the default one), its NNCPs (when a NAD rides a
 * host bridge) and, unless `gates: false`, its KubeVirt CR's feature gates.
 */
export async function readClusterFacts(refs: readonly Reference[], kubeconfig: string | undefined, options: ClusterFactsOptions = {}): Promise<ClusterFacts> {
  const cluster = await ReadOnlyCluster.open(kubeconfig, options.timeoutMs ?? 15_000);
  try {
    return await lookUp(cluster, refs, options);
  } finally {
    cluster.close();
  }
}

async function lookUp(cluster: ReadOnlyCluster, refs: readonly Reference[], options: ClusterFactsOptions): Promise<ClusterFacts> {
  const externals: ExternalObject[] = [];
  const notes: string[] = [];
  const origin = `cluster ${cluster.server}`;
  const refused = new Set<string>();
  const check = (r: Response, what: string): boolean => {
    if (r.status === 200) return true;
    if (r.status === 401) throw new ClusterUnreachableError(`the cluster at ${cluster.server} refuses the credentials: ${r.body?.message ?? 'Unauthorized'}`);
    const why = r.status === 403 ? 'forbidden' : r.status === 404 ? 'not served by this cluster' : `HTTP ${r.status}`;
    if (!refused.has(what)) notes.push(`${what}: ${why}; references to them stay unresolved`);
    refused.add(what);
    return false;
  };

  // The named references, up to LOOKUP_CONCURRENCY GETs at a time (one after the other, 1,000
  // Secrets kept `apply` waiting 17 s on a local API server); answers are recorded in reference
  // order. A kind once refused (403, not served) is not asked for again.
  const named = refs.filter((ref) => ref.name !== ''); // '': the default StorageClass, every NNCP: listed below
  const targets = named.map((ref) => {
    const clusterScoped = kindOf(ref.apiVersion, ref.kind)?.scope === 'Cluster';
    const namespace = ref.namespace === '' && !clusterScoped ? cluster.namespace : ref.namespace;
    return { ref, clusterScoped, namespace, what: `${pluralOf(ref.apiVersion, ref.kind)}.${groupOf(ref.apiVersion) || 'core'}` };
  });
  const refusedEarly = new Set<string>();
  let unauthorized = false;
  const answers = await inTurns(targets, LOOKUP_CONCURRENCY, async ({ ref, namespace, what }) => {
    if (unauthorized || refusedEarly.has(what)) return undefined;
    const r = await cluster.get(resourcePath(ref.apiVersion, ref.kind, namespace, ref.name), METADATA_ONLY.has(ref.kind) ? METADATA_ACCEPT : 'application/json');
    if (r.status === 401) unauthorized = true;
    if (r.status === 403 || (r.status === 404 && r.body?.details?.name !== ref.name)) refusedEarly.add(what);
    return r;
  });
  for (const [i, { ref, clusterScoped, namespace, what }] of targets.entries()) {
    const r = answers[i];
    if (!r || refused.has(what)) continue;
    if (r.status === 404 && r.body?.details?.name === ref.name) continue; // it does not exist: the warning stays
    if (!check(r, what)) continue;
    const object: KubeObject = METADATA_ONLY.has(ref.kind)
      ? { apiVersion: ref.apiVersion, kind: ref.kind, metadata: r.body?.metadata ?? { name: ref.name, namespace } }
      : r.body;
    externals.push({ groupKind: `${groupOf(ref.apiVersion)}/${ref.kind}`, namespace: clusterScoped ? '' : namespace, name: ref.name, object, origin });
  }

  /** Every object of a cluster-scoped kind, as externals (a reference named ''); the listed items. */
  const listAll = async (apiVersion: string, kind: string, what: string): Promise<KubeObject[]> => {
    if (!refs.some((ref) => ref.kind === kind && ref.name === '')) return [];
    const r = await cluster.get(resourcePath(apiVersion, kind, ''));
    if (!check(r, what)) return [];
    const listed: KubeObject[] = [];
    for (const item of Array.isArray(r.body?.items) ? r.body.items : []) {
      const name = item?.metadata?.name;
      if (typeof name !== 'string') continue;
      const object = { apiVersion, kind, ...item };
      externals.push({ groupKind: `${groupOf(apiVersion)}/${kind}`, namespace: '', name, object, origin });
      listed.push(object);
    }
    return listed;
  };

  for (const sc of await listAll('storage.k8s.io/v1', 'StorageClass', 'storageclasses.storage.k8s.io')) {
    if (sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] !== 'true') continue;
    const name = sc.metadata.name;
    const p = await cluster.get(resourcePath('cdi.kubevirt.io/v1beta1', 'StorageProfile', '', name));
    if (p.status !== 404 && check(p, 'storageprofiles.cdi.kubevirt.io')) externals.push({ groupKind: 'cdi.kubevirt.io/StorageProfile', namespace: '', name, object: p.body, origin });
  }
  await listAll('nmstate.io/v1', 'NodeNetworkConfigurationPolicy', 'nodenetworkconfigurationpolicies.nmstate.io');

  const gates = options.gates === false ? undefined : await readGates(cluster, notes, check);
  return { externals, gates, notes, requests: cluster.requests };
}

const itemsOf = (r: Response): KubeObject[] => (Array.isArray(r.body?.items) ? r.body.items : []);

/**
 * The cluster's feature gates: its KubeVirt CR's (what virt-handler and the webhooks read), else
 * the HyperConverged's translated as HCO writes them into that CR. Of several HyperConverged
 * objects, the one in the kubeconfig context's namespace counts; without one there, none does.
 */
async function readGates(cluster: ReadOnlyCluster, notes: string[], check: (r: Response, what: string) => boolean): Promise<GateSettings | undefined> {
  const kv = await cluster.get(resourcePath('kubevirt.io/v1', 'KubeVirt', ''));
  if (kv.status === 200 && itemsOf(kv).length > 0) return gatesFromKubeVirt(itemsOf(kv)[0]);
  if (kv.status === 401) check(kv, 'kubevirts.kubevirt.io');
  if (kv.status === 403) notes.push('kubevirts.kubevirt.io: forbidden; feature gates come from the HyperConverged, else stay as configured');
  const hc = await cluster.get('/apis/hco.kubevirt.io/v1beta1/hyperconvergeds');
  if (hc.status === 403) notes.push('hyperconvergeds.hco.kubevirt.io: forbidden; feature gates stay as configured');
  if (hc.status !== 200) return undefined;
  const all = itemsOf(hc);
  const chosen = all.length === 1 ? all[0] : all.find((h) => h?.metadata?.namespace === cluster.contextNamespace);
  if (all.length > 1 && !chosen) {
    const names = all.map((h) => `${h?.metadata?.namespace}/${h?.metadata?.name}`).join(', ');
    notes.push(`several HyperConverged objects (${names}) and none in the context's namespace; feature gates stay as configured`);
  }
  return chosen ? gatesFromHyperConverged(chosen) : undefined;
}
