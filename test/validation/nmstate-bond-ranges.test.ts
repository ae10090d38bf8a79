// nmstate-bond-option-ranges checks about twenty options per bond and makes a path only for a
// problem: which options it reports, in which order, with which path and message.
import { validateObjects } from '../../lib/validation';

const nncp = (options: Record<string, unknown>, mode = '802.3ad') => ({
  apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'bond' },
  spec: {
    desiredState: {
      interfaces: [{ name: 'eth1', type: 'ethernet', state: 'up' }, { name: 'eth2', type: 'ethernet', state: 'up' },
        { name: 'bond0', type: 'bond', state: 'up', 'link-aggregation': { mode, port: ['eth1', 'eth2'], options } }],
    },
  },
});

const AT = 'spec.desiredState.interfaces[2].link-aggregation.options';

const reported = (o: object) => validateObjects([o as any], { schema: false }).filter((f) => f.rule === 'nmstate-bond-option-ranges').map((f) => `${f.path}: ${f.message}`);

test('ranges, then named values; numbers and digit strings for named values are the kernel\'s', () => {
  expect(reported(nncp({
    miimon: -1, lacp_rate: 'medium', ad_select: 2, xmit_hash_policy: '3', arp_validate: null, updelay: '70000000000',
    num_grat_arp: 256, ad_actor_sys_prio: 0, fail_over_mac: 'sometimes',
  }))).toEqual([
    `${AT}.ad_actor_sys_prio: 0 must be an integer from 1 to 65535`,
    `${AT}.updelay: 70000000000 must be an integer from 0 to 4294967295`,
    `${AT}.miimon: -1 must be an integer from 0 to 4294967295`,
    `${AT}.num_grat_arp: 256 must be an integer from 0 to 255`,
    `${AT}.lacp_rate: "medium" is not one of "slow", "fast"`,
    `${AT}.fail_over_mac: "sometimes" is not one of "none", "active", "follow"`,
  ]);
  expect(reported(nncp({ miimon: '100', resend_igmp: 'x', primary_reselect: 'better', arp_all_targets: 'some', packets_per_slave: 65536 }, 'balance-rr'))).toEqual([
    `${AT}.resend_igmp: "x" must be an integer from 0 to 255`,
    `${AT}.packets_per_slave: 65536 must be an integer from 0 to 65535`,
    `${AT}.arp_all_targets: "some" is not one of "any", "all"`,
  ]);
});
