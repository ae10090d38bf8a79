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
    const key = createHash('sha256').update(JSON.stringify(options, (_, v: unknown) => (
      v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v))).digest('base64');
    if (!agents.has(key)) agents.set(key, create.call(kc, cluster, agentOptions));
    return agents.get(key);
  };
}
