// VirtualMachinePool rules (KubeVirt's pool admission webhook, vmpool-admitter.go
// ValidateVMPoolSpec). The VM a pool stamps out is judged by the VirtualMachine rules (engine.ts).
import { selectorMatches } from '../presets';
import { ObjectRule } from './types';
import { obj } from './util';

const POOL = ['VirtualMachinePool'];
const STRATEGIES = ['unmanaged', 'opportunistic', 'proactive'];

export const poolSelectorMatchesTemplate: ObjectRule = {
  id: 'pool-selector-matches-template', severity: 'error', scope: 'object', kinds: POOL,
  doc: "spec.selector matches the labels of spec.virtualMachineTemplate.metadata (the pool's own VMs).",
  check(pool, ctx) {
    const spec = obj(pool.spec);
    if (!spec || !obj(spec.selector) || !obj(spec.virtualMachineTemplate)) return;
    const labels = obj(spec.virtualMachineTemplate.metadata?.labels) ?? {};
    if (!selectorMatches(spec.selector, labels)) {
      ctx.report('spec.selector', 'selector does not match the labels of spec.virtualMachineTemplate.metadata',
        { hint: 'put the selector\'s labels on virtualMachineTemplate.metadata.labels' });
    }
  },
};

export const poolMaxUnavailableValid: ObjectRule = {
  id: 'pool-max-unavailable-valid', severity: 'error', scope: 'object', kinds: POOL,
  doc: 'spec.maxUnavailable is a count above 0 or a whole percentage from 1% to 100%.',
  check(pool, ctx) {
    const value: unknown = obj(pool.spec)?.maxUnavailable;
    if (value === undefined || value === null) return;
    const path = 'spec.maxUnavailable';
    if (typeof value === 'number') {
      if (value <= 0) ctx.report(path, `maxUnavailable must be greater than 0, not ${value}`);
      return;
    }
    if (typeof value !== 'string') return;
    if (!value.endsWith('%')) return ctx.report(path, `maxUnavailable percentage '${value}' must end with %`);
    const digits = value.slice(0, -1);
    const n = /^[+-]?\d+$/.test(digits) ? Number(digits) : NaN;
    if (Number.isNaN(n)) ctx.report(path, `maxUnavailable percentage value '${digits}' is not a whole number`);
    else if (n <= 0 || n > 100) ctx.report(path, `maxUnavailable percentage value ${n} must be between 1 and 100`);
  },
};

export const poolStrategyExclusive: ObjectRule = {
  id: 'pool-strategy-exclusive', severity: 'error', scope: 'object', kinds: POOL,
  doc: 'spec.updateStrategy and spec.scaleInStrategy each set at most one of unmanaged, opportunistic, proactive.',
  check(pool, ctx) {
    for (const field of ['updateStrategy', 'scaleInStrategy']) {
      const strategy = obj(obj(pool.spec)?.[field]);
      if (!strategy) continue;
      const set = STRATEGIES.filter((s) => strategy[s] !== undefined && strategy[s] !== null);
      if (set.length > 1) ctx.report(`spec.${field}`, `only one of ${set.join(', ')} may be set`);
    }
  },
};

export const VM_POOL_RULES = [poolSelectorMatchesTemplate, poolMaxUnavailableValid, poolStrategyExclusive];
