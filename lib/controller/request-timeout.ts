import type { ClientNodeModule } from './client-node-loader';

type KubeConfig = InstanceType<ClientNodeModule['KubeConfig']>;
type Authenticate = (context: { setSignal(signal: AbortSignal): void }) => Promise<void>;

/** The timeout of a request the API server does not answer, when none is configured. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Gives every request `kc`'s API clients send a deadline: without one, a request on a
 * connection that silently stopped answering (a dead link, a half-open TCP connection) waits for
 * undici's 300 s defaults. The signal is set where client-node authenticates each request, the
 * one hook every generated API client shares; watches authenticate there too but use their own
 * signal (client-node gives them an inactivity timeout), so they are unaffected. 0 disables it.
 */
export function applyRequestTimeout(kc: KubeConfig, timeoutMs: number): void {
  if (!(timeoutMs > 0)) return;
  const target = kc as unknown as { applySecurityAuthentication: Authenticate };
  const authenticate = target.applySecurityAuthentication.bind(kc);
  target.applySecurityAuthentication = async (context) => {
    await authenticate(context);
    // Not AbortSignal.timeout: its reason is a DOMException, whose message client-node's
    // discovery tries to rewrite (a TypeError instead of the timeout).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new RequestDeadlineError(timeoutMs)), timeoutMs);
    timer.unref();
    deadlines.set(controller.signal, timer);
    context.setSignal(controller.signal);
  };
}

/** Each deadline's timer, by the signal it aborts: a request that settles clears its own. */
const deadlines = new WeakMap<AbortSignal, ReturnType<typeof setTimeout>>();

/**
 * Clears the deadline of a request that has settled. Without it every request left a 30 s timer
 * behind that later built an error and aborted a signal nobody listened to: after a first sync of
 * 10,000 objects, 10,000 of them fired during the next 30 s, CPU taken from drift corrections.
 */
export function clearDeadline(signal: AbortSignal | undefined): void {
  if (!signal) return;
  const timer = deadlines.get(signal);
  if (timer === undefined) return;
  clearTimeout(timer);
  deadlines.delete(signal);
}

/** The reason a request's deadline aborts it with (fetch rejects with the signal's reason). */
export class RequestDeadlineError extends Error {
  constructor(public readonly timeoutMs: number) {
    super(`no response within ${formatTimeout(timeoutMs)}`);
    this.name = 'RequestDeadlineError';
  }
}

/** True for the rejection of a request its deadline aborted. */
export function isRequestTimeout(err: unknown): boolean {
  return err instanceof RequestDeadlineError || (err as { cause?: unknown } | undefined)?.cause instanceof RequestDeadlineError;
}

/** `30s`, `1.5s`, `500ms`. */
export function formatTimeout(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(1))}s`;
}
