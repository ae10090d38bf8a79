// Stops the control plane globalSetup started (a reused `npm run cluster:up` cluster is left
// running). globalSetup and globalTeardown run in the same jest process, so the handle is
// passed on globalThis.
import type { ClusterHandle } from './cluster-handle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const controlPlane = require('../../scripts/control-plane/cluster.js') as {
  stopForTests(handle: ClusterHandle | undefined): Promise<void>;
};

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  await controlPlane.stopForTests(g.__cdk8sKubevirtCluster as ClusterHandle | undefined);
  delete g.__cdk8sKubevirtCluster;
}
