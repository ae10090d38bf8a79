// NetworkAttachmentDefinition rules (catalog section 11): the CNI config inside spec.config.
import { KubeObject } from '../types';
import { ObjectRule, RuleContext } from './types';
import { arr, has, obj } from './util';

const NAD = ['NetworkAttachmentDefinition'];
const RESOURCE_NAME = 'k8s.v1.cni.cncf.io/resourceName';
const CNI_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

export interface ParsedCni {
  readonly config?: Record<string, any>;
  readonly error?: string;
  readonly empty: boolean;
  /** The plugins: the conflist's, or the single config itself. */
  readonly plugins: Array<Record<string, any>>;
  readonly isList: boolean;
}

const cache = new WeakMap<object, ParsedCni>();

/** Parses a NAD's spec.config once (memoized per object). */
export function parseCni(nad: KubeObject): ParsedCni {
  const hit = cache.get(nad);
  if (hit) return hit;
  const raw = nad.spec?.config;
  let parsed: ParsedCni;
  if (!has(raw) || (typeof raw === 'string' && raw.trim() === '')) parsed = { empty: true, plugins: [], isList: false };
  else if (typeof raw !== 'string') parsed = { empty: false, plugins: [], isList: false, error: 'spec.config must be a string holding JSON' };
  else {
    try {
      const value = JSON.parse(raw);
      const config = obj(value);
      if (!config) parsed = { empty: false, plugins: [], isList: false, error: 'spec.config must be a JSON object' };
      else {
        const isList = has(config.plugins);
        parsed = { config, empty: false, isList, plugins: isList ? arr(config.plugins).filter((p) => obj(p)) : [config] };
      }
    } catch (err) {
      parsed = { empty: false, plugins: [], isList: false, error: `spec.config is not valid JSON (${(err as Error).message})` };
    }
  }
  cache.set(nad, parsed);
  return parsed;
}

export const isBridgePlugin = (p: any) => p?.type === 'bridge' || p?.type === 'cnv-bridge';

/** The plugins of a parsed config with the dotted path of each (`spec.config.plugins[1]`, or `spec.config` alone). */
export function pluginsAt(cni: ParsedCni): Array<{ plugin: Record<string, any>; at: string }> {
  if (!cni.isList) return cni.plugins.map((plugin) => ({ plugin, at: 'spec.config' }));
  return arr(cni.config?.plugins).map((plugin, i) => ({ plugin, at: `spec.config.plugins[${i}]` })).filter(({ plugin }) => obj(plugin));
}

export function rule(id: string, severity: 'error' | 'warning', doc: string, check: (nad: KubeObject, cni: ParsedCni, ctx: RuleContext) => void): ObjectRule {
  return { id, severity, doc, scope: 'object', kinds: NAD, check: (nad, ctx) => check(nad, parseCni(nad), ctx) };
}

