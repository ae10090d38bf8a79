// Helpers for integration tests against the control plane that global-setup.ts started.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import type { ClusterState } from './cluster-handle';

/** Set by globalSetup (outside CI only) when the control-plane binaries are missing. */
export const clusterSkipReason: string | undefined = process.env.CDK8S_KUBEVIRT_CLUSTER_SKIP;

/**
 * `describe` when the control plane runs, `describe.skip` otherwise. globalSetup already
 * printed the one-line reason; in CI it fails instead, so nothing is skipped there.
 */
export const describeIfCluster: jest.Describe = clusterSkipReason ? describe.skip : describe;

export function clusterState(): ClusterState {
  const file = process.env.CDK8S_KUBEVIRT_CLUSTER_STATE;
  if (!file) throw new Error('CDK8S_KUBEVIRT_CLUSTER_STATE is not set: run through the integration jest project');
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
}

const inCi = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * Why a test may not restart a control-plane component (undefined: it may). Restarting disrupts
 * every test talking to the cluster, so it is done only on a cluster this very process started
 * (jest --runInBand: test files run one after another), never on a reused `cluster:up` cluster or
 * from a parallel worker.
 */
export function restartRefusal(): string | undefined {
  if (clusterSkipReason) return undefined;
  const state = clusterState() as ClusterState & { ownerPid?: number };
  if (state.mode !== 'jest') return 'the control plane is a reused cluster:up cluster';
  if (state.ownerPid !== process.pid) return 'test files run in parallel workers (run with --runInBand)';
  return undefined;
}

/**
 * `describeIfCluster` for tests that restart a component (see restartRefusal); outside CI they
 * are skipped with one line when the cluster is not theirs to restart, in CI they fail instead.
 */
export function describeIfRestartable(what: string): jest.Describe {
  const refusal = restartRefusal();
  if (refusal && !inCi()) {
    console.log(`${what} skipped: ${refusal}`);
    return describe.skip;
  }
  return describeIfCluster;
}

/** The admin (system:masters) identity. */
export function adminConfig(): k8s.KubeConfig {
  const file = process.env.KUBECONFIG_CDK8S_KUBEVIRT;
  if (!file) throw new Error('KUBECONFIG_CDK8S_KUBEVIRT is not set: run through the integration jest project');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/** Same cluster, as the unprivileged static-token user (no RBAC grants of its own). */
export function unprivilegedConfig(): k8s.KubeConfig {
  const admin = adminConfig();
  const { user, token } = clusterState().unprivileged;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: admin.clusters,
    users: [{ name: user, token }],
    contexts: [{ name: 'unprivileged', cluster: admin.clusters[0].name, user }],
    currentContext: 'unprivileged',
  });
  return kc;
}

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(3).toString('hex')}`;

/** Creates a fresh namespace; the namespace controller empties it when it is deleted. */
export async function createNamespace(kc: k8s.KubeConfig, prefix = 'it'): Promise<string> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const name = uniqueName(prefix);
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

export async function deleteNamespace(kc: k8s.KubeConfig, name: string): Promise<void> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.deleteNamespace({ name }).catch(() => undefined);
}

/** The ApiException a call must fail with, its Status body parsed. */
export async function apiError(call: Promise<unknown>): Promise<{ code: number; status: k8s.V1Status }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof k8s.ApiException) {
      const body = err.body as unknown;
      const status = (typeof body === 'string' ? JSON.parse(body) : body) as k8s.V1Status;
      return { code: err.code, status };
    }
    throw err;
  }
  throw new Error('expected the API call to fail, but it succeeded');
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A minimal VirtualMachine the kubevirt.io/v1 schema accepts (nothing runs it here). */
export function virtualMachine(name: string, namespace: string, extra: Record<string, unknown> = {}): k8s.KubernetesObject {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace },
    spec: {
      runStrategy: 'Halted',
      template: { spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } } },
      ...extra,
    },
  } as k8s.KubernetesObject;
}
