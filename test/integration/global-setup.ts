// Starts the real control plane (etcd + kube-apiserver + kube-controller-manager, CRDs of
// ../shared/crds installed) once for the integration project, and tells the test workers
// where it is through environment variables (workers are forked after this runs).
import type { ClusterHandle } from './cluster-handle';

// Plain CommonJS so `npm run cluster:up` runs the same code without a build step.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const controlPlane = require('../../scripts/control-plane/cluster.js') as {
  startForTests(): Promise<ClusterHandle>;
};

/** CI must run the integration tests for real: there a missing control plane fails the run. */
const inCi = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

export default async function globalSetup(): Promise<void> {
  let handle: ClusterHandle;
  try {
    handle = await controlPlane.startForTests();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'NO_BINARIES' && !inCi()) {
      process.env.CDK8S_KUBEVIRT_CLUSTER_SKIP = e.message;
      // The one line that explains every skipped integration test.
      console.log(`\nintegration tests skipped: ${e.message}`);
      return;
    }
    throw err;
  }
  (globalThis as Record<string, unknown>).__cdk8sKubevirtCluster = handle;
  process.env.KUBECONFIG_CDK8S_KUBEVIRT = handle.state.kubeconfig;
  process.env.CDK8S_KUBEVIRT_CLUSTER_STATE = handle.state.stateFile;
}
