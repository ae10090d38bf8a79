// The errors of the Kubernetes client, in the controller's words.

/** An API error with the HTTP status and the server's Status reason, message and causes. */
export class KubeApiError extends Error {
  constructor(
    public readonly statusCode: number,
    message: string,
    public readonly reason?: string,
    public readonly causes: Array<{ type?: string; message?: string; field?: string }> = [],
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/**
 * A request the API server did not answer in time: one line naming the request (verb and
 * object), no stack trace. Transient: the controller retries it like a dropped connection.
 */
export class KubeRequestTimeoutError extends KubeApiError {
  public readonly userFacing = true;
  constructor(message: string) {
    super(0, message, 'Timeout');
    this.name = 'KubeRequestTimeoutError';
  }
}

/**
 * The API server could not say whether it serves a kind (discovery failed with something other
 * than 404: unreachable, failing, forbidden): one line naming the kind, no stack trace. A kind is
 * "not served" only when the server answered so.
 */
export class KubeDiscoveryError extends KubeApiError {
  public readonly userFacing = true;
  constructor(statusCode: number, message: string, reason?: string) {
    super(statusCode, message, reason);
    this.name = 'KubeDiscoveryError';
  }
}

/**
 * A failure of the API rather than of the object (unreachable, timed out, throttled, overloaded,
 * a proxy in between failing): the same request may succeed later.
 */
export function isTransient(err: unknown): boolean {
  const code = toApiError(err).statusCode;
  return code === 0 || code === 429 || code === 500 || code === 502 || code === 503 || code === 504;
}

/** The kubeconfig cannot be read or names no cluster: a user mistake, reported in one line. */
export class KubeConfigError extends Error {
  public readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

/** Normalises client-node's ApiException (code + JSON body) into a KubeApiError. */
export function toApiError(err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  const e = err as { code?: number; body?: unknown; message?: string };
  if (typeof e?.code === 'number') {
    let status: { message?: string; reason?: string; details?: { causes?: KubeApiError['causes'] } } = {};
    try {
      status = typeof e.body === 'string' ? JSON.parse(e.body) : (e.body as typeof status) ?? {};
    } catch {
      status = { message: String(e.body) };
    }
    return new KubeApiError(e.code, status.message ?? e.message ?? `HTTP ${e.code}`, status.reason, status.details?.causes ?? []);
  }
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, a TLS error) in `cause`.
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause ? `: ${cause.code ?? cause.message}` : '';
  return new KubeApiError(0, `${e?.message ?? String(err)}${detail}`, 'ConnectionError');
}
