import * as http from 'http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ChangeEntry } from './changeset';
import type { RequestCounts } from './kube-client';

/** The controller's Prometheus metrics, on their own registry. */
export class ControllerMetrics {
  public readonly registry = new Registry();
  public readonly objects = new Counter({ name: 'cdk8s_kubevirt_objects_total', help: 'Objects handled, by action', labelNames: ['action', 'kind'], registers: [this.registry] });
  public readonly syncDuration = new Histogram({ name: 'cdk8s_kubevirt_sync_duration_seconds', help: 'Duration of full syncs', labelNames: ['result'], registers: [this.registry], buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300] });
  public readonly driftCorrections = new Counter({ name: 'cdk8s_kubevirt_drift_corrections_total', help: 'Out-of-band changes reverted', labelNames: ['kind'], registers: [this.registry] });
  public readonly skippedPrunes = new Counter({ name: 'cdk8s_kubevirt_prune_skipped_total', help: 'Objects a prune kept (disk data, opt-outs, owners)', labelNames: ['kind'], registers: [this.registry] });
  public readonly watchRestarts = new Counter({ name: 'cdk8s_kubevirt_watch_restarts_total', help: 'Watch restarts after failures', labelNames: ['kind'], registers: [this.registry] });
  public readonly leader = new Gauge({ name: 'cdk8s_kubevirt_leader', help: '1 when this replica holds the Lease', registers: [this.registry] });
  public readonly restartRequired = new Gauge({ name: 'cdk8s_kubevirt_vm_restart_required', help: '1 while a managed VM needs a restart to run its applied spec (KubeVirt RestartRequired)', labelNames: ['namespace', 'name'], registers: [this.registry] });
  public readonly lastSyncSuccess = new Gauge({ name: 'cdk8s_kubevirt_last_sync_success', help: '1 when the last full sync succeeded', registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Exposes the client's request counts (reads, dry-runs, writes, watches) as `cdk8s_kubevirt_api_requests`. */
  public trackRequests(client: { readonly requests: RequestCounts }): void {
    new Gauge({
      name: 'cdk8s_kubevirt_api_requests', help: 'API requests issued since start, by type (reads, dryRuns, writes, watches)', labelNames: ['type'], registers: [this.registry],
      collect() {
        for (const [type, n] of Object.entries(client.requests)) this.set({ type }, n);
      },
    });
  }

  public record(entry: ChangeEntry): void {
    this.objects.inc({ action: entry.action, kind: entry.ref.kind });
    if (entry.action === 'skipped' && entry.reason?.includes('disk data')) this.skippedPrunes.inc({ kind: entry.ref.kind });
  }
}

export interface HealthServerOptions {
  readonly port: number;
  readonly metrics: ControllerMetrics;
  /** Liveness: the process works (the drift loop is not wedged). */
  readonly healthy: () => boolean;
  /** Readiness: the source loaded and, on the leader, the first sync finished. */
  readonly ready: () => boolean;
}

/** Serves /metrics, /healthz and /readyz. Resolves with the server once listening. */
export function startHealthServer(options: HealthServerOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      options.metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'Content-Type': options.metrics.registry.contentType });
        res.end(text);
      }, (err: Error) => { res.writeHead(500); res.end(err.message); });
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      const ok = path === '/healthz' ? options.healthy() : options.ready();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' });
      res.end(ok ? 'ok\n' : 'not ready\n');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve(server));
  });
}
