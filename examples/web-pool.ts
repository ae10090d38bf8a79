import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kv from '../lib';

/**
 * A pool of web VMs that take their size and OS settings from their boot image: the golden image's
 * DataSource carries `instancetype.kubevirt.io/default-instancetype` / `default-preference` labels
 * (GoldenImage's defaultInstancetype / defaultPreference), and KubeVirt infers both when it admits
 * each VM. Guest memory stays as the fallback should the labels be missing (failure policy Ignore).
 */
export function buildWebPool(scope: Construct, image: kv.GoldenImage): kv.VirtualMachinePool {
  const ignore = { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE };
  const pool = new kv.VirtualMachinePool(scope, 'web', {
    replicas: 3,
    instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk', ignore),
    preference: kv.PreferenceRef.inferFromVolume('rootdisk', ignore),
    memory: Size.gibibytes(2),
    maxUnavailable: 1,
    updateStrategy: kv.PoolUpdateStrategy.proactive({ sortPolicy: kv.PoolSortPolicy.OLDEST }),
  });
  pool.addDisk('rootdisk', image.diskSource({ size: Size.gibibytes(20) }), { bootOrder: 1 });
  pool.setCloudInit(kv.CloudInit.noCloud({
    userData: kv.UserData.cloudConfig(new kv.CloudConfig({ packages: ['nginx'], runcmd: [['systemctl', 'enable', '--now', 'nginx']] })),
  }));
  pool.expose({ ports: [80] });
  return pool;
}
