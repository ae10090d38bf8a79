// The CLI's view of "no cluster to talk to": until the first answer from the API server, a
// connection error or a 401 means the cluster is unreachable or refuses us, which is one line and
// exit 2, never a failure per object (that would read as "would change") nor a stack trace. After
// the first answer, errors pass through unchanged: a long-running controller rides out restarts.
import { KubeApiError, KubeClient, KubeConfigError, toApiError } from '../controller/kube-client';

/** The cluster cannot be reached or refuses the credentials (extends KubeConfigError so no layer reports it per object). */
export class ClusterUnreachableError extends KubeConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnreachableError';
  }
}

/** Wraps a client so its first contact with the API server fails with ClusterUnreachableError. */
export function guardFirstContact(client: KubeClient): KubeClient {
  let reached = false;
  const guard = <A extends unknown[], R>(request: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      const result = await request(...args);
      reached = true;
      return result;
    } catch (err) {
      if (!reached) {
        const unreachable = asUnreachable(err, client.server);
        if (unreachable) throw unreachable;
        if (err instanceof KubeApiError && err.statusCode > 0) reached = true; // the server answered
      }
      throw err;
    }
  };
  return {
    get: guard((ref) => client.get(ref)),
    list: guard((apiVersion, kind, options) => client.list(apiVersion, kind, options)),
    apply: guard((obj, options) => client.apply(obj, options)),
    applyStatus: guard((obj, fieldManager) => client.applyStatus(obj, fieldManager)),
    create: guard((obj) => client.create(obj)),
    replace: guard((obj) => client.replace(obj)),
    delete: guard((ref, propagationPolicy, preconditions) => client.delete(ref, propagationPolicy, preconditions)),
    mergePatch: guard((patch, options) => client.mergePatch(patch, options)),
    watch: (apiVersion, kind, options, onEvent, onDone) => client.watch(apiVersion, kind, options, onEvent, onDone),
    isServed: guard((apiVersion, kind) => client.isServed(apiVersion, kind)),
    get requests() { return client.requests; },
    get server() { return client.server; },
  };
}

/** The one-line error for a connection failure or a 401; undefined for anything else. */
export function asUnreachable(err: unknown, server: string | undefined): ClusterUnreachableError | undefined {
  if (err instanceof KubeConfigError) return undefined;
  const e = toApiError(err);
  const where = server ? `the cluster at ${server}` : 'the cluster';
  if (e.statusCode === 0) return new ClusterUnreachableError(`cannot reach ${where}: ${e.message}`);
  if (e.statusCode === 401) return new ClusterUnreachableError(`${where} refuses the credentials: ${e.message}`);
  return undefined;
}
