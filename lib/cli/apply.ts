// `cdk8s-kubevirt apply <dir>`: validate, then server-side apply in waves, wait, prune safely.
import * as path from 'path';
import { Applier } from '../controller/applier';
import { sourceRevision } from '../controller/set-status';
import { formatEntry } from '../controller/changeset';
import { InventoryRef, inventoryNameFor } from '../controller/inventory';
import { KubeClient, KubeConfigError, KubeRequestTimeoutError, createKubeClient } from '../controller/kube-client';
import { lazyKubeClient } from '../controller/lazy-kube-client';
import { ObjectRef, SourceObject, subjectOf } from '../controller/objects';
import { isSettled } from '../controller/health';
import { waitForSet } from '../controller/wait';
import { readManifests } from './manifests';
import { formatFinding } from '../controller/validation-seam';
import { clusterAwareValidator } from './apply-validation';
import { guardFirstContact } from './cluster-guard';
import { CliIo, parseArgs } from './command';

/** The help line of `--request-timeout`, shared by the commands that talk to the cluster. */
export const REQUEST_TIMEOUT_HELP = `  --request-timeout DURATION deadline of each API request, watches excepted (default 30s; 0: none)`;

const HELP = `usage: cdk8s-kubevirt apply <dir> [options]

Makes the cluster match a synthesized folder: validates it (what it refers to but does not
contain is looked up read-only in the cluster, as validate --kubeconfig does), applies it
server-side (field manager cdk8s-kubevirt) in dependency order (CRDs/Namespaces, classes, NNCPs -
gated on Available -, NADs, storage, VMs, the rest), skipping unchanged objects without a write.

options:
  --prune                    delete owned objects that left the folder; disks (DataVolumes, PVCs,
                             snapshots) are kept, and those a deleted VM owns are detached first
  --prune-data               with --prune, also delete disk data
  --allow-mass-prune         allow a prune of more than 30% of the set, or an empty folder
  --wait                     wait for every object to be healthy, wave by wave, and for the
                             last wave; without it only CRDs, Namespaces, NNCPs and HyperConverged
                             hold the waves after them, and nothing holds the end of the run (the
                             gating objects of the last wave not yet healthy are listed)
  --timeout DURATION         per-wave wait timeout (default 10m)
  --dry-run                  plan with server-side dry-runs, write nothing
  --force-conflicts          take over fields other field managers own
  --adopt                    take over objects owned by another ApplySet, Argo CD, Flux or kapp
  --inventory-name NAME      ApplySet parent Secret (default cdk8s-kubevirt-<chart>, the chart
                             label the folder's objects carry, else cdk8s-kubevirt-<dir name>)
  --inventory-namespace NS   its namespace (default default)
  --kubeconfig FILE          kubeconfig (default KUBECONFIG, ~/.kube/config, in-cluster)
${REQUEST_TIMEOUT_HELP}
  --output text|json         report format (default text)
  -h, --help                 this text

exit status: 0 applied, 1 failed (every failing object is named), 2 unusable input`;

export const APPLY_FLAGS = ['prune', 'prune-data', 'allow-mass-prune', 'wait', 'dry-run', 'force-conflicts', 'adopt', 'help', 'h'];
export const COMMON_OPTIONS = ['kubeconfig', 'output', 'o', 'inventory-name', 'inventory-namespace', 'request-timeout'];

/** Injection points for tests: a client factory. */
export interface ControllerCliDeps {
  readonly createClient?: (kubeconfig?: string, options?: { requestTimeoutMs?: number }) => Promise<KubeClient>;
}

