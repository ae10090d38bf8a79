// The schema layer: CRD OpenAPI schemas (generated validators) plus ObjectMeta.
import { Finding, KubeObject, ObjectRef, childPath, objectRef, pointerToPath } from '../types';
import { builtinKind } from './builtin-kinds';
import { AjvError, lookupKind, parseApiVersion, servedVersions, validatorFor } from './registry';
import { validateObjectMeta } from './object-meta';
import { unknownKindInKnownGroup } from './known-groups';

export { validateObjectMeta, isDns1123Label, isDns1123Subdomain, isLabelValue, qualifiedNameError } from './object-meta';
export { lookupKind, servedVersions, knownGroupKinds, parseApiVersion } from './registry';
export type { KindEntry } from './registry';

/** Rule id of a kind a fully known API group does not serve (`kind: Kubevirt`). */
export const UNKNOWN_KIND_IN_GROUP_RULE = 'unknown-kind-in-group';

/** Rule id of CRD schema findings. */
export const SCHEMA_RULE = 'schema';

/** What the validator knows about an object's kind. */
export interface KindInfo {
  /** `crd`: a CRD from ../shared/crds; `builtin`: a Kubernetes kind (metadata checked only); `unknown`. */
  readonly source: 'crd' | 'builtin' | 'unknown';
  readonly clusterScoped: boolean;
}

/** Classifies an object's apiVersion/kind. */
export function kindInfo(apiVersion: string, kind: string): KindInfo {
  const entry = lookupKind(apiVersion, kind);
  if (entry) return { source: 'crd', clusterScoped: entry.scope === 'Cluster' };
  const { group } = parseApiVersion(apiVersion);
  const builtin = builtinKind(group, kind);
  if (builtin) return { source: 'builtin', clusterScoped: !!builtin.clusterScoped };
  return { source: 'unknown', clusterScoped: false };
}

/** A kind's scope as the loader asks for it (kustomize namespaces); undefined when unknown. */
export function scopeOf(apiVersion: string, kind: string): 'Cluster' | 'Namespaced' | undefined {
  const info = kindInfo(apiVersion, kind);
  return info.source === 'unknown' ? undefined : info.clusterScoped ? 'Cluster' : 'Namespaced';
}

/**
 * Checks one object against its CRD schema and ObjectMeta rules, the way the apiserver
 * would on create with strict field validation. Unknown kinds yield one info finding.
 */
export function validateSchema(input: KubeObject | Record<string, any>): Finding[] {
  const obj = input as KubeObject;
  const object = objectRef(obj);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return [{ rule: SCHEMA_RULE, severity: 'error', object, path: '', message: 'a Kubernetes object must be a mapping' }];
  }
  const findings: Finding[] = [];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
    findings.push({ rule: SCHEMA_RULE, severity: 'error', object, path: 'apiVersion', message: 'apiVersion is required' });
  }
  if (typeof obj.kind !== 'string' || obj.kind === '') {
    findings.push({ rule: SCHEMA_RULE, severity: 'error', object, path: 'kind', message: 'kind is required' });
  }
  if (findings.length) return findings;

  const entry = lookupKind(obj.apiVersion, obj.kind);
  if (!entry) {
    const { group, version } = parseApiVersion(obj.apiVersion);
    const served = servedVersions(group, obj.kind);
    if (served) {
      return [{
        rule: SCHEMA_RULE, severity: 'error', object, path: 'apiVersion',
        message: `${obj.kind} has no version '${version}' in group ${group}; served: ${served.map((v) => `${group}/${v}`).join(', ')}`,
        hint: `use apiVersion: ${group}/${served[0]}`,
      }];
    }
    const builtin = builtinKind(group, obj.kind);
    if (builtin) {
      if (!builtin.versions.includes(version)) {
        return [{ rule: SCHEMA_RULE, severity: 'error', object, path: 'apiVersion',
          message: `${obj.kind} is served as ${builtin.versions.map((v) => (group ? `${group}/${v}` : v)).join(', ')}, not ${obj.apiVersion}` }];
      }
      return validateObjectMeta(obj, { clusterScoped: builtin.clusterScoped });
    }
    const refused = unknownKindInKnownGroup(group, obj.kind);
    if (refused) return [{ rule: UNKNOWN_KIND_IN_GROUP_RULE, severity: 'error', object, path: 'kind', ...refused }];
    return [{
      rule: 'unknown-kind', severity: 'info', object, path: 'kind',
      message: `no schema for ${obj.apiVersion} ${obj.kind}: only its structure was checked`,
    }];
  }
  if (entry.deprecated) {
    findings.push({ rule: 'schema-deprecated-version', severity: 'warning', object, path: 'apiVersion',
      message: typeof entry.deprecated === 'string' ? entry.deprecated : `${obj.apiVersion} is deprecated` });
  }
  findings.push(...validateObjectMeta(obj, { clusterScoped: entry.scope === 'Cluster' }));
  const validate = validatorFor(entry);
  if (!validate(obj)) findings.push(...ajvFindings(validate.errors ?? [], object));
  return findings;
}

