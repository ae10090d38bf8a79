// Shared helpers of the network tests: synth through YAML (as `cdk8s synth` writes it),
// capture synth errors and warnings, and check CNI configs the way libcni loads them.
import { App, Chart, Testing } from 'cdk8s';
export { synthError as synthErrors, synthYaml } from '../support/synth';

export const WORKERS = { 'node-role.kubernetes.io/worker': '' };

/** A chart in namespace `namespace` (`null`: a cluster-level chart without namespace). */
export function chart(namespace: string | null = 'vms', app: App = Testing.app()): Chart {
  return new Chart(app, namespace ?? 'cluster', { namespace: namespace ?? undefined });
}



/** Runs synth with console.warn captured; returns the manifest and the printed warnings. */
export function synthWithWarnings(c: Chart): { manifest: any[]; warnings: string[] } {
  const warnings: string[] = [];
  const spy = jest.spyOn(console, 'warn').mockImplementation((msg: unknown) => { warnings.push(String(msg)); });
  try {
    return { manifest: Testing.synth(c), warnings };
  } finally {
    spy.mockRestore();
  }
}

export const byKindName = (objs: any[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

export const nncp = (objs: any[], name: string) => byKindName(objs, 'NodeNetworkConfigurationPolicy', name);
export const nad = (objs: any[], name: string) => byKindName(objs, 'NetworkAttachmentDefinition', name);

/**
 * Parses a NAD's spec.config and checks it the way libcni does: a JSON object with a
 * cniVersion and name, and either a `type` (one plugin) or a non-empty `plugins` list
 * whose every entry has a `type`.
 */
export function cniConfig(nadObject: any): any {
  const text = nadObject?.spec?.config;
  expect(typeof text).toBe('string');
  const config = JSON.parse(text);
  expect(config).toEqual(expect.objectContaining({ cniVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/), name: expect.any(String) }));
  if ('plugins' in config) {
    expect(config.type).toBeUndefined();
    expect(Array.isArray(config.plugins) && config.plugins.length > 0).toBe(true);
    for (const plugin of config.plugins) expect(typeof plugin.type).toBe('string');
  } else {
    expect(typeof config.type).toBe('string');
  }
  return config;
}

/** Every key of a nested nmstate document, for spelling checks. */
export function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  }
  return [];
}
