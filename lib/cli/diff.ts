// `cdk8s-kubevirt diff <dir>`: a unified diff per object from server-side dry-runs; no writes.
import * as path from 'path';
import { formatEntry } from '../controller/changeset';
import { diffSource, ObjectDiff } from '../controller/diff-plan';
import { vmChangeVerdict } from '../validation/vm-changes';
import { ResourceManager } from '../controller/resource-manager';
import {
  APPLY_FLAGS, COMMON_OPTIONS, ControllerCliDeps, REQUEST_TIMEOUT_ERROR, REQUEST_TIMEOUT_HELP, defaultClient, inventoryFor, loadSources, requestTimeoutOf,
} from './apply';
import { guardFirstContact } from './cluster-guard';
import { CliIo, parseArgs } from './command';

const HELP = `usage: cdk8s-kubevirt diff <dir> [options]

Shows what \`apply\` would change: one unified diff per object (live -> after apply), computed
with server-side dry-runs so defaulting and admission take part. Secret values are masked.
Each change of a running VirtualMachine is marked "applies live" or "needs restart", as KubeVirt's
LiveUpdate rollout treats it (a KubeVirt CR in the folder with vmRolloutStrategy: Stage counts).

options:
  --force-conflicts          plan as if taking over fields other managers own
  --adopt                    plan as if adopting objects owned by other tools
  --inventory-name NAME      ApplySet parent (default cdk8s-kubevirt-<chart label>, else <dir name>)
  --inventory-namespace NS   its namespace (default default)
  --kubeconfig FILE          kubeconfig
${REQUEST_TIMEOUT_HELP}
  --output text|json         report format (default text)
  -h, --help                 this text

exit status: 0 no changes, 1 changes (or failures), 2 unusable input`;

export async function runDiff(args: readonly string[], io: CliIo, deps: ControllerCliDeps = {}): Promise<number> {
  const parsed = parseArgs(args, { flags: APPLY_FLAGS.filter((f) => ['force-conflicts', 'adopt', 'help', 'h'].includes(f)), options: COMMON_OPTIONS });
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt diff: ${msg}\n\n${HELP}`); return 2; };
  if (parsed.error) return fail(parsed.error);
  if (parsed.positionals.length !== 1) return fail('exactly one folder is needed');
  const output = parsed.options.get('output') ?? parsed.options.get('o') ?? 'text';
  if (!['text', 'json'].includes(output)) return fail(`--output must be text or json, not '${output}'`);
  const requestTimeoutMs = requestTimeoutOf(parsed.options);
  if (requestTimeoutMs === undefined) return fail(REQUEST_TIMEOUT_ERROR);

  const dir = path.resolve(io.cwd, parsed.positionals[0]);
  const sources = await loadSources(dir, io, 'diff');
  if (!sources) return 2;
  const client = guardFirstContact(await (deps.createClient ?? defaultClient)(parsed.options.get('kubeconfig'), { requestTimeoutMs }));
  let diffs;
  try {
    diffs = await diffSource(new ResourceManager(client), sources, inventoryFor(dir, parsed.options, sources), {
      forceConflicts: parsed.flags.has('force-conflicts'), adopt: parsed.flags.has('adopt'),
    });
  } catch (err) {
    io.stderr(`cdk8s-kubevirt diff: ${(err as Error).message}`);
    return 2;
  }
  const changed = diffs.filter((d) => d.entry.action !== 'unchanged');
  if (output === 'json') {
    io.stdout(JSON.stringify({ changes: diffs.map((d) => ({ ...d.entry, diff: d.diff || undefined, ...d.vmChanges ? { vm: { verdict: vmChangeVerdict(d.vmChanges), changes: d.vmChanges } } : {} })) }, null, 2));
  } else {
    for (const d of changed) {
      io.stdout(d.diff || formatEntry(d.entry));
      if (d.vmChanges) io.stdout(formatVmChanges(d));
    }
    for (const d of diffs) if (d.entry.action === 'unchanged' && d.entry.held) io.stdout(formatEntry(d.entry));
    io.stdout(changed.length === 0 ? 'no changes' : `${changed.length} of ${diffs.length} objects would change`);
  }
  return changed.length === 0 ? 0 : 1;
}

const VERDICT = { 'none': 'no spec change', 'live': 'applies live', 'restart': 'needs restart', 'next-start': 'applies at next start (VM stopped)', 'refused': 'refused by KubeVirt' } as const;
const EFFECT = { 'live': 'applies live', 'restart': 'needs restart', 'next-start': 'at next start', 'refused': 'refused' } as const;

/** `<subject>: needs restart` and one line per change: what KubeVirt does with it on the running VM. */
function formatVmChanges(d: ObjectDiff): string {
  const changes = d.vmChanges ?? [];
  const lines = changes.map((c) => `  ${EFFECT[c.effect].padEnd(13)}  ${c.path}: ${c.reason}`);
  return [`${d.entry.subject}: ${VERDICT[vmChangeVerdict(changes)]}`, ...lines].join('\n');
}