/** Turns ajv errors into findings, dropping the noise of failed combinator branches. */
function ajvFindings(errors: AjvError[], object: ObjectRef): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    if (/\/(anyOf|oneOf|not)\/\d+\/|\/not\//.test(e.schemaPath)) continue;
    let path = pointerToPath(e.instancePath);
    if (e.keyword === 'additionalProperties') path = childPath(path, e.params.additionalProperty);
    else if (e.keyword === 'required') path = childPath(path, e.params.missingProperty);
    else if (e.propertyName !== undefined) path = childPath(path, e.propertyName);
    const message = describe(e, path);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: SCHEMA_RULE, severity: 'error', object, path, message, ...(GENERIC.has(e.keyword) ? { hint: GENERIC_HINT } : {}) });
  }
  // A combinator failure adds nothing when a precise error names the same field.
  const precise = new Set(out.filter((f) => f.hint !== GENERIC_HINT).map((f) => f.path));
  return out.filter((f) => f.hint !== GENERIC_HINT || !precise.has(f.path));
}

const GENERIC = new Set(['anyOf', 'oneOf', 'not']);
const GENERIC_HINT = 'see the CRD schema for the allowed combinations of fields';

function describe(e: AjvError, path: string): string {
  const p = e.params;
  const at = path || '(root)';
  switch (e.keyword) {
    case 'additionalProperties': return `unknown field "${at}"`;
    case 'required': return `required field "${at}" is missing`;
    case 'type': {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).filter((t: string) => t !== 'null');
      return `${at} must be ${types.join(' or ')}`;
    }
    case 'enum': return `${at} must be one of: ${(p.allowedValues as unknown[]).filter((v) => v !== null).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `${at} must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern': return e.propertyName !== undefined
      ? `key "${e.propertyName}" must match ${p.pattern}` : `${at} must match ${p.pattern}`;
    case 'format': return `${at} must be a valid ${p.format}`;
    case 'minLength': return `${at} must be at least ${p.limit} characters`;
    case 'maxLength': return `${at} must be at most ${p.limit} characters`;
    case 'minItems': return `${at} must have at least ${p.limit} items`;
    case 'maxItems': return `${at} must have at most ${p.limit} items`;
    case 'minProperties': return `${at} must have at least ${p.limit} entries`;
    case 'maxProperties': return `${at} must have at most ${p.limit} entries`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${at} must be ${p.comparison} ${p.limit}`;
    case 'multipleOf': return `${at} must be a multiple of ${p.multipleOf}`;
    case 'uniqueItems': return `${at} has duplicate items (${p.j} and ${p.i})`;
    case 'dependencies': return `${at}: ${p.property} requires ${p.missingProperty}`;
    case 'not': return `${at} has a combination of fields the schema forbids`;
    case 'anyOf': case 'oneOf': return `${at} matches none of the schema's allowed forms`;
    default: return `${at} fails schema keyword ${e.keyword}`;
  }
}
