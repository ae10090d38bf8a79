/** How bad a finding is: errors fail `validate`, warnings only with `--fail-on warning`. */
export type Severity = 'error' | 'warning' | 'info';

import { KubeObject, ObjectRef } from '../manifests/types';

export type { KubeObject, ObjectRef };

/** A JSON mapping inside an object (a spec, a template), as parsed. */
export type JsonObject = Record<string, any>;

/** One problem found in the input. */
export interface Finding {
  /** Catalog rule id (`vmi-disk-volume-match`) or a layer id (`schema`, `object-meta`, `yaml-syntax`). */
  readonly rule: string;
  readonly severity: Severity;
  /** The file the object came from, when it came from a file. */
  readonly file?: string;
  readonly object: ObjectRef;
  /** Dotted field path inside the object, e.g. `spec.template.spec.domain.devices.disks[1].bus`. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  /** Set when the finding is accepted on purpose (config or annotation): reported, not counted. */
  readonly suppressed?: Suppression;
}

/** Why a finding is not counted. */
export interface Suppression {
  /** `annotation`: the object's `cdk8s-kubevirt.io/ignore-rules`; `config`: an `ignore` entry or a rule set to `off`. */
  readonly kind: 'annotation' | 'config';
  readonly reason: string;
}

/** The reference a finding carries for an object (tolerates missing metadata). */
export function objectRef(obj: KubeObject): ObjectRef {
  const meta: JsonObject = obj && typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {};
  const ref: { apiVersion: string; kind: string; namespace?: string; name: string } = {
    apiVersion: typeof obj?.apiVersion === 'string' ? obj.apiVersion : '',
    kind: typeof obj?.kind === 'string' ? obj.kind : '',
    name: typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '',
  };
  if (typeof meta.namespace === 'string' && meta.namespace !== '') ref.namespace = meta.namespace;
  return ref;
}

/** Converts a JSON pointer (`/spec/disks/0/bus`) to the dotted form findings use (`spec.disks[0].bus`). */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Joins a dotted path and a child key or index. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}
