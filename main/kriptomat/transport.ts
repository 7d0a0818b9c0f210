// The one place that talks HTTP to Kriptomat: headers, timeout, retries,
// error mapping, response validation, request logs and the server's clock.
import type { z } from 'zod';
import { log as defaultLogger, logRequest, type Logger } from '../log';
import type { EndpointName } from './endpoints';
import { KriptomatError, errorFromResponse } from './errors';
import { backoffDelay, failedBeforeSending, parseRetryAfter, resolveRetryOptions, type RetryOptions } from './retry';
import { buildUrl, normalizeBaseUrl, type Query } from './url';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** The profile's base URL, e.g. `https://stagingapi.kminfra.net/v1`. */
  baseUrl: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Per attempt, covering the response body too. Default 15 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** How retries wait; inject a fake to test backoff without real time passing. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Local wall clock (epoch ms), for Retry-After dates. */
  now?: () => number;
  logger?: Logger;
  /** Called with the server's time (epoch ms) from the Date header of every response. */
  onServerDate?: (serverEpochMs: number) => void;
}

/**
 * How a request may be repeated:
 * - `safe`: reads; repeat on network errors, timeouts, 5xx and 429.
 * - `keyed`: orders carrying an idempotency_key; repeat the same way with the
 *   identical body, so the service answers the first result again.
 * - `once`: everything else; repeated only when the connection was refused
 *   before a byte was sent, because a lost answer may hide a done deed.
 */
export type RetryMode = 'safe' | 'keyed' | 'once';

export interface RequestSpec<S extends z.ZodType> {
  endpoint: EndpointName;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  segments: readonly string[];
  query?: Query;
  /** Absent only for login. */
  token?: string;
  body?: unknown;
  schema: S;
  retry: RetryMode;
  /** A 2xx with no body counts as `{"status": true}` (acknowledgements only). */
  emptyIsAck?: boolean;
}

export interface Transport {
  request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>>;
  /** Adds a listener for the server's time; returns its removal. */
  addServerDateListener(listener: (serverEpochMs: number) => void): () => void;
  readonly baseUrl: URL;
}

const MAX_REMEMBERED_KEYS = 1_000;

function idempotencyKeyOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const key = (body as { idempotency_key?: unknown }).idempotency_key;
  return typeof key === 'string' ? key : undefined;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retry = resolveRetryOptions(options.retry);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? defaultLogger;
  const dateListeners = new Set<(serverEpochMs: number) => void>();
  if (options.onServerDate) dateListeners.add(options.onServerDate);
  /**
   * Idempotency keys of orders an earlier attempt may have booked (sent, then no
   * answer, a 5xx or a 2xx), across calls: the session repeats a call after a 401
   * and re-login as a new call, which must still count as a replay.
   */
  const mayHaveBooked = new Set<string>();
  const noteMayHaveBooked = (key: string | undefined): void => {
    if (key === undefined) return;
    mayHaveBooked.delete(key);
    mayHaveBooked.add(key);
    // Bounded: the oldest keys go first (a Set iterates in insertion order).
    if (mayHaveBooked.size > MAX_REMEMBERED_KEYS) mayHaveBooked.delete(mayHaveBooked.values().next().value as string);
  };

  function noteServerDate(response: Response): void {
    const header = response.headers.get('date');
    if (header === null) return;
    const parsed = Date.parse(header);
    if (Number.isNaN(parsed)) return;
    // Date has whole-second resolution: the server's clock was somewhere in
    // [parsed, parsed + 1000); the middle halves the worst-case error.
    for (const listener of dateListeners) listener(parsed + 500);
  }

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const url = buildUrl(baseUrl, spec.segments, spec.query);
    const path = url.pathname + url.search;
    const headers: Record<string, string> = {
      'X-Requested-With': 'XMLHttpRequest',
      Accept: 'application/json',
    };
    if (spec.token !== undefined) {
      if (!spec.token || /[\r\n]/.test(spec.token)) {
        throw new KriptomatError({
          kind: 'unauthenticated',
          endpoint: spec.endpoint,
          message: 'There is no valid session token; sign in again.',
        });
      }
      headers.Authorization = `Bearer ${spec.token}`;
    }
    // Serialised once: a keyed order is repeated byte for byte.
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const safeToRetry = spec.retry !== 'once';
    const key = spec.retry === 'keyed' ? idempotencyKeyOf(spec.body) : undefined;

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const elapsed = (): number => performance.now() - started;
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(url.href, {
          method: spec.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          // A redirected POST would silently become a GET; treat 3xx as an error instead.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (cause) {
        const error = transportError(spec.endpoint, cause, timeoutMs, safeToRetry);
        logRequest(logger, { method: spec.method, path, ms: elapsed(), attempt, outcome: error.kind });
        const notSent = error.kind === 'network' && failedBeforeSending(cause);
        if (!notSent) noteMayHaveBooked(key);
        const repeatable = safeToRetry || notSent;
        if (repeatable && attempt < retry.maxAttempts) {
          await sleep(backoffDelay(attempt, retry, random));
          continue;
        }
        throw error;
      }
      noteServerDate(response);
      logRequest(logger, { method: spec.method, path, status: response.status, ms: elapsed(), attempt });

      // A replay: an earlier attempt, in this call or an earlier one, may have booked this order.
      const replay = key !== undefined && (attempt > 1 || mayHaveBooked.has(key));
      // A 2xx booked it; a 5xx may have (after committing); any other answer refused it.
      if (response.status < 400 || response.status >= 500) noteMayHaveBooked(key);

      if (response.status < 200 || response.status >= 300) {
        const retryAfterSeconds =
          response.status === 429 || response.status === 503
            ? parseRetryAfter(response.headers.get('retry-after'), response.headers.get('date'), now())
            : undefined;
        const error = errorFromResponse({
          endpoint: spec.endpoint,
          status: response.status,
          bodyText: text,
          safeToRetry,
          isReplay: replay,
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        });
        const transient = error.kind === 'server' || error.kind === 'rate_limited';
        if (safeToRetry && transient && attempt < retry.maxAttempts) {
          const waitMs = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoffDelay(attempt, retry, random);
          if (waitMs <= retry.maxRetryAfterMs) {
            await sleep(waitMs);
            continue;
          }
        }
        throw error;
      }
      return parseSuccess(spec, response.status, text, safeToRetry, replay);
    }
  }

  return {
    request,
    baseUrl,
    addServerDateListener(listener) {
      dateListeners.add(listener);
      return () => dateListeners.delete(listener);
    },
  };
}

function transportError(endpoint: EndpointName, cause: unknown, timeoutMs: number, safeToRetry: boolean): KriptomatError {
  const name = typeof cause === 'object' && cause !== null && 'name' in cause ? (cause as { name: unknown }).name : undefined;
  if (name === 'TimeoutError') {
    return new KriptomatError({
      kind: 'timeout',
      endpoint,
      safeToRetry,
      cause,
      message: `Kriptomat did not answer within ${Math.round(timeoutMs / 1000)} s.`,
    });
  }
  return new KriptomatError({
    kind: 'network',
    endpoint,
    safeToRetry,
    cause,
    message: "Could not reach Kriptomat; check the network connection and the environment's base URL.",
  });
}

function parseSuccess<S extends z.ZodType>(
  spec: RequestSpec<S>,
  status: number,
  text: string,
  safeToRetry: boolean,
  replay: boolean,
): z.output<S> {
  let json: unknown;
  if (text.trim() === '') {
    if (!spec.emptyIsAck) throw badResponse(spec.endpoint, status, 'the answer was empty', safeToRetry);
    json = { status: true };
  } else {
    try {
      json = JSON.parse(text);
    } catch {
      throw badResponse(spec.endpoint, status, 'the answer is not JSON', safeToRetry);
    }
  }
  if (typeof json === 'object' && json !== null && (json as { status?: unknown }).status === false) {
    throw errorFromResponse({ endpoint: spec.endpoint, status, bodyText: text, safeToRetry, isReplay: replay });
  }
  const result = spec.schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length ? issue.path.map(String).join('.') : '(root)';
    const detail = issue ? `${where}: ${issue.message}` : 'unexpected shape';
    throw badResponse(spec.endpoint, status, `field ${detail}`, safeToRetry);
  }
  return result.data as z.output<S>;
}

function badResponse(endpoint: EndpointName, status: number, detail: string, safeToRetry: boolean): KriptomatError {
  return new KriptomatError({
    kind: 'bad_response',
    endpoint,
    status,
    safeToRetry,
    message: `Kriptomat's answer to ${endpoint} was not what the desk expects (${detail}).`,
  });
}