export const nadNameFormat = rule('nad-name-format', 'warning', "NAD names use lowercase alphanumerics and '-' only (no dots).", (nad, _cni, ctx) => {
  const name = nad.metadata?.name;
  if (typeof name === 'string' && name !== '' && !/^[a-z1-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    ctx.report('metadata.name', `NAD name '${name}' may only use lowercase alphanumerics and '-' (no dots), start with a letter or 1-9 and end alphanumeric`);
  }
});

export const nadConfigJson = rule('nad-config-json', 'error', 'A non-empty spec.config is a JSON object.', (_nad, cni, ctx) => {
  if (cni.error) ctx.report('spec.config', cni.error);
});

export const nadConfigTypeRequired = rule('nad-config-type-required', 'error', 'A single-plugin config needs type.', (_nad, cni, ctx) => {
  if (cni.config && !cni.isList && !cni.config.type) ctx.report('spec.config', 'the CNI config needs a "type"');
});

export const nadConflistValid = rule('nad-conflist-valid', 'error', 'A config list has a non-empty plugins array, each with type; cniVersion is a CNI version and a set network name is not empty.', (_nad, cni, ctx) => {
  if (!cni.config) return;
  if (cni.isList) {
    const plugins = cni.config.plugins;
    if (!Array.isArray(plugins) || plugins.length === 0) ctx.report('spec.config', 'the CNI config list needs a non-empty "plugins" array');
    else plugins.forEach((p: any, i: number) => { if (!p?.type) ctx.report(`spec.config.plugins[${i}]`, `plugins[${i}] needs a "type"`); });
  }
  const v = cni.config.cniVersion;
  if (has(v) && !CNI_VERSIONS.includes(v)) ctx.report('spec.config.cniVersion', `cniVersion ${JSON.stringify(v)} is not a CNI version (${CNI_VERSIONS.join(', ')})`);
  const name = cni.config.name;
  if ((has(name) && (typeof name !== 'string' || name.trim() === '')) || (cni.isList && !has(name))) ctx.report('spec.config.name', 'the CNI network name cannot be empty');
});

export const nadConfigBestPractice = rule('nad-config-best-practice', 'warning', 'Set a non-empty config with cniVersion; bridge configs name their bridge.', (_nad, cni, ctx) => {
  if (cni.empty) return ctx.report('spec.config', 'empty spec.config: Multus will look for an on-node CNI file named like the NAD');
  if (!cni.config) return;
  if (!has(cni.config.cniVersion)) ctx.report('spec.config', 'set cniVersion explicitly');
  for (const p of cni.plugins) if (isBridgePlugin(p) && !p.bridge) ctx.report('spec.config', `the ${p.type} plugin does not name its bridge, so it uses cni0`);
});

export const nadBridgeVlanRange = rule('nad-bridge-vlan-range', 'error', 'Bridge plugin vlan 0-4094 and not with vlanTrunk, vlanTrunk ids 1-4094 with min <= max, hairpinMode and promiscMode exclusive.', (_nad, cni, ctx) => {
  for (const { plugin: p, at } of pluginsAt(cni).filter(({ plugin }) => isBridgePlugin(plugin))) {
    if (has(p.vlan) && !(Number.isInteger(p.vlan) && p.vlan >= 0 && p.vlan <= 4094)) ctx.report(`${at}.vlan`, `bridge vlan ${p.vlan} must be 0-4094`);
    if (has(p.vlan) && p.vlan !== 0 && arr(p.vlanTrunk).length) ctx.report(`${at}.vlanTrunk`, 'vlan and vlanTrunk cannot be set together');
    arr(p.vlanTrunk).forEach((t, i) => {
      const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 4094;
      if (has(t?.id) && !ok(t.id)) ctx.report(`${at}.vlanTrunk[${i}].id`, `vlanTrunk[${i}].id ${t.id} must be 1-4094`);
      if (has(t?.minID) || has(t?.maxID)) {
        if (!ok(t.minID) || !ok(t.maxID)) ctx.report(`${at}.vlanTrunk[${i}]`, `vlanTrunk[${i}] minID/maxID must be 1-4094`);
        else if (t.minID > t.maxID) ctx.report(`${at}.vlanTrunk[${i}]`, `vlanTrunk[${i}] minID ${t.minID} exceeds maxID ${t.maxID}`);
      }
    });
    if (p.hairpinMode === true && p.promiscMode === true) ctx.report(`${at}.promiscMode`, 'hairpinMode and promiscMode cannot both be enabled');
  }
});

export const nadBridgeResourceMatch = rule('nad-bridge-resource-match', 'error', 'A bridge NAD\'s resourceName annotation names the same bridge as its config.', (nad, cni, ctx) => {
  const annotation = nad.metadata?.annotations?.[RESOURCE_NAME];
  if (typeof annotation !== 'string') return;
  const bridge = cni.plugins.find(isBridgePlugin)?.bridge;
  if (typeof bridge !== 'string') return;
  const expected = `bridge.network.kubevirt.io/${bridge}`;
  if (annotation !== expected) {
    ctx.report(`metadata.annotations["${RESOURCE_NAME}"]`, `resourceName '${annotation}' does not match the config's bridge '${bridge}'`, { hint: `use ${expected}` });
  }
});

export const nadOvnNetAttachDefNameMatch = rule('nad-ovn-netattachdefname-match', 'error', 'An OVN-Kubernetes NAD\'s netAttachDefName is <namespace>/<name> of the NAD itself, with a namespace.', (nad, cni, ctx) => {
  const ns = nad.metadata?.namespace;
  const name = nad.metadata?.name;
  for (const { plugin: p, at } of pluginsAt(cni)) {
    if (p.type !== 'ovn-k8s-cni-overlay') continue;
    const got = p.netAttachDefName;
    if (typeof got === 'string' && got.startsWith('/')) {
      ctx.report(`${at}.netAttachDefName`, 'OVN-Kubernetes needs <namespace>/<name>: give the NAD or its chart a namespace');
      continue;
    }
    const ok = typeof got === 'string' && (ns ? got === `${ns}/${name}` : got.split('/')[1] === name);
    if (!ok) ctx.report(`${at}.netAttachDefName`, `netAttachDefName ${JSON.stringify(got)} must be '${ns ?? '<namespace>'}/${name}'`);
  }
});

export const nadSriovResourceName = rule('nad-sriov-resource-name', 'error', 'An SR-IOV NAD carries the resourceName annotation naming its VF pool as <domain>/<name>.', (nad, cni, ctx) => {
  if (!cni.plugins.some((p) => p.type === 'sriov')) return;
  const resource = nad.metadata?.annotations?.[RESOURCE_NAME];
  if (!resource) ctx.report('metadata.annotations', `an SR-IOV NAD needs the ${RESOURCE_NAME} annotation naming the VF resource pool`);
  else if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(resource)) {
    ctx.report(`metadata.annotations["${RESOURCE_NAME}"]`, `'${resource}' is not a device-plugin resource name like openshift.io/mlxnics`);
  }
});

export const NAD_RULES = [nadNameFormat, nadConfigJson, nadConfigTypeRequired, nadConflistValid, nadConfigBestPractice, nadBridgeVlanRange,
  nadBridgeResourceMatch, nadOvnNetAttachDefNameMatch, nadSriovResourceName];
