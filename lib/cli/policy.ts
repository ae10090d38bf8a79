// `cdk8s-kubevirt policy`: prints the catalog's ValidatingAdmissionPolicies (and bindings and
// params) for clusters not managed by cdk8s, or the enforceability report.
import { stringify } from 'yaml';
import { buildAdmissionPolicies, formatEnforceabilityReport, PolicyFamily, POLICY_FAMILIES } from '../policy';
import { ALL_RULES } from '../validation/rules';
import { pruneFenceBinding, pruneFencePolicy } from '../kinds/prune-fence';
import { CliIo, parseArgs } from './command';

const HELP = `usage: cdk8s-kubevirt policy [options]

Prints ValidatingAdmissionPolicies + bindings (CEL, admissionregistration.k8s.io/v1) that
enforce the rule catalog inside the cluster, for \`kubectl apply -f -\`: errors are denied,
warnings returned as warnings. Only rules that can be judged on one object are included.

options:
  --families a,b,...          rule families (default: all): ${POLICY_FAMILIES.join(', ')}
  --output yaml|json          output format (default: yaml)
  --name-prefix NAME          prefix of every object name (default: kubevirt-rules)
  --namespace-selector k=v,.. bind only in namespaces with these labels (default: all)
  --params-namespace NS       namespace of the params ConfigMap (default: default)
  --feature-gates a,b,...     KubeVirt feature gates that are on (default: v1.9.0's defaults)
  --cluster-eviction-strategy S   the cluster-wide evictionStrategy (default: none)
  --mode enforce|warn         warn: every finding is a warning (a dry run; default: enforce)
  --exclude id,...            leave these rule ids out
  --report                    print how many catalog rules are enforceable and why the others are not
  --prune-fence               print only the prune fence instead: the policy that refuses a write
                              making a disk \`apply --prune\` kept owned again by the VM it deleted
                              (install it where you prune without kv.KubeVirtGitOpsController)
  -h, --help                  this text`;

const csv = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

export async function runPolicy(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, {
    flags: ['report', 'prune-fence', 'help', 'h'],
    options: ['families', 'output', 'o', 'name-prefix', 'namespace-selector', 'params-namespace', 'feature-gates', 'cluster-eviction-strategy', 'mode', 'exclude'],
  });
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt policy: ${msg}\n\n${HELP}`); return 2; };
  if (parsed.error) return fail(parsed.error);
  if (parsed.positionals.length) return fail(`unexpected argument '${parsed.positionals[0]}'`);
  if (parsed.flags.has('report')) { io.stdout(formatEnforceabilityReport()); return 0; }

  const output = parsed.options.get('output') ?? parsed.options.get('o') ?? 'yaml';
  if (!['yaml', 'json'].includes(output)) return fail(`--output must be yaml or json, not '${output}'`);
  if (parsed.flags.has('prune-fence')) {
    const other = [...parsed.options.keys()].find((o) => o !== 'output' && o !== 'o');
    if (other) return fail(`--prune-fence takes no --${other}`);
    return print([pruneFencePolicy(), pruneFenceBinding()], output, io);
  }
  const families = csv(parsed.options.get('families'));
  const unknownFamily = families?.find((f) => !POLICY_FAMILIES.includes(f as PolicyFamily));
  if (unknownFamily) return fail(`unknown family '${unknownFamily}' (use ${POLICY_FAMILIES.join(', ')})`);
  const mode = parsed.options.get('mode') ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'warn') return fail(`--mode must be enforce or warn, not '${mode}'`);
  const exclude = csv(parsed.options.get('exclude'));
  const unknownRule = exclude?.find((id) => !ALL_RULES.some((r) => r.id === id));
  if (unknownRule) return fail(`--exclude: no rule '${unknownRule}' in the catalog`);
  let namespaceSelector: { matchLabels: Record<string, string> } | undefined;
  const sel = csv(parsed.options.get('namespace-selector'));
  if (sel) {
    const bad = sel.find((kv) => !/^[^=]+=[^=]*$/.test(kv));
    if (bad) return fail(`--namespace-selector: '${bad}' is not key=value`);
    namespaceSelector = { matchLabels: Object.fromEntries(sel.map((kv) => kv.split('=') as [string, string])) };
  }
  const objects = buildAdmissionPolicies({
    families: families as PolicyFamily[] | undefined, mode, excludeRules: exclude, namespaceSelector,
    namePrefix: parsed.options.get('name-prefix'), paramsNamespace: parsed.options.get('params-namespace'),
    params: { featureGates: csv(parsed.options.get('feature-gates')), clusterEvictionStrategy: parsed.options.get('cluster-eviction-strategy') },
  });
  return print(objects, output, io);
}

function print(objects: readonly object[], output: string, io: CliIo): number {
  if (output === 'json') io.stdout(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2));
  else io.stdout(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
  return 0;
}
