import { createHash } from 'crypto';
import type { ClientNodeModule } from './client-node-loader';

type KubeConfig = InstanceType<ClientNodeModule['KubeConfig']>;
type DispatcherFactory = (cluster: unknown, agentOptions: unknown) => unknown;

/**
 * Makes every request of `kc` share one connection pool per TLS identity. client-node builds a
 * new undici Agent for every request, so each request paid a TCP and TLS handshake (client
 * certificate included) on both ends: at 10,000 objects that was most of the controller's CPU
 * and the floor of every drift correction's latency. Agents are cached by the options they are
 * built from (server TLS data, client certificate, proxy), so rotated credentials read from
 * files still get a fresh Agent. A client-node without the factory is left as it is.
 */
export function shareConnections(kc: KubeConfig): void {
  const target = kc as unknown as { createDispatcher?: DispatcherFactory };
  const create = target.createDispatcher;
  if (typeof create !== 'function' || typeof kc.createDispatcherOptions !== 'function') return;
  const agents = new Map<string, unknown>();
  target.createDispatcher = (cluster, agentOptions) => {
    const options = kc.createDispatcherOptions(cluster as Parameters<KubeConfig['createDispatcherOptions']>[0],
      agentOptions as Parameters<KubeConfig['createDispatcherOptions']>[1]);
    const key = optionsKey(options);
    if (!agents.has(key)) agents.set(key, create.call(kc, cluster, agentOptions));
    return agents.get(key);
  };
}

/**
 * A hash of the dispatcher options, computed on every request: certificates are hashed as bytes
 * (JSON.stringify turned each Buffer into an array of numbers first, about a third of all the
 * garbage a request made).
 */
export function optionsKey(options: unknown): string {
  const hash = createHash('sha256');
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) {
      hash.update(`b${v.length}:`).update(v);
    } else if (Array.isArray(v)) {
      hash.update(`[${v.length}`);
      v.forEach(walk);
      hash.update(']');
    } else if (v && typeof v === 'object') {
      hash.update('{');
      for (const k of Object.keys(v).sort()) {
        const value = (v as Record<string, unknown>)[k];
        if (value === undefined || typeof value === 'function') continue;
        hash.update(`${JSON.stringify(k)}:`);
        walk(value);
      }
      hash.update('}');
    } else {
      hash.update(`${typeof v}:${String(v)};`);
    }
  };
  walk(options);
  return hash.digest('base64');
}
