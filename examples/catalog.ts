import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kv from '../lib';
import { LabChart } from './lab';
import { buildGpuVm } from './gpu-vm';
import { buildWebPool } from './web-pool';

/**
 * The same estate the modern way: golden images kept fresh by CDI, the common-instancetypes
 * catalog, and the seed's RHEL VM as an OpenShift template plus an instance of it.
 */
export function buildCatalogExamples(app: Construct, lab: LabChart): void {
  // Golden images live in their own namespace; CDI re-imports them twice a day.
  const images = new Chart(app, 'golden-images', { namespace: 'kubevirt-os-images' });
  const fedoraImage = new kv.GoldenImage(images, 'fedora', {
    name: 'fedora',
    image: 'quay.io/containerdisks/fedora:latest',
    size: Size.gibibytes(5),
    defaultInstancetype: kv.CommonInstancetype.U1_SMALL,
    defaultPreference: kv.CommonPreference.FEDORA,
  });

  // For clusters that do not deploy the common-instancetypes catalog.
  const catalog = new Chart(app, 'catalog');
  for (const instancetype of [kv.CommonInstancetype.U1_SMALL, kv.CommonInstancetype.U1_MEDIUM]) instancetype.emit(catalog);
  for (const preference of [kv.CommonPreference.FEDORA, kv.CommonPreference.RHEL_9]) preference.emit(catalog);

  const vms = new Chart(app, 'templated', { namespace: 'vms' });

  // The seed's RHEL disk becomes a golden image the template clones.
  const rhelImage = new kv.DataSource(vms, 'rhel9-image', {
    metadata: { name: 'rhel9' },
    source: kv.DataVolumeSource.pvc(lab.rhelRootDisk),
  });
  const rhelTemplate = new kv.VirtualMachineTemplate(vms, 'rhel9-template', {
    os: kv.OsProfile.RHEL_9,
    workload: kv.WorkloadProfile.SERVER,
    flavor: kv.Flavor.SMALL,
    rootDiskSize: Size.gibibytes(20),
  });
  rhelTemplate.addInterface('nic-0', kv.Interface.bridge(lab.net));
  rhelTemplate.instantiate(vms, 'rhel-from-template', {
    name: 'rhel-from-template',
    dataSource: rhelImage,
    cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret('rhel-cloud-init') }),
  });

  // A Fedora VM booting the golden image, sized by the catalog.
  const fedora = new kv.VirtualMachine(vms, 'fedora-golden', {
    instancetype: kv.CommonInstancetype.U1_SMALL,
    preference: kv.CommonPreference.FEDORA,
  });
  fedora.addDisk('rootdisk', fedoraImage.diskSource({ size: Size.gibibytes(30) }), { bootOrder: 1 });

  // Three web VMs sized by what the golden image's labels infer (examples/web-pool.ts).
  buildWebPool(vms, fedoraImage);

  // A VM with a passed-through GPU the HyperConverged permits (examples/gpu-vm.ts).
  buildGpuVm(vms, fedoraImage);

  // u1.medium + rhel.9 from the catalog.
  const rhel9 = new kv.VirtualMachine(vms, 'rhel9-medium', {
    instancetype: kv.CommonInstancetype.U1_MEDIUM,
    preference: kv.CommonPreference.RHEL_9,
  });
  rhel9.addDisk('rootdisk', kv.DiskSource.dataSource(rhelImage, { size: Size.gibibytes(20) }), { bootOrder: 1 });
}
