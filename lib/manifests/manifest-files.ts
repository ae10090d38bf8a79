// What in a GitOps folder is a manifest and what is not: kustomization files and the patches
// they name are kustomize input, not objects (their `namespace:` is applied to the resources
// they list); Helm templates must be rendered first; documents that are neither a Kubernetes
// object nor an attempt at one (values files, test expectations) are skipped.
import * as fs from 'fs';
import * as path from 'path';
import { readGoYaml } from './go-yaml';
import { KubeObject } from './types';

export const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Helm chart metadata and values files: configuration for a renderer, never objects. */
const HELM_FILES = /^(Chart\.ya?ml|Chart\.lock|values([-.][^/]*)?\.ya?ml|values\.schema\.json)$/;

/** Files a folder walk skips: kustomize and Helm input that is not a manifest. */
export function isRendererInput(fileName: string): boolean {
  return KUSTOMIZATION_FILES.has(fileName) || HELM_FILES.test(fileName);
}

/** What the kustomization files under some folders say about the files next to them. */
export interface KustomizeInfo {
  /** Files named as patches (strategic-merge or JSON 6902): partial objects, never validated. */
  readonly patches: Set<string>;
  /** The namespace a kustomization sets on the resource files it lists. */
  readonly namespaceOf: Map<string, string>;
}

function asPaths(dir: string, values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === 'string' && !v.includes('://')).map((v) => path.resolve(dir, v));
}

/** Reads a kustomization file (tolerantly: a broken one is kustomize's problem, not ours). */
export function readKustomization(file: string, into: KustomizeInfo): string[] {
  let k: KubeObject;
  try {
    k = (readGoYaml(fs.readFileSync(file, 'utf8'))[0]?.value ?? {}) as KubeObject;
  } catch {
    return [];
  }
  if (typeof k !== 'object' || Array.isArray(k)) return [];
  const dir = path.dirname(file);
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  const patchFiles = [
    ...asPaths(dir, list(k.patchesStrategicMerge).filter((p) => typeof p === 'string' && !p.includes('\n'))),
    ...asPaths(dir, list(k.patches).map((p) => p?.path)),
    ...asPaths(dir, list(k.patchesJson6902).map((p) => p?.path)),
    ...asPaths(dir, list(k.replacements).map((p) => p?.path)),
  ];
  for (const p of patchFiles) into.patches.add(p);
  const resources = asPaths(dir, [...list(k.resources), ...list(k.bases)]);
  if (typeof k.namespace === 'string' && k.namespace) {
    for (const r of resources) into.namespaceOf.set(r, k.namespace);
  }
  return resources;
}

/** The namespace a kustomization assigns to a file (directly or through a listed folder). */
export function kustomizeNamespace(info: KustomizeInfo, file: string): string | undefined {
  for (let p = file; ; p = path.dirname(p)) {
    const ns = info.namespaceOf.get(p);
    if (ns !== undefined) return ns;
    if (path.dirname(p) === p) return undefined;
  }
}

/** True for kustomize's own objects (a kustomization written with apiVersion/kind). */
export function isKustomizeObject(o: KubeObject): boolean {
  return typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.config.k8s.io/');
}

/**
 * A document that names neither apiVersion nor kind and has no metadata/spec is not an
 * attempt at a Kubernetes object (a values file, a JSON expectation) and is skipped; one
 * with metadata or spec is kept so the schema layer reports the missing fields.
 */
export function isNotAManifest(o: KubeObject): boolean {
  return o.apiVersion === undefined && o.kind === undefined && o.metadata === undefined && o.spec === undefined;
}

/** Helm/Go-template actions (`{{ .Values.x }}`, `{{- include ... }}`, `{{ if }}`), not cloud-init Jinja (`{{ v1.x }}`). */
const TEMPLATE_ACTION = /\{\{-?\s*(?:\.[A-Za-z]|\$|include\b|template\b|toYaml\b|tpl\b|if\b|else\b|end\b|range\b|with\b|define\b|required\b|default\b|quote\b|printf\b|\/\*)/;

/**
 * Actions only a Helm chart has: its built-in objects and chart functions. Prometheus and
 * Alertmanager templates (`{{ $labels.x }}`, `{{ $value }}`, `{{ .Labels.x }}`) have none.
 */
const HELM_ONLY_ACTION = /\{\{-?\s*(?:[^}]*[\s(|]|)(?:\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|include\b|toYaml\b|tpl\b|required\b|lookup\b|nindent\b)/;

/**
 * The 1-based line and column of the first Helm template action in the text, if any. With
 * `helmOnly`, only actions naming Helm's own objects and functions count (for text that is
 * valid YAML: there `{{ ... }}` is a string, as in a PrometheusRule's annotations).
 */
export function findTemplateAction(text: string, helmOnly = false): { line: number; column: number } | undefined {
  if (!text.includes('{{')) return undefined;
  const pattern = helmOnly ? HELM_ONLY_ACTION : TEMPLATE_ACTION;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = pattern.exec(lines[i]);
    if (m) return { line: i + 1, column: m.index + 1 };
  }
  return undefined;
}
