import { ClientNodeModule, loadClientNode } from './client-node-loader';
import { KubeObject, ObjectRef, cloneObject, groupOf, refOf, subjectOf } from './objects';
import { DirectRequests, listPages, resourcePath } from './direct-requests';
import { DEFAULT_REQUEST_TIMEOUT_MS, applyRequestTimeout, formatTimeout, isRequestTimeout } from './request-timeout';
import { shareConnections } from './shared-connections';
import { KubeApiError, KubeConfigError, KubeDiscoveryError, KubeRequestTimeoutError, toApiError } from './kube-errors';

export { KubeApiError, KubeConfigError, KubeDiscoveryError, KubeRequestTimeoutError, isTransient, toApiError } from './kube-errors';

/** Requests issued, by kind of request: the controller's cost model. */
export interface RequestCounts {
  /** GET and LIST. */
  reads: number;
  /** Server-side dry-run applies: no state change. */
  dryRuns: number;
  /** Applies, creates, replaces and deletes that change state. */
  writes: number;
  /** Watch connections opened. */
  watches: number;
}

export interface ApplyRequestOptions {
  readonly fieldManager: string;
  /** Take ownership of fields other managers own. */
  readonly force?: boolean;
  readonly dryRun?: boolean;
}

export interface DeletePreconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly resourceVersion?: string;
  /** The server closes the watch after this long; the caller re-watches. */
  readonly timeoutSeconds?: number;
}

/**
 * The few API verbs the controller needs, over plain JSON objects. The implementation
 * below wraps @kubernetes/client-node; tests of pure logic never need it.
 */
export interface KubeClient {
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(apiVersion: string, kind: string, options?: { namespace?: string; labelSelector?: string }): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /** Server-side apply (`application/apply-patch+yaml`). */
  apply(obj: KubeObject, options: ApplyRequestOptions): Promise<KubeObject>;
  /** Server-side apply of the status subresource (tests play nmstate/KubeVirt with it). */
  applyStatus(obj: KubeObject, fieldManager: string): Promise<KubeObject>;
  create(obj: KubeObject): Promise<KubeObject>;
  /** PUT with the object's resourceVersion: fails with 409 when someone else wrote first. */
  replace(obj: KubeObject): Promise<KubeObject>;
  /**
   * Deletes; false when the object was already gone. With preconditions the server refuses
   * (409) when the object's uid or resourceVersion differ: it changed since it was read.
   */
  delete(ref: ObjectRef, propagationPolicy?: string, preconditions?: DeletePreconditions): Promise<boolean>;
  /**
   * JSON merge patch of `patch` (apiVersion, kind, metadata.name/namespace name the object). A
   * metadata.resourceVersion in it is a precondition: 409 when the object changed since.
   */
  mergePatch(patch: KubeObject, options?: { fieldManager?: string; dryRun?: boolean }): Promise<KubeObject>;
  /** Opens one watch; `onDone` fires exactly once when it ends for any reason. */
  watch(apiVersion: string, kind: string, options: WatchOptions,
    onEvent: (type: WatchEventType, obj: KubeObject) => void, onDone: (err?: unknown) => void): Promise<{ abort(): void }>;
  /**
   * True when the kind is served by the API server; false only when the server says it is not
   * (404). A discovery request that times out (KubeRequestTimeoutError) or fails otherwise
   * (KubeDiscoveryError: unreachable, 5xx, 403) rejects: it says nothing about the kind.
   */
  isServed(apiVersion: string, kind: string): Promise<boolean>;
  readonly requests: RequestCounts;
  /** The API server's URL, when known (for messages). */
  readonly server?: string;
}

export interface KubeClientOptions {
  /**
   * Path of a kubeconfig file.
   * @default - KUBECONFIG, ~/.kube/config or the in-cluster service account
   */
  readonly kubeconfig?: string;
  /**
   * Deadline of each request other than a watch; a request past it fails with a
   * KubeRequestTimeoutError naming it. 0 disables the deadline.
   * @default 30000 (30 seconds)
   */
  readonly requestTimeoutMs?: number;
}

interface ResourceInfo {
  readonly name: string;
  readonly namespaced: boolean;
}

/** Creates a client over @kubernetes/client-node (loaded with a real dynamic import). */
export async function createKubeClient(options: KubeClientOptions = {}): Promise<KubeClient> {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new KubeConfigError(`kubeconfig ${options.kubeconfig ?? '(default)'}: ${reason}`);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeConfigError(`kubeconfig ${options.kubeconfig ?? '(default: KUBECONFIG, ~/.kube/config, in-cluster)'}: no current cluster`);
  }
  shareConnections(kc);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  applyRequestTimeout(kc, requestTimeoutMs);
  return new ClientNodeKubeClient(k8s, kc, requestTimeoutMs);
}

