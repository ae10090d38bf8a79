import type { KubeClient, RequestCounts } from './kube-client';

/**
 * A client that connects on its first request, so a run that stops early (validation errors,
 * bad flags) never loads client-node nor needs a reachable cluster.
 */
export function lazyKubeClient(connect: () => Promise<KubeClient>): KubeClient {
  let real: Promise<KubeClient> | undefined;
  let loaded: KubeClient | undefined;
  const client = () => (real ??= connect().then((c) => (loaded = c)));
  const idle: RequestCounts = { reads: 0, dryRuns: 0, writes: 0, watches: 0 };
  return {
    get: async (ref) => (await client()).get(ref),
    list: async (apiVersion, kind, options) => (await client()).list(apiVersion, kind, options),
    apply: async (obj, options) => (await client()).apply(obj, options),
    applyStatus: async (obj, fieldManager) => (await client()).applyStatus(obj, fieldManager),
    create: async (obj) => (await client()).create(obj),
    replace: async (obj) => (await client()).replace(obj),
    delete: async (ref, propagationPolicy, preconditions) => (await client()).delete(ref, propagationPolicy, preconditions),
    mergePatch: async (patch, options) => (await client()).mergePatch(patch, options),
    watch: async (apiVersion, kind, options, onEvent, onDone) => (await client()).watch(apiVersion, kind, options, onEvent, onDone),
    isServed: async (apiVersion, kind) => (await client()).isServed(apiVersion, kind),
    get requests() { return loaded ? loaded.requests : idle; },
    get server() { return loaded?.server; },
  };
}
