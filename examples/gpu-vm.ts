import { Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as kv from '../lib';

/** The GPU the cluster lets VMs use: listed in the HyperConverged's permittedHostDevices (examples/platform.ts). */
export const INFERENCE_GPU: kv.PermittedPciDevice = { pciDeviceSelector: '10DE:2236', resourceName: 'nvidia.com/GA102GL_A10' };

/**
 * A VM with a whole NVIDIA A10 passed through, for model inference: the GPU by its permitted
 * resource name, the model settings shared from a ConfigMap over virtiofs (the guest runs
 * `mount -t virtiofs model-config /etc/model`), and no live migration (a passed-through GPU pins
 * the VM to its node, so node drains shut it down instead).
 */
export function buildGpuVm(scope: Construct, image: kv.GoldenImage): kv.VirtualMachine {
  const config = new plus.ConfigMap(scope, 'model-config', {
    metadata: { name: 'model-config' },
    data: { 'serving.yaml': 'model: llama-3-8b\nmaxBatch: 8\n' },
  });
  const vm = new kv.VirtualMachine(scope, 'inference-gpu', {
    cpu: kv.CpuTopology.cores(8),
    memory: Size.gibibytes(32),
    evictionStrategy: kv.EvictionStrategy.NONE,
    gpus: [kv.Gpu.of(INFERENCE_GPU.resourceName, { tag: 'inference' })],
    watchdog: kv.Watchdog.i6300esb(kv.WatchdogAction.RESET),
  });
  vm.addDisk('rootdisk', image.diskSource({ size: Size.gibibytes(60) }), { bootOrder: 1 });
  vm.addFilesystem('model-config', kv.FilesystemSource.configMap(config));
  return vm;
}
