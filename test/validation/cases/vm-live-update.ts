// Hotplug and live update: memory hotplug under the LiveUpdate rollout, the disks of hot-plugged volumes.
import { vmSpec } from '../fixtures';
import { RuleCase } from './types';

const stage = { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: { configuration: { vmRolloutStrategy: 'Stage' } } };
const memory = (m: Record<string, unknown>) => vmSpec((s) => { s.domain.memory = m; });
const hotplugged = (disk: Record<string, unknown>) => vmSpec((s) => {
  s.domain.devices.disks.push({ name: 'data', ...disk });
  s.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data', hotpluggable: true } });
});

export const LIVE_UPDATE_CASES: RuleCase[] = [
  {
    rule: 'vm-memory-hotplug-valid',
    valid: [[memory({ guest: '2Gi', maxGuest: '8Gi' })], [memory({ guest: '2Gi' })],
      // Under the Stage rollout the webhook does not check live update settings.
      [memory({ guest: '512Mi', maxGuest: '8Gi' }), stage]],
    invalid: [[memory({ guest: '4Gi', maxGuest: '2Gi' })], [memory({ guest: '512Mi', maxGuest: '4Gi' })], [memory({ guest: '2Gi', maxGuest: '4097Mi' })],
      [vmSpec((s) => { s.domain.memory = { guest: '2Gi', maxGuest: '8Gi' }; s.architecture = 'arm64'; })]],
  },
  {
    rule: 'vm-hotplug-disk-valid',
    valid: [[hotplugged({ disk: { bus: 'scsi' } })], [hotplugged({ disk: { bus: 'virtio' } })], [hotplugged({ lun: { bus: 'scsi' } })], [hotplugged({})]],
    invalid: [[hotplugged({ disk: { bus: 'sata' } })], [hotplugged({ lun: { bus: 'sata' } })]],
  },
];
