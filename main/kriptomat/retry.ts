// When and how long to wait before repeating a request.

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff step. Default 250 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff wait. Default 8 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller. Default 60 s. */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? 4)),
    baseDelayMs: Math.max(0, options?.baseDelayMs ?? 250),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? 8_000),
    maxRetryAfterMs: Math.max(0, options?.maxRetryAfterMs ?? 60_000),
  };
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random,
 * so many clients failing together do not retry in lockstep yet each still
 * waits a predictable minimum. `attempt` is the attempt that just failed (1-based).
 */
export function backoffDelay(attempt: number, options: ResolvedRetryOptions, random: () => number): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Retry-After as seconds: either delta-seconds or an HTTP date. A date is read
 * against the response's own Date header when there is one, so a skewed local
 * clock does not stretch or cut the wait.
 */
export function parseRetryAfter(value: string | null, serverDate: string | null, localNowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  const serverNow = serverDate !== null ? Date.parse(serverDate) : NaN;
  const reference = Number.isNaN(serverNow) ? localNowMs : serverNow;
  return Math.max(0, (at - reference) / 1000);
}

/** Connection failures where the request certainly never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function codeOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Whether a fetch failure happened before any byte of the request was sent.
 * undici reports `TypeError('fetch failed')` with the socket error as `cause`,
 * or an AggregateError of one error per address tried.
 */
export function failedBeforeSending(error: unknown): boolean {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? (error as { cause: unknown }).cause : undefined;
  const code = codeOf(cause) ?? codeOf(error);
  if (code !== undefined) return NOT_SENT_CODES.has(code);
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return cause.errors.every((e) => NOT_SENT_CODES.has(codeOf(e) ?? ''));
  }
  return false;
}
