// The object types every layer shares: what the loader reads, the validator checks and the
// controller applies. Defined once here; lib/validation and lib/controller re-export them.

/** Metadata fields the controller reads; everything else passes through untouched. */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  managedFields?: Array<{ manager?: string; operation?: string; apiVersion?: string; fieldsV1?: unknown }>;
  [key: string]: any;
}

/**
 * A Kubernetes object as plain JSON. Input read from files may be malformed (the validator
 * reports missing fields); the controller relies on apiVersion, kind and metadata.name after
 * the loader's `requireIdentity` check.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [key: string]: any;
}

/** Identity of an object: enough to GET it, and the subject of a finding. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** An input object and where it came from. */
export interface SourceObject {
  readonly object: KubeObject;
  /** The file it was read from (absolute, or relative to the folder the caller names). */
  readonly file?: string;
  /** 1-based line/column of the document in `file`. */
  readonly line?: number;
  readonly column?: number;
}

/** A loaded object that can place a field path on a line (text output, SARIF). */
export interface LoadedSource extends SourceObject {
  /** 1-based line/column of a dotted path inside the object, nearest existing ancestor. */
  locate(dottedPath: string): { line: number; column: number } | undefined;
}

/**
 * Input that cannot be used (rule ids `input-*`): its message starts with `file:line:column: `.
 * Shaped like a validation finding so reports list both together.
 */
export interface LoadProblem {
  readonly rule: string;
  readonly severity: 'error';
  readonly file?: string;
  readonly object: ObjectRef;
  readonly path: string;
  readonly message: string;
}
