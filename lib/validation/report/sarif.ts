// SARIF 2.1.0, so CI code scanning shows findings on the YAML lines.
import { Rule } from '../rules/types';
import { Finding } from '../types';

export interface SarifOptions {
  readonly rules: readonly Rule[];
  /** 1-based line/column of a finding, when known. */
  readonly locate?: (f: Finding) => { line: number; column: number } | undefined;
  /** Makes file URIs relative to this folder. */
  readonly baseDir?: string;
  readonly version?: string;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: readonly Finding[], opts: SarifOptions): string {
  return [...formatSarifChunks(findings, opts)].join('');
}

/** Results per piece of `formatSarifChunks`. */
const CHUNK = 256;

/**
 * `formatSarif`'s text in pieces (joined, exactly `JSON.stringify(log, null, 2)`), each result made
 * as it is written: the log of 50,000 objects (20,000 results) was held whole as objects, then as
 * one string and its buffer. Every piece but the last ends with a line break.
 */
export function* formatSarifChunks(findings: readonly Finding[], opts: SarifOptions, chunk = CHUNK): Generator<string> {
  const docs = new Map(opts.rules.map((r) => [r.id, r.doc] as const));
  const used = [...new Set(findings.map((f) => f.rule))].sort();
  const toUri = (file: string) => {
    const rel = opts.baseDir && file.startsWith(opts.baseDir) ? file.slice(opts.baseDir.length).replace(/^[/\\]+/, '') : file;
    return rel.split('\\').join('/');
  };
  const result = (f: Finding) => {
    const where = opts.locate?.(f);
    const object = f.object.kind ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : '';
    return {
      ruleId: f.rule,
      ruleIndex: used.indexOf(f.rule),
      level: LEVEL[f.severity],
      message: { text: `${object ? `${object}: ` : ''}${f.message}${f.path ? ` (${f.path})` : ''}${f.hint ? `. Hint: ${f.hint}` : ''}` },
      locations: f.file ? [{
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file) },
          ...(where ? { region: { startLine: where.line, startColumn: where.column } } : {}),
        },
        ...(f.path ? { logicalLocations: [{ fullyQualifiedName: `${object}:${f.path}`, kind: 'member' }] } : {}),
      }] : [],
      // SARIF's own way to say "reported, accepted": inSource for the object's annotation, external for the config file.
      ...(f.suppressed ? { suppressions: [{ kind: f.suppressed.kind === 'annotation' ? 'inSource' : 'external', justification: f.suppressed.reason }] } : {}),
    };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-kubevirt',
          ...(opts.version ? { version: opts.version } : {}),
          rules: used.map((id) => ({ id, shortDescription: { text: docs.get(id) ?? ruleDoc(id) } })),
        },
      },
      results: [],
    }],
  };
  const whole = JSON.stringify(log, null, 2);
  if (findings.length === 0) {
    yield whole;
    return;
  }
  // The empty list's text is unique: inside a JSON string its quotes would be escaped.
  const at = whole.indexOf(EMPTY_RESULTS);
  let piece = `${whole.slice(0, at)}"results": [\n`;
  for (let i = 0; i < findings.length; i++) {
    piece += `${RESULT_INDENT}${JSON.stringify(result(findings[i]), null, 2).replace(/\n/g, `\n${RESULT_INDENT}`)}${i + 1 < findings.length ? ',' : ''}\n`;
    if ((i + 1) % chunk === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}      ]${whole.slice(at + EMPTY_RESULTS.length)}`;
}

const EMPTY_RESULTS = '"results": []';
/** A result's indentation in the log (log, runs, run, results). */
const RESULT_INDENT = ' '.repeat(8);

function ruleDoc(id: string): string {
  if (id === 'schema') return 'The object matches its CRD schema (strict field validation).';
  if (id === 'object-meta') return 'metadata follows the apiserver rules (names, labels, annotations).';
  if (id === 'unknown-kind') return 'No schema is known for this kind.';
  if (id.startsWith('input-')) return 'The input could be read as Kubernetes manifests.';
  if (id === 'suppression-without-reason') return 'A suppression (ignore annotation or config ignore entry) says why the findings are accepted.';
  return id;
}