class ClientNodeKubeClient implements KubeClient {
  public readonly requests: RequestCounts = { reads: 0, dryRuns: 0, writes: 0, watches: 0 };
  private readonly objects: InstanceType<ClientNodeModule['KubernetesObjectApi']>;
  private readonly customObjects: InstanceType<ClientNodeModule['CustomObjectsApi']>;
  private readonly watcher: InstanceType<ClientNodeModule['Watch']>;
  private readonly direct: DirectRequests;
  public readonly server?: string;

  constructor(private readonly k8s: ClientNodeModule, kc: InstanceType<ClientNodeModule['KubeConfig']>, private readonly timeoutMs: number) {
    this.server = kc.getCurrentCluster()?.server;
    this.objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    this.customObjects = kc.makeApiClient(k8s.CustomObjectsApi);
    this.watcher = new k8s.Watch(kc);
    this.direct = new DirectRequests(k8s, kc);
  }

  /**
   * Every verb but watch goes through DirectRequests when discovery knows the kind (errors:
   * HttpStatusError, normalised by toApiError like client-node's ApiException); anything else (an
   * unknown kind, a plain-HTTP cluster) keeps client-node's path. `forObject`: a namespaced path
   * without a namespace gets the default one (an object's, or a create's collection), as
   * client-node fills it; a list without one is across namespaces.
   */
  private async directPath(apiVersion: string, kind: string, namespace: string | undefined, name?: string, forObject = name !== undefined): Promise<string | undefined> {
    const info = await this.resourceInfo(apiVersion, kind).catch(() => undefined);
    if (!info) return undefined;
    const ns = info.namespaced ? namespace ?? (forObject ? this.defaultNamespace() : undefined) : undefined;
    return resourcePath(apiVersion, info.name, ns, name);
  }

