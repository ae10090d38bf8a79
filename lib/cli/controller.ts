// `cdk8s-kubevirt controller --source <dir>`: the long-running enforcer with leader election,
// /metrics, /healthz, /readyz and a graceful SIGTERM.
import * as os from 'os';
import * as path from 'path';
import { GitOpsController } from '../controller/enforcer';
import { EventRecorder } from '../controller/events';
import { ControllerMetrics, startHealthServer } from '../controller/metrics';
import {
  ControllerCliDeps, COMMON_OPTIONS, REQUEST_TIMEOUT_ERROR, REQUEST_TIMEOUT_HELP, defaultClient, inventoryFor, parseDuration, requestTimeoutOf,
} from './apply';
import { KubeConfigError } from '../controller/kube-client';
import { guardFirstContact } from './cluster-guard';
import { CliIo, parseArgs } from './command';

const HELP = `usage: cdk8s-kubevirt controller --source <dir> [options]

Keeps the cluster equal to the folder: a full sync at start, when the folder changes and every
resync period; out-of-band changes to managed objects are reverted (debounced, with backoff).
SIGHUP runs a full re-sync at once; SIGTERM stops after the object in flight.

options:
  --source DIR[,DIR...]      the synthesized folder(s) (e.g. a git-sync checkout); each folder is
                             its own ApplySet, one controller and one watch set serve them all
  --resync DURATION          full re-sync period (default 5m)
  --metrics-port PORT        /metrics, /healthz, /readyz (default 8080; 0 disables)
  --prune                    prune owned objects that left the folder (disks are kept)
  --prune-data               also prune disk data
  --no-force-conflicts       report fields other managers changed instead of reverting them
  --leader-elect             campaign for a Lease; only the holder writes
  --lease-name NAME          (default cdk8s-kubevirt-controller)
  --lease-namespace NS       (default POD_NAMESPACE or default)
  --identity ID              (default HOSTNAME)
${REQUEST_TIMEOUT_HELP}
                             (a timed-out request is retried with backoff)
  --inventory-name NAME, --inventory-namespace NS, --kubeconfig FILE, --output text|json (log format)
  -h, --help                 this text`;

/** The subcommand's flags and options (the controller Deployment's args are read with them). */
export const CONTROLLER_ARGS = {
  flags: ['prune', 'prune-data', 'no-force-conflicts', 'leader-elect', 'help', 'h'],
  options: [...COMMON_OPTIONS, 'source', 'resync', 'metrics-port', 'lease-name', 'lease-namespace', 'identity'],
} as const;

export async function runController(args: readonly string[], io: CliIo, deps: ControllerCliDeps & { signal?: AbortSignal } = {}): Promise<number> {
  const parsed = parseArgs(args, CONTROLLER_ARGS);
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt controller: ${msg}\n\n${HELP}`); return 2; };
  if (parsed.error) return fail(parsed.error);
  const source = parsed.options.get('source') ?? parsed.positionals[0];
  if (!source) return fail('--source is needed');
  const resyncMs = parseDuration(parsed.options.get('resync') ?? '5m');
  if (!resyncMs) return fail('--resync must look like 30s, 5m or 1h');
  const port = Number(parsed.options.get('metrics-port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('--metrics-port must be a port number');
  const requestTimeoutMs = requestTimeoutOf(parsed.options);
  if (requestTimeoutMs === undefined) return fail(REQUEST_TIMEOUT_ERROR);
  const json = (parsed.options.get('output') ?? parsed.options.get('o')) === 'json';
  const log = (line: string) => io.stdout(json ? JSON.stringify({ time: new Date().toISOString(), msg: line }) : `${new Date().toISOString()} ${line}`);

  // Several folders (comma-separated), each its own ApplySet, one controller and one watch set.
  const dirs = source.split(',').filter((d) => d.length > 0).map((d) => path.resolve(io.cwd, d));
  if (dirs.length > 1 && parsed.options.get('inventory-name')) return fail('--inventory-name names one ApplySet: give one --source folder, or let each folder name its own');
  const dir = dirs[0];
  const inventory = inventoryFor(dir, parsed.options);
  const additionalSources = dirs.slice(1).map((d) => ({ source: d, inventory: inventoryFor(d, parsed.options) }));
  const client = guardFirstContact(await (deps.createClient ?? defaultClient)(parsed.options.get('kubeconfig'), { requestTimeoutMs }));
  try {
    // One read before anything starts: the controller's own loops retry errors forever, so an
    // unreachable cluster (or a missing kubeconfig) must be caught here to exit with one line.
    await client.get({ apiVersion: 'v1', kind: 'Secret', name: inventory.name, namespace: inventory.namespace }).catch((err: unknown) => {
      if (err instanceof KubeConfigError) throw err;
    });
  } catch (err) {
    io.stderr(`cdk8s-kubevirt controller: ${(err as Error).message}`);
    return 2;
  }
  const metrics = new ControllerMetrics({ defaultMetrics: true });
  metrics.trackRequests(client);
  let lost = false;
  const identity = parsed.options.get('identity') ?? process.env.HOSTNAME ?? `${os.hostname()}-${process.pid}`;
  const controller = new GitOpsController(client, {
    events: new EventRecorder(client, { instance: identity, onError: (message) => log(message) }),
    source: dir,
    inventory,
    additionalSources,
    resyncIntervalMs: resyncMs,
    prune: parsed.flags.has('prune'),
    pruneData: parsed.flags.has('prune-data'),
    forceConflicts: !parsed.flags.has('no-force-conflicts'),
    metrics,
    log,
    leaderElection: parsed.flags.has('leader-elect') ? {
      name: parsed.options.get('lease-name') ?? 'cdk8s-kubevirt-controller',
      namespace: parsed.options.get('lease-namespace') ?? process.env.POD_NAMESPACE ?? 'default',
      identity,
    } : undefined,
    onLostLeadership: () => { lost = true; log('lost the Lease: exiting'); stop(); },
  });

  let resolveStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => { resolveStop = resolve; });
  const stop = () => resolveStop();
  const onSignal = () => { log('SIGTERM: finishing the object in flight'); stop(); };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const onHangup = () => { log('SIGHUP: full re-sync'); void controller.syncNow(); };
  process.on('SIGHUP', onHangup);
  deps.signal?.addEventListener('abort', stop, { once: true });

  const server = port > 0 ? await startHealthServer({ port, metrics, healthy: () => true, ready: () => controller.ready }) : undefined;
  try {
    await controller.start();
  } catch (err) {
    io.stderr(`cdk8s-kubevirt controller: ${(err as Error).message}`);
    server?.close();
    return 2;
  }
  log(`watching ${dirs.join(', ')}${server ? ` (metrics on :${port})` : ''}`);
  await stopped;
  await controller.stop();
  server?.close();
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  process.off('SIGHUP', onHangup);
  log('stopped');
  return lost ? 1 : 0;
}
