// Finds the generated validators (scripts/generate-schemas.js) and loads each CRD's module
// on first use: a run pays only for the kinds it meets, and never compiles a schema.
import * as fs from 'fs';
import * as path from 'path';
import { loadGeneratedModule } from './code-cache';

/** One served version of a CRD kind, as listed in generated/index.json. */
export interface KindEntry {
  readonly module: string;
  readonly export: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly plural: string;
  readonly deprecated?: string | true;
  readonly celSkipped?: string[];
}

/** An ajv standalone validator. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

export interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, any>;
  readonly propertyName?: string;
}

interface Index {
  readonly kinds: Record<string, KindEntry>;
  /** Each module's digest (of its text), for the code cache. */
  readonly digests?: Record<string, string>;
}

function generatedDir(): string {
  // Source tree (ts-jest, ts-node), then the compiled tree (build/lib/... -> lib/...).
  const candidates = [
    path.join(__dirname, 'generated'),
    path.resolve(__dirname, '..', '..', '..', '..', 'lib', 'validation', 'schema', 'generated'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.json')));
  if (!found) throw new Error('generated schemas not found: run `node scripts/generate-schemas.js`');
  return found;
}

let index: Index | undefined;
let dir: string | undefined;
const byGroupKind = new Map<string, string[]>();
const modules = new Map<string, Record<string, GeneratedValidator>>();

function load(): Index {
  if (!index) {
    dir = generatedDir();
    index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as Index;
    for (const gvk of Object.keys(index.kinds)) {
      const [group, version, kind] = gvk.split('/');
      const key = `${group}/${kind}`;
      byGroupKind.set(key, [...(byGroupKind.get(key) ?? []), version]);
    }
  }
  return index;
}

/** splits `group/version` (or a core `version`) */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The CRD entry for apiVersion + kind, if the project's CRDs define it. */
export function lookupKind(apiVersion: string, kind: string): KindEntry | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return load().kinds[`${group}/${version}/${kind}`];
}

/** The served versions of a CRD kind (any version), or undefined if no CRD defines the group+kind. */
export function servedVersions(group: string, kind: string): string[] | undefined {
  load();
  return byGroupKind.get(`${group}/${kind}`);
}

/** Every group/kind the CRDs define. */
export function knownGroupKinds(): string[] {
  load();
  return [...byGroupKind.keys()];
}

/** The compiled validator for a CRD kind entry (loads its module once). */
export function validatorFor(entry: KindEntry): GeneratedValidator {
  load();
  let mod = modules.get(entry.module);
  if (!mod) {
    mod = loadGeneratedModule(path.join(dir!, `${entry.module}.js`), index!.digests?.[entry.module]) as Record<string, GeneratedValidator>;
    modules.set(entry.module, mod);
  }
  return mod[entry.export];
}
