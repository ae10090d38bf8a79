// `apply` validates a folder with what its cluster already holds: the objects the folder refers to
// but does not contain (Secrets, DataSources, NADs, instancetypes, StorageClasses and profiles,
// NNCPs) are looked up read-only by the code `validate --kubeconfig` uses, so a NAD on a bridge that
// an NNCP applied from another folder builds is not reported as lacking one.
import { KubeConfigError } from '../controller/kube-client';
import { SourceValidator, defaultValidator } from '../controller/validation-seam';
import { missingReferences } from '../validation/config/references';

export interface ClusterValidationOptions {
  /** The kubeconfig `apply` uses. @default - KUBECONFIG, ~/.kube/config or in-cluster */
  readonly kubeconfig?: string;
  /** Deadline of each lookup (apply's `--request-timeout`); 0: none. */
  readonly timeoutMs: number;
  /** One line each: what could not be looked up, so its references stay unresolved. */
  readonly note: (line: string) => void;
  /** Told how many GET/LIST requests the lookups made (apply's JSON output counts them). @default - not told */
  readonly onLookups?: (reads: number) => void;
}

/**
 * The folder's validation with the cluster's objects as externals. A folder that refers to
 * nothing outside itself costs no request. A kind the identity may not read leaves its references
 * unresolved (a note); a cluster that cannot be asked at all leaves the folder judged alone (a
 * note; the apply's own first request then reports the cluster, as before).
 */
export function clusterAwareValidator(options: ClusterValidationOptions): SourceValidator {
  const alone = defaultValidator();
  return async (sources) => {
    const refs = missingReferences(sources.map((s) => s.object));
    if (refs.length === 0) return alone(sources);
    // Loaded on use, as `validate` does: a folder with no outside references never loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readClusterFacts } = require('./validate-cluster') as typeof import('./validate-cluster');
    let facts;
    try {
      facts = await readClusterFacts(refs, options.kubeconfig, { gates: false, timeoutMs: options.timeoutMs });
    } catch (err) {
      if (!(err instanceof KubeConfigError)) throw err;
      options.note(`references not looked up in the cluster (${err.message}); the folder is validated alone`);
      return alone(sources);
    }
    options.onLookups?.(facts.requests.length);
    for (const line of facts.notes) options.note(line);
    return defaultValidator({ externals: facts.externals })(sources);
  };
}
