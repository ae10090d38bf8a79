// ObjectMeta checks the apiserver makes on every object, which CRD schemas leave out
// (their `metadata` is just `type: object`): apimachinery's ValidateObjectMeta.
import { isDnsLabel, isDnsSubdomain } from '../../parsers';
import { Finding, KubeObject, objectRef } from '../types';

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOTAL_ANNOTATION_BYTES = 256 * 1024;

/** ObjectMeta fields a client may send; anything else is an unknown field under strict validation. */
const KNOWN_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

export function isDns1123Label(value: string): boolean {
  return isDnsLabel(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return isDnsSubdomain(value);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Why `key` is not a qualified name (`prefix/name`), or undefined when it is one. */
export function qualifiedNameError(key: string): string | undefined {
  // Found with indexOf, not split: this runs for every label and annotation key.
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0 && key.indexOf('/', slash + 1) < 0) {
    const prefix = key.slice(0, slash);
    if (!prefix) return 'prefix part must be non-empty';
    if (!isDns1123Subdomain(prefix)) return `prefix part '${prefix}' must be a lowercase RFC 1123 subdomain`;
    name = key.slice(slash + 1);
  } else if (slash >= 0) {
    return "a qualified name must consist of an optional DNS prefix and a name, separated by a single '/'";
  }
  if (!name) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/**
 * Validates `metadata` as the apiserver does for create. Custom resources use DNS-1123
 * subdomain names; `clusterScoped` kinds ignore a namespace (the server clears it).
 */
export function validateObjectMeta(obj: KubeObject, opts: { clusterScoped?: boolean; nameRule?: 'subdomain' | 'label' } = {}): Finding[] {
  // It runs for every object: the reference is made for a first finding, the lists walked by index or for-in.
  const findings: Finding[] = [];
  let object: Finding['object'] | undefined;
  const err = (path: string, message: string, severity: Finding['severity'] = 'error') => {
    object ??= objectRef(obj);
    findings.push({ rule: 'object-meta', severity, object, path, message });
  };
  const meta = obj.metadata;
  if (meta === undefined || meta === null) {
    err('metadata.name', 'metadata.name is required (or metadata.generateName)');
    return findings;
  }
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    err('metadata', 'metadata must be an object');
    return findings;
  }
  for (const key in meta) {
    if (hasOwn.call(meta, key) && !KNOWN_FIELDS.has(key)) err(`metadata.${key}`, `unknown field "metadata.${key}"`);
  }
  const nameOk = opts.nameRule === 'label' ? isDns1123Label : isDns1123Subdomain;
  const nameKind = opts.nameRule === 'label' ? 'an RFC 1123 label (lowercase alphanumerics and \'-\', at most 63)' : 'a lowercase RFC 1123 subdomain (alphanumerics, \'-\' and \'.\', at most 253)';
  for (let f = 0; f < NAME_FIELDS.length; f++) {
    const field = NAME_FIELDS[f];
    if (meta[field] !== undefined && meta[field] !== null && typeof meta[field] !== 'string') err(`metadata.${field}`, `metadata.${field} must be a string`);
  }
  if (typeof meta.name === 'string' && meta.name !== '') {
    if (!nameOk(meta.name)) err('metadata.name', `metadata.name '${meta.name}' must be ${nameKind}`);
  } else if (typeof meta.generateName === 'string' && meta.generateName !== '') {
    // The server appends 5 random characters; the prefix must stay valid with them.
    const probe = meta.generateName.replace(/-$/, '') + (meta.generateName.endsWith('-') ? '-abcde' : 'abcde');
    if (!nameOk(probe)) err('metadata.generateName', `metadata.generateName '${meta.generateName}' must be a valid name prefix (${nameKind})`);
  } else {
    err('metadata.name', 'metadata.name is required (or metadata.generateName)');
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== '') {
    if (opts.clusterScoped) {
      err('metadata.namespace', `${obj.kind} is cluster-scoped: metadata.namespace is ignored`, 'warning');
    } else if (!isDns1123Label(meta.namespace)) {
      err('metadata.namespace', `metadata.namespace '${meta.namespace}' must be an RFC 1123 label`);
    }
  }
  checkStringMap(meta.labels, 'metadata.labels', err, labelValueError);
  checkStringMap(meta.annotations, 'metadata.annotations', err, noValueError);
  if (meta.annotations && typeof meta.annotations === 'object') {
    let total = 0;
    const annotations = meta.annotations as Record<string, unknown>;
    for (const k in annotations) {
      if (!hasOwn.call(annotations, k)) continue;
      const v = annotations[k];
      total += k.length + (typeof v === 'string' ? v.length : 0);
    }
    if (total > TOTAL_ANNOTATION_BYTES) err('metadata.annotations', `annotations total ${total} bytes, more than the 256 KiB limit`);
  }
  if (meta.finalizers !== undefined && meta.finalizers !== null) {
    if (!Array.isArray(meta.finalizers)) err('metadata.finalizers', 'metadata.finalizers must be a list of strings');
    else meta.finalizers.forEach((f: unknown, i: number) => {
      const why = typeof f === 'string' ? qualifiedNameError(f) : 'must be a string';
      if (why) err(`metadata.finalizers[${i}]`, `finalizer ${JSON.stringify(f)}: ${why}`);
    });
  }
  return findings;
}

const hasOwn = Object.prototype.hasOwnProperty;
const NAME_FIELDS = ['name', 'generateName', 'namespace'] as const;

function labelValueError(value: string): string | undefined {
  return isLabelValue(value) ? undefined : 'must be at most 63 characters of alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric';
}

function noValueError(): string | undefined {
  return undefined;
}

/** The path of a map's entry (made for a finding only). */
function entryPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

function checkStringMap(map: unknown, path: string, err: (path: string, message: string) => void,
  valueError: (value: string) => string | undefined): void {
  if (map === undefined || map === null) return;
  if (typeof map !== 'object' || Array.isArray(map)) {
    err(path, `${path} must be a map of strings`);
    return;
  }
  const entries = map as Record<string, unknown>;
  for (const key in entries) {
    if (!hasOwn.call(entries, key)) continue;
    const value = entries[key];
    const keyWhy = qualifiedNameError(key);
    if (keyWhy) err(entryPath(path, key), `key '${key}' is not a valid qualified name: ${keyWhy}`);
    if (value === null) continue; // decodes to ""
    if (typeof value !== 'string') {
      err(entryPath(path, key), `value of '${key}' must be a string, got ${value === null ? 'null' : typeof value} (quote it in YAML)`);
      continue;
    }
    const why = valueError(value);
    if (why) err(entryPath(path, key), `value '${value}' of '${key}' ${why}`);
  }
}