  /** The object as client-node sends it: a namespaced object without a namespace gets the default one. */
  private bodyOf(obj: KubeObject, path: string): string {
    return JSON.stringify(path.includes('/namespaces/') && !obj.metadata.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: this.defaultNamespace() } } : obj);
  }

  /** The namespace client-node fills into namespaced objects that name none. */
  private defaultNamespace(): string {
    return (this.objects as unknown as { defaultNamespace?: string }).defaultNamespace ?? 'default';
  }

  public async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    this.requests.reads++;
    try {
      const path = await this.directPath(ref.apiVersion, ref.kind, ref.namespace, ref.name);
      const what = subjectOf(ref);
      const sent = path ? await this.send('get', what, () => this.direct.send({ method: 'GET', path })) : undefined;
      if (sent) return sent.body as KubeObject;
      return plain(await this.send('get', what, () => this.objects.read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } })));
    } catch (err) {
      const e = toApiError(err);
      if (e.statusCode === 404) return undefined;
      throw e;
    }
  }

  public async list(apiVersion: string, kind: string, options: { namespace?: string; labelSelector?: string } = {}) {
    this.requests.reads++;
    try {
      const path = await this.directPath(apiVersion, kind, options.namespace);
      const what = `${kind}${options.namespace ? ` in ${options.namespace}` : ''}`;
      const paged = path ? await listPages(this.direct, path, options.labelSelector, (request) => this.send('list', what, request)) : undefined;
      if (paged) return { items: paged.items.map((item) => ({ apiVersion, kind, ...item }) as KubeObject), resourceVersion: paged.resourceVersion };
      const list = await this.send('list', what, () => this.objects.list(apiVersion, kind, options.namespace, undefined, undefined, undefined, undefined, options.labelSelector));
      const items = (list.items as unknown[]).map((item) => ({ apiVersion, kind, ...(plain(item) as object) }) as KubeObject);
      return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    } catch (err) {
      throw toApiError(err);
    }
  }

  public async apply(obj: KubeObject, options: ApplyRequestOptions): Promise<KubeObject> {
    if (options.dryRun) this.requests.dryRuns++;
    else this.requests.writes++;
    try {
      const [verb, what] = [options.dryRun ? 'dry-run apply' : 'apply', subjectOf(refOf(obj))];
      const path = await this.directPath(obj.apiVersion, obj.kind, obj.metadata.namespace || undefined, obj.metadata.name);
      if (path) {
        const body = this.bodyOf(obj, path);
        const query = { fieldManager: options.fieldManager, force: String(options.force ?? false), dryRun: options.dryRun ? 'All' : undefined };
        const sent = await this.send(verb, what, () => this.direct.send({ method: 'PATCH', path, query, body, contentType: 'application/apply-patch+yaml' }));
        if (sent) return sent.body as KubeObject;
      }
      const result = await this.send(verb, what, () => this.objects.patch(asClientObject(obj), undefined, options.dryRun ? 'All' : undefined,
        options.fieldManager, options.force ?? false, this.k8s.PatchStrategy.ServerSideApply));
      return plain(result);
    } catch (err) {
      throw toApiError(err);
    }
  }

  public async applyStatus(obj: KubeObject, fieldManager: string): Promise<KubeObject> {
    this.requests.writes++;
    const info = await this.resourceInfo(obj.apiVersion, obj.kind);
    const [group, version] = splitApiVersion(obj.apiVersion);
    const headers = this.k8s.setHeaderOptions('Content-Type', this.k8s.PatchStrategy.ServerSideApply);
    const common = { group, version, plural: info.name, name: obj.metadata.name, body: obj, fieldManager, force: true };
    try {
      const result = await this.send('apply status of', subjectOf(refOf(obj)), () => (info.namespaced
        ? this.customObjects.patchNamespacedCustomObjectStatus({ ...common, namespace: obj.metadata.namespace ?? 'default' }, headers)
        : this.customObjects.patchClusterCustomObjectStatus(common, headers)));
      return plain(result);
    } catch (err) {
      throw toApiError(err);
    }
  }

  public async create(obj: KubeObject): Promise<KubeObject> {
    this.requests.writes++;
    try {
      const what = subjectOf(refOf(obj));
      // POST to the collection (the object's namespace, else the default one).
      const path = await this.directPath(obj.apiVersion, obj.kind, obj.metadata.namespace || undefined, undefined, true);
      const sent = path ? await this.send('create', what, () => this.direct.send({ method: 'POST', path, body: this.bodyOf(obj, path) })) : undefined;
      if (sent) return sent.body as KubeObject;
      return plain(await this.send('create', what, () => this.objects.create(asClientObject(obj))));
    } catch (err) {
      throw toApiError(err);
    }
  }

  public async replace(obj: KubeObject): Promise<KubeObject> {
    this.requests.writes++;
    try {
      const what = subjectOf(refOf(obj));
      const path = await this.directPath(obj.apiVersion, obj.kind, obj.metadata.namespace || undefined, obj.metadata.name);
      const sent = path ? await this.send('update', what, () => this.direct.send({ method: 'PUT', path, body: this.bodyOf(obj, path) })) : undefined;
      if (sent) return sent.body as KubeObject;
      return plain(await this.send('update', what, () => this.objects.replace(asClientObject(obj))));
    } catch (err) {
      throw toApiError(err);
    }
  }

  public async delete(ref: ObjectRef, propagationPolicy?: string, preconditions?: DeletePreconditions): Promise<boolean> {
    this.requests.writes++;
    try {
      // As client-node sends it: the policy as a query parameter and, with preconditions, a DeleteOptions body holding both.
      const body = preconditions ? { preconditions: { ...preconditions }, propagationPolicy } : undefined;
      const what = subjectOf(ref);
      const path = await this.directPath(ref.apiVersion, ref.kind, ref.namespace || undefined, ref.name);
      const sent = path ? await this.send('delete', what, () => this.direct.send({
        method: 'DELETE', path, query: { propagationPolicy }, body: body && JSON.stringify(body),
      })) : undefined;
      if (!sent) {
        await this.send('delete', what, () => this.objects.delete({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } },
          undefined, undefined, undefined, undefined, propagationPolicy, body));
      }
      return true;
    } catch (err) {
      const e = toApiError(err);
      if (e.statusCode === 404) return false;
      throw e;
    }
  }

  public async mergePatch(patch: KubeObject, options: { fieldManager?: string; dryRun?: boolean } = {}): Promise<KubeObject> {
    if (options.dryRun) this.requests.dryRuns++;
    else this.requests.writes++;
    try {
      const what = subjectOf(refOf(patch));
      const dryRun = options.dryRun ? 'All' : undefined;
      const path = await this.directPath(patch.apiVersion, patch.kind, patch.metadata.namespace || undefined, patch.metadata.name);
      const sent = path ? await this.send('patch', what, () => this.direct.send({
        method: 'PATCH', path, query: { fieldManager: options.fieldManager, dryRun }, body: this.bodyOf(patch, path), contentType: 'application/merge-patch+json',
      })) : undefined;
      if (sent) return sent.body as KubeObject;
      return plain(await this.send('patch', what, () => this.objects.patch(asClientObject(patch), undefined, dryRun, options.fieldManager, undefined,
        this.k8s.PatchStrategy.MergePatch)));
    } catch (err) {
      throw toApiError(err);
    }
  }

  public async watch(apiVersion: string, kind: string, options: WatchOptions,
    onEvent: (type: WatchEventType, obj: KubeObject) => void, onDone: (err?: unknown) => void): Promise<{ abort(): void }> {
    this.requests.watches++;
    const info = await this.resourceInfo(apiVersion, kind);
    const base = groupOf(apiVersion) ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const path = info.namespaced && options.namespace
      ? `${base}/namespaces/${encodeURIComponent(options.namespace)}/${info.name}` : `${base}/${info.name}`;
    const query: Record<string, string | number | boolean> = { allowWatchBookmarks: true };
    if (options.labelSelector) query.labelSelector = options.labelSelector;
    if (options.resourceVersion) query.resourceVersion = options.resourceVersion;
    if (options.timeoutSeconds) query.timeoutSeconds = options.timeoutSeconds;
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      onDone(err ?? undefined);
    };
    const controller = await this.watcher.watch(path, query, (type: string, obj: unknown) => {
      if (type === 'ERROR') {
        const status = obj as { code?: number; message?: string; reason?: string };
        finish(new KubeApiError(status.code ?? 500, status.message ?? 'watch error', status.reason));
        return;
      }
      onEvent(type as WatchEventType, { apiVersion, kind, ...(obj as object) } as KubeObject);
    }, (err: unknown) => finish(err));
    return { abort: () => { finish(); controller.abort(); } };
  }

  public async isServed(apiVersion: string, kind: string): Promise<boolean> {
    try {
      await this.resourceInfo(apiVersion, kind);
      return true;
    } catch (err) {
      if (err instanceof KubeRequestTimeoutError) throw err;
      const e = toApiError(err);
      if (e.statusCode === 404) return false;
      throw new KubeDiscoveryError(e.statusCode, `discover ${kind} in ${apiVersion}: ${e.message.split('\n')[0]}`, e.reason);
    }
  }

  /** Sends one request (429s retried); one its deadline aborted fails with a line naming it. */
  private async send<T>(verb: string, what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await throttled(request);
    } catch (err) {
      if (isRequestTimeout(err)) throw new KubeRequestTimeoutError(`${verb} ${what}: no response within ${formatTimeout(this.timeoutMs)} (request timeout)`);
      throw err;
    }
  }

  /** Plural and scope from discovery: client-node caches it per apiVersion and refetches on a kind miss. */
  private async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const discovery = this.objects as unknown as { resource(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> };
    let found: ResourceInfo | undefined;
    try {
      found = await this.send('discover', `${kind} in ${apiVersion}`, () => discovery.resource(apiVersion, kind));
    } catch (err) {
      const e = toApiError(err);
      if (e.statusCode !== 404) throw e;
    }
    if (!found) throw new KubeApiError(404, `the server does not serve ${kind} in ${apiVersion}`, 'NotFound');
    return found;
  }
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** A copy typed for client-node (which fills a default namespace into what it is given). */
function asClientObject(obj: KubeObject): Parameters<InstanceType<ClientNodeModule['KubernetesObjectApi']>['create']>[0] {
  return cloneObject(obj) as unknown as Parameters<InstanceType<ClientNodeModule['KubernetesObjectApi']>['create']>[0];
}

/** Client results may hold Dates and class instances; the controller works on plain JSON. */
function plain<T>(value: T): KubeObject {
  return cloneObject(value) as unknown as KubeObject;
}

const THROTTLE_RETRIES = 5;

/**
 * Retries a request the server refused with 429 (priority-and-fairness throttling, or "storage
 * is (re)initializing" right after an apiserver restart), as client-go does: the request was not
 * processed, so even a write is safe to send again. Waits Retry-After (1 s when absent, at most 10 s).
 */
export async function throttled<T>(request: () => Promise<T>, retries = THROTTLE_RETRIES): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      const e = err as { code?: number; headers?: Record<string, string>; body?: unknown };
      if (e?.code !== 429 || attempt >= retries) throw err;
      const header = Number(e.headers?.['retry-after'] ?? e.headers?.['Retry-After']);
      const seconds = Number.isFinite(header) && header >= 0 ? Math.min(header, 10) : 1;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}