export async function runApply(args: readonly string[], io: CliIo, deps: ControllerCliDeps = {}): Promise<number> {
  const parsed = parseArgs(args, { flags: APPLY_FLAGS, options: [...COMMON_OPTIONS, 'timeout'] });
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt apply: ${msg}\n\n${HELP}`); return 2; };
  if (parsed.error) return fail(parsed.error);
  if (parsed.positionals.length !== 1) return fail('exactly one folder is needed');
  const output = parsed.options.get('output') ?? parsed.options.get('o') ?? 'text';
  if (!['text', 'json'].includes(output)) return fail(`--output must be text or json, not '${output}'`);
  const timeoutMs = parseDuration(parsed.options.get('timeout') ?? '10m');
  if (timeoutMs === undefined) return fail('--timeout must look like 90s, 10m or 1h');
  if (parsed.flags.has('prune-data') && !parsed.flags.has('prune')) return fail('--prune-data needs --prune');
  const requestTimeoutMs = requestTimeoutOf(parsed.options);
  if (requestTimeoutMs === undefined) return fail(REQUEST_TIMEOUT_ERROR);

  const dir = path.resolve(io.cwd, parsed.positionals[0]);
  const sources = await loadSources(dir, io, 'apply');
  if (!sources) return 2;
  const kubeconfig = parsed.options.get('kubeconfig');
  const client = guardFirstContact(await (deps.createClient ?? defaultClient)(kubeconfig, { requestTimeoutMs }));
  const applier = new Applier(client);
  let progress = 0;
  let lookups = 0;
  const result = await applier.apply(sources, {
    validator: clusterAwareValidator({ kubeconfig, timeoutMs: requestTimeoutMs, note: (line) => io.stderr(`cdk8s-kubevirt apply: note: ${line}`),
      onLookups: (reads) => { lookups += reads; } }),
    inventory: inventoryFor(dir, parsed.options, sources),
    prune: parsed.flags.has('prune'),
    pruneData: parsed.flags.has('prune-data'),
    allowMassPrune: parsed.flags.has('allow-mass-prune'),
    wait: parsed.flags.has('wait'),
    timeoutMs,
    dryRun: parsed.flags.has('dry-run'),
    forceConflicts: parsed.flags.has('force-conflicts'),
    adopt: parsed.flags.has('adopt'),
    revision: await sourceRevision(dir),
    onChange: (entry) => {
      progress++;
      if (output === 'text' && (entry.action !== 'unchanged' || entry.held || entry.restartRequired)) io.stdout(formatEntry(entry));
      else if (output === 'text' && io.isTTY) process.stderr.write(`\r${progress}/${sources.length} objects planned`);
    },
    onHealth: (ref, health) => { if (output === 'text') io.stdout(`${subjectOf(ref)} ${health.status}: ${health.message}`); },
    // A wait on something that never changes would otherwise print nothing until the timeout.
    waitHeartbeatMs: Math.min(30_000, Math.max(1000, timeoutMs / 4)),
    onWaiting: (pending, elapsedMs) => {
      if (output !== 'text') return;
      const what = pending.map((p) => `${p.subject} (${p.health.status}: ${p.health.message})`).join(', ');
      io.stdout(`still waiting after ${formatDuration(elapsedMs)} of ${formatDuration(timeoutMs)}: ${what}`);
    },
  }).catch((err: unknown) => {
    // No cluster (exit 2), or a request that timed out mid-run (exit 1): one line, no stack trace.
    if (!(err instanceof KubeConfigError) && !(err instanceof KubeRequestTimeoutError)) throw err;
    io.stderr(`cdk8s-kubevirt apply: ${err.message}`);
    return err instanceof KubeConfigError ? 2 : 1;
  });
  if (typeof result === 'number') return result;
  if (output === 'text' && io.isTTY) process.stderr.write('\r\x1b[K');
  const notWaited = await pendingHealth(client, result.notWaited ?? []);
  if (output === 'json') {
    io.stdout(JSON.stringify({ ok: result.ok, message: result.message, applySetId: result.applySetId, ...result.changes.toJSON(),
      findings: result.findings, notWaited, requests: { ...client.requests, reads: client.requests.reads + lookups } }, null, 2));
  } else {
    for (const w of new Set(result.changes.entries.map((e) => e.warning).filter(Boolean))) io.stderr(`cdk8s-kubevirt apply: warning: ${w}`);
    for (const n of notWaited) io.stdout(`${n.subject} not waited for (${n.status}: ${n.message}): nothing later in this run depends on it; --wait waits`);
    const summary = result.changes.toText().split('\n').pop();
    if (result.findings.length > 0 && result.ok) result.findings.forEach((f) => io.stderr(formatFinding(f)));
    io.stdout(summary ?? '');
    if (!result.ok) io.stderr(`cdk8s-kubevirt apply: ${result.message}`);
  }
  return result.ok ? 0 : 1;
}

/**
 * The objects the run did not wait for that are not healthy yet, with their health at one look
 * (a look that fails reports them all as unknown).
 */
async function pendingHealth(client: KubeClient, refs: readonly ObjectRef[]): Promise<Array<{ subject: string; status: string; message: string }>> {
  if (refs.length === 0) return [];
  const look = await waitForSet(client, refs, { timeoutMs: 0 }).catch(() => undefined);
  return refs.flatMap((ref) => {
    const subject = subjectOf(ref);
    const health = look?.health.get(subject);
    if (health && isSettled(health)) return [];
    return [{ subject, status: health?.status ?? 'Unknown', message: health?.message ?? 'health not read' }];
  });
}

/**
 * Reads the folder with the loader `validate` uses; prints every problem (`file:line:column:
 * message`, one line each) and returns undefined when the input is unusable.
 */
export async function loadSources(dir: string, io: CliIo, command: string): Promise<SourceObject[] | undefined> {
  const { sources, problems } = readManifests([dir], io.cwd, { requireIdentity: true });
  if (problems.length === 0 && sources.length > 0) return sources;
  if (problems.length === 0) io.stderr(`cdk8s-kubevirt ${command}: no Kubernetes objects found in ${dir}`);
  for (const p of problems) io.stderr(`cdk8s-kubevirt ${command}: ${p.message}`);
  return undefined;
}

/**
 * The ApplySet parent: `--inventory-name`, else named after the chart the folder's objects carry
 * (`cdk8s-kubevirt.io/chart`, written at synth), else after the folder. Reads the folder when
 * `sources` are not given.
 */
export function inventoryFor(dir: string, options: Map<string, string>, sources?: readonly SourceObject[]): InventoryRef {
  const given = options.get('inventory-name');
  const objects = given ? [] : (sources ?? readManifests([dir], dir).sources).map((s) => s.object);
  return {
    name: given ?? inventoryNameFor(path.basename(dir), objects),
    namespace: options.get('inventory-namespace') ?? 'default',
  };
}

/** Milliseconds for a message, to the second: `45s`, `2m30s`, `1h5m`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec || (!h && !m) ? `${sec}s` : ''}`;
}

/** `90s`, `10m`, `1h`, `500ms` or plain seconds, in milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

/** Connects on the first request: validation errors are reported without touching the cluster. */
export async function defaultClient(kubeconfig?: string, options: { requestTimeoutMs?: number } = {}): Promise<KubeClient> {
  return lazyKubeClient(() => createKubeClient({ kubeconfig, ...options }));
}

export const REQUEST_TIMEOUT_ERROR = '--request-timeout must look like 30s, 2m or 0 (no deadline)';

/** `--request-timeout` in milliseconds (default 30 s); undefined when malformed. */
export function requestTimeoutOf(options: Map<string, string>): number | undefined {
  return parseDuration(options.get('request-timeout') ?? '30s');
}
