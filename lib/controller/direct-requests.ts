import type { ClientNodeModule } from './client-node-loader';
import { clearDeadline } from './request-timeout';

type KubeConfig = InstanceType<ClientNodeModule['KubeConfig']>;

/** What the API server's audit log and metrics see for these requests. */
const USER_AGENT = `cdk8s-kubevirt (node ${process.version})`;

/** The part of an undici Dispatcher used here: its `request` API (no fetch, no web streams). */
interface RequestDispatcher {
  request(options: { origin: string; path: string; method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: { text(): Promise<string> };
  }>;
}

/** An HTTP error in the shape of client-node's ApiException (`code`, `body`, `headers`), which toApiError and throttled read. */
export class HttpStatusError extends Error {
  constructor(public readonly code: number, public readonly body: string, public readonly headers: Record<string, string>) {
    super(`HTTP ${code}`);
    this.name = 'HttpStatusError';
  }
}

/** A request: method, path below the server URL (already encoded), query, optional JSON body. */
export interface DirectRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: string;
  readonly contentType?: string;
}

/**
 * Requests sent straight through the connection pool client-node built for the cluster (its
 * undici dispatcher, with the kubeconfig's authentication applied to every request as
 * client-node does), parsed with one JSON.parse. client-node's own path goes through undici's
 * fetch and web streams, its typed (de)serializer and then a JSON copy back to plain objects:
 * about 100 KB of garbage per request, which at 10,000 objects grew the heap to three times
 * what it held and made GC a quarter of the run. This path makes about a third of that garbage
 * and the objects are the server's JSON as sent (no typed model dropping fields, no Dates).
 * `send` resolves undefined when the cluster has no dispatcher of that kind (plain HTTP): the
 * caller then uses client-node.
 */
export class DirectRequests {
  private readonly server: string;

  constructor(private readonly k8s: ClientNodeModule, private readonly kc: KubeConfig) {
    this.server = (kc.getCurrentCluster()?.server ?? '').replace(/\/+$/, '');
  }

  /** The JSON body of a 2xx answer; throws HttpStatusError otherwise; undefined when this path cannot serve the cluster. */
  public async send(request: DirectRequest): Promise<{ body: unknown } | undefined> {
    const url = new URL(this.server + request.path);
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const ctx = new this.k8s.RequestContext(url.toString(), request.method);
    await this.kc.applySecurityAuthentication(ctx);
    const dispatcher = ctx.getDispatcher() as unknown as RequestDispatcher | undefined;
    if (!dispatcher || typeof dispatcher.request !== 'function') {
      clearDeadline(ctx.getSignal() as AbortSignal | undefined);
      return undefined;
    }
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...ctx.getHeaders(), accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    // The deadline authentication set (request-timeout.ts) covers the answer and its body.
    const signal = ctx.getSignal() as AbortSignal | undefined;
    let res: Awaited<ReturnType<RequestDispatcher['request']>>;
    let text: string;
    try {
      res = await dispatcher.request({ origin: url.origin, path: url.pathname + url.search, method: request.method, headers, body: request.body, signal });
      text = await res.body.text();
    } catch (err) {
      throw signal?.aborted && signal.reason instanceof Error ? signal.reason : err;
    } finally {
      clearDeadline(signal);
    }
    if (res.statusCode < 200 || res.statusCode > 299) throw new HttpStatusError(res.statusCode, text, flatHeaders(res.headers));
    return { body: text ? JSON.parse(text) : undefined };
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** `/api/v1` or `/apis/<group>/<version>`. */
export function apiVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/**
 * The path of a resource or collection as client-node builds it (lower-cased, namespace only for
 * namespaced kinds), so both paths address the same object.
 */
export function resourcePath(apiVersion: string, plural: string, namespace: string | undefined, name?: string): string {
  const parts = [apiVersionPath(apiVersion)];
  if (namespace) parts.push('namespaces', encodeURIComponent(namespace));
  parts.push(plural);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  return parts.join('/').toLowerCase();
}

/** Items per page of a list: a 10,000-object collection is read 500 at a time, never held twice as one response text. */
export const LIST_PAGE_SIZE = 500;

/**
 * Lists a collection page by page (limit/continue: one consistent snapshot, as kubectl reads it);
 * when the continue token expires mid-way (410) it lists again in one request. Undefined when
 * the direct path cannot serve the cluster.
 */
export async function listPages(direct: DirectRequests, path: string, labelSelector: string | undefined,
  send: <T>(request: () => Promise<T>) => Promise<T> = (r) => r(), pageSize = LIST_PAGE_SIZE): Promise<{ items: object[]; resourceVersion: string } | undefined> {
  type Page = { items?: object[]; metadata?: { resourceVersion?: string; continue?: string } };
  const items: object[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  do {
    let sent: { body: unknown } | undefined;
    try {
      sent = await send(() => direct.send({ method: 'GET', path, query: { labelSelector, limit: String(pageSize), continue: token } }));
    } catch (err) {
      if (!(err instanceof HttpStatusError && err.code === 410 && token)) throw err;
      const whole = await send(() => direct.send({ method: 'GET', path, query: { labelSelector } }));
      const page = whole?.body as Page | undefined;
      return whole && { items: page?.items ?? [], resourceVersion: page?.metadata?.resourceVersion ?? '' };
    }
    if (!sent) return undefined;
    const page = sent.body as Page;
    for (const item of page.items ?? []) items.push(item);
    resourceVersion ??= page.metadata?.resourceVersion;
    token = page.metadata?.continue || undefined;
  } while (token);
  return { items, resourceVersion: resourceVersion ?? '' };
}
