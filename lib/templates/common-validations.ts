import { OsProfile } from '../flavors';
import { sizeToBytes } from '../flavors/quantity';
import { ValidationRule } from './validation-rule';

const DISK_BUS = '.spec.domain.devices.disks[*].disk.bus';
const CDROM_BUS = '.spec.domain.devices.disks[*].cdrom.bus';

/** The rules common-templates ship for an OS (bundle v0.35.0, feature-anchors 3.6). */
export function commonTemplateValidations(os: OsProfile): ValidationRule[] {
  const d = os.definition;
  const rules = [
    ValidationRule.integer('minimal-required-memory', '.spec.domain.memory.guest', {
      message: `This VM requires more memory.`, min: sizeToBytes(d.minimumMemory),
    }),
  ];
  if (os.isWindows) {
    rules.push(
      ValidationRule.enum('windows-virtio-bus', DISK_BUS, ['virtio'], {
        message: 'virtio disk bus type has better performance, install virtio drivers in VM and change bus type',
        valid: DISK_BUS, justWarning: true,
      }),
      ValidationRule.enum('windows-disk-bus', DISK_BUS, ['virtio', 'sata', 'scsi'], {
        message: 'disk bus has to be either virtio or sata or scsi', valid: DISK_BUS,
      }),
      ValidationRule.enum('windows-cd-bus', CDROM_BUS, ['sata'], { message: 'cd bus has to be sata', valid: CDROM_BUS }),
    );
  }
  if (d.minimumCores) {
    rules.push(ValidationRule.integer('minimal-required-cores', '.spec.domain.cpu.cores', {
      message: 'This VM requires more cores.', min: d.minimumCores,
    }));
  }
  return rules;
}
