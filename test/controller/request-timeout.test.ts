// A request's deadline (request-timeout.ts) is cleared once the request settles: before, every
// request left its timer behind, which fired later and aborted a signal nobody listened to.
import { loadClientNode } from '../../lib/controller/client-node-loader';
import { RequestDeadlineError, applyRequestTimeout, clearDeadline, isRequestTimeout } from '../../lib/controller/request-timeout';

// The first test loads the Kubernetes client library (ESM, ~1 s quiet); on a loaded machine that
// alone has passed jest's 5 s default.
jest.setTimeout(30_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function deadlineSignal(timeoutMs: number): Promise<AbortSignal> {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u', token: 'not-a-secret' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  applyRequestTimeout(kc, timeoutMs);
  const ctx = new k8s.RequestContext('https://127.0.0.1:1/api/v1/namespaces', k8s.HttpMethod.GET);
  await kc.applySecurityAuthentication(ctx);
  return ctx.getSignal() as AbortSignal;
}

describe('request deadlines', () => {
  test('a request that never settles is aborted with a RequestDeadlineError', async () => {
    const signal = await deadlineSignal(30);
    await sleep(120);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(RequestDeadlineError);
    expect(isRequestTimeout(signal.reason)).toBe(true);
    expect((signal.reason as Error).message).toBe('no response within 30ms');
  });

  test('a settled request clears its deadline: the signal is never aborted afterwards', async () => {
    const signal = await deadlineSignal(30);
    clearDeadline(signal);
    await sleep(120);
    expect(signal.aborted).toBe(false);
    clearDeadline(signal); // twice, or for a signal without a deadline: nothing happens
    clearDeadline(undefined);
  });
});
