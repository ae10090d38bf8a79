// NodeNetworkConfigurationPolicy API rules (catalog section 9).
import { ObjectRule } from './types';
import { has, obj } from './util';
import { isLabelValue, qualifiedNameError } from '../schema/object-meta';

const NNCP = ['NodeNetworkConfigurationPolicy'];

export const nncpNameLabelValue: ObjectRule = {
  id: 'nncp-name-label-value', severity: 'error', scope: 'object', kinds: NNCP,
  doc: 'The policy name is a valid label value (at most 63 characters).',
  check(p, ctx) {
    const name = p.metadata?.name;
    if (typeof name === 'string' && name !== '' && !isLabelValue(name)) {
      ctx.report('metadata.name', `policy name '${name}' must be a valid label value (at most 63 characters, alphanumeric at both ends)`);
    }
  },
};

export const nncpNodeSelectorValid: ObjectRule = {
  id: 'nncp-nodeselector-valid', severity: 'error', scope: 'object', kinds: NNCP,
  doc: 'spec.nodeSelector keys are qualified names and values valid label values; at most 256 entries.',
  check(p, ctx) {
    const sel = obj(p.spec?.nodeSelector);
    if (!sel) return;
    const entries = Object.entries(sel);
    if (entries.length > 256) ctx.report('spec.nodeSelector', `nodeSelector has ${entries.length} entries, more than 256`);
    for (const [k, value] of entries) {
      const why = qualifiedNameError(k);
      if (why) ctx.report(`spec.nodeSelector["${k}"]`, `nodeSelector key '${k}' is not a qualified name: ${why}`);
      if (typeof value !== 'string' || !isLabelValue(value)) ctx.report(`spec.nodeSelector["${k}"]`, `nodeSelector value ${JSON.stringify(value)} is not a valid label value`);
    }
  },
};

export const nncpMaxUnavailableValid: ObjectRule = {
  id: 'nncp-maxunavailable-valid', severity: 'warning', scope: 'object', kinds: NNCP,
  doc: 'maxUnavailable is an integer >= 1 or a percentage; other values silently become 50%.',
  check(p, ctx) {
    const m = p.spec?.maxUnavailable;
    if (!has(m)) return;
    if (typeof m === 'number') {
      if (m < 1) ctx.report('spec.maxUnavailable', `maxUnavailable ${m} is raised to 1`);
      return;
    }
    const s = String(m);
    const pct = /^(\d+)%$/.exec(s);
    if (pct) { if (Number(pct[1]) === 0) ctx.report('spec.maxUnavailable', 'maxUnavailable 0% is raised to 1 node'); return; }
    if (/^\d+$/.test(s)) { if (Number(s) < 1) ctx.report('spec.maxUnavailable', `maxUnavailable ${s} is raised to 1`); return; }
    ctx.report('spec.maxUnavailable', `maxUnavailable ${JSON.stringify(m)} does not parse and silently falls back to 50%`, { hint: 'use an integer or a percentage such as "25%"' });
  },
};

export const nncpMaxUnavailablePercent: ObjectRule = {
  id: 'nncp-maxunavailable-percent', severity: 'warning', scope: 'object', kinds: NNCP,
  doc: 'A maxUnavailable percentage above 100% reconfigures every matching node at once.',
  check(p, ctx) {
    const pct = /^(\d+)%$/.exec(String(p.spec?.maxUnavailable ?? ''));
    if (pct && Number(pct[1]) > 100) ctx.report('spec.maxUnavailable', `maxUnavailable ${pct[0]} is above 100%: every matching node is reconfigured at once`);
  },
};

export const NNCP_RULES = [nncpNameLabelValue, nncpNodeSelectorValid, nncpMaxUnavailableValid, nncpMaxUnavailablePercent];
