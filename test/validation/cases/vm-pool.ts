// VirtualMachinePool rules: the pool webhook's own checks (the pooled VM is judged by the VM rules).
import { baseVm, NS, Obj, Patch } from '../fixtures';
import { RuleCase } from './types';

/** A pool stamping out the baseline VM, selected by `kubevirt.io/vmpool: web`; `patch` gets the whole pool. */
export const pool = (patch?: Patch): Obj => {
  const o: Obj = {
    apiVersion: 'pool.kubevirt.io/v1beta1', kind: 'VirtualMachinePool', metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'kubevirt.io/vmpool': 'web' } },
      virtualMachineTemplate: { metadata: { labels: { 'kubevirt.io/vmpool': 'web' } }, spec: JSON.parse(JSON.stringify(baseVm.spec)) },
    },
  };
  patch?.(o);
  return o;
};

const one = (...objs: Obj[]) => objs.map((o) => [o]);

export const POOL_CASES: RuleCase[] = [
  {
    rule: 'pool-selector-matches-template',
    valid: one(pool(), pool((o) => { o.spec.selector = { matchExpressions: [{ key: 'kubevirt.io/vmpool', operator: 'In', values: ['web', 'api'] }] }; })),
    invalid: one(pool((o) => { o.spec.selector.matchLabels = { app: 'web' }; }), pool((o) => { delete o.spec.virtualMachineTemplate.metadata; })),
  },
  {
    rule: 'pool-max-unavailable-valid',
    valid: one(pool((o) => { o.spec.maxUnavailable = 1; }), pool((o) => { o.spec.maxUnavailable = '25%'; }), pool((o) => { o.spec.maxUnavailable = '100%'; })),
    invalid: one(pool((o) => { o.spec.maxUnavailable = 0; }), pool((o) => { o.spec.maxUnavailable = '25'; }), pool((o) => { o.spec.maxUnavailable = '0%'; }),
      pool((o) => { o.spec.maxUnavailable = '150%'; }), pool((o) => { o.spec.maxUnavailable = 'half%'; })),
  },
  {
    rule: 'pool-strategy-exclusive',
    valid: one(pool((o) => { o.spec.updateStrategy = { proactive: {} }; o.spec.scaleInStrategy = { opportunistic: { statePreservation: 'Offline' } }; })),
    invalid: one(pool((o) => { o.spec.updateStrategy = { proactive: {}, unmanaged: {} }; }), pool((o) => { o.spec.scaleInStrategy = { opportunistic: {}, proactive: {} }; })),
  },
];
