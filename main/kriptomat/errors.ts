// One error type for everything the Kriptomat client can fail with. The UI acts
// on `kind` (sign in again, fix a field, wait, retry later) and shows `message`,
// which is written for an operator and never carries a credential.
import { redactText } from '../log';
import type { EndpointName } from './endpoints';

export const KRIPTOMAT_ERROR_KINDS = [
  'unauthenticated',
  'validation',
  'not_found',
  'conflict',
  'rate_limited',
  'server',
  'network',
  'timeout',
  'bad_response',
  'forbidden',
  'client',
] as const;
export type KriptomatErrorKind = (typeof KRIPTOMAT_ERROR_KINDS)[number];

export interface KriptomatErrorInit {
  kind: KriptomatErrorKind;
  message: string;
  endpoint: EndpointName | 'session';
  status?: number;
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
  /** The service's own message, when it sent one (already redacted). */
  serverMessage?: string;
  /** Whether repeating the same request cannot do anything twice (GET, or a POST with an idempotency_key). */
  safeToRetry?: boolean;
  /** An order's answer to a repeat of its idempotency key, after an earlier attempt may have booked it. */
  replay?: boolean;
  cause?: unknown;
}

export class KriptomatError extends Error {
  override readonly name = 'KriptomatError';
  readonly kind: KriptomatErrorKind;
  readonly endpoint: EndpointName | 'session';
  readonly status?: number;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;
  readonly serverMessage?: string;
  readonly safeToRetry: boolean;
  /**
   * The answer came to a repeat of an order whose earlier attempt may have been
   * booked: a refusal then does not mean the order did not take effect.
   */
  readonly replay: boolean;

  constructor(init: KriptomatErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.safeToRetry = init.safeToRetry ?? false;
    this.replay = init.replay ?? false;
    if (init.status !== undefined) this.status = init.status;
    if (init.fieldErrors !== undefined) this.fieldErrors = init.fieldErrors;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
  }
}

export function isKriptomatError(value: unknown): value is KriptomatError {
  return value instanceof KriptomatError;
}

/** What could be read from an error body, whatever its shape. */
export interface ErrorBody {
  message?: string;
  fieldErrors?: Record<string, string[]>;
}

const MAX_MESSAGE = 300;

function cleanMessage(text: string): string | undefined {
  const oneLine = redactText(text).replace(/\s+/g, ' ').trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

/**
 * Reads the error bodies of the reference's Gaps table: Laravel's
 * `{"message", "errors": {field: [..]}}`, `{"status": false, "message"}`, an
 * `error` string, a non-JSON page or nothing at all. Never throws.
 */
export function parseErrorBody(text: string): ErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return typeof body === 'string' ? withMessage({}, body) : {};
  }
  const record = body as Record<string, unknown>;
  const out: ErrorBody = {};
  const raw = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : undefined;
  if (raw !== undefined) withMessage(out, raw);
  const errors = record.errors;
  if (typeof errors === 'object' && errors !== null && !Array.isArray(errors)) {
    const fieldErrors: Record<string, string[]> = {};
    for (const [field, value] of Object.entries(errors)) {
      const list = (Array.isArray(value) ? value : [value])
        .filter((v): v is string => typeof v === 'string')
        .map((v) => cleanMessage(v))
        .filter((v): v is string => v !== undefined);
      if (list.length) fieldErrors[field] = list;
    }
    if (Object.keys(fieldErrors).length) out.fieldErrors = fieldErrors;
  }
  return out;
}

function withMessage(out: ErrorBody, raw: string): ErrorBody {
  const message = cleanMessage(raw);
  if (message !== undefined) out.message = message;
  return out;
}

function sentence(base: string, serverMessage: string | undefined): string {
  if (!serverMessage) return `${base}.`;
  const tail = /[.!?]$/.test(serverMessage) ? serverMessage : `${serverMessage}.`;
  return `${base}: ${tail}`;
}

export interface ResponseErrorContext {
  endpoint: EndpointName;
  status: number;
  bodyText: string;
  retryAfterSeconds?: number;
  safeToRetry: boolean;
  /** A repeat of an idempotency-keyed order after an earlier attempt may have reached the service. */
  isReplay: boolean;
}

/** Maps a non-2xx answer (or a 2xx with `"status": false`) to a KriptomatError. */
export function errorFromResponse(ctx: ResponseErrorContext): KriptomatError {
  const { endpoint, status } = ctx;
  const body = parseErrorBody(ctx.bodyText);
  const serverMessage = body.message;
  const common = {
    endpoint,
    status,
    safeToRetry: ctx.safeToRetry,
    replay: ctx.isReplay,
    ...(serverMessage !== undefined ? { serverMessage } : {}),
    ...(body.fieldErrors ? { fieldErrors: body.fieldErrors } : {}),
  };

  // An order repeated with its key and refused means the key is already taken:
  // by our own first attempt (whose answer was lost) or by a different order.
  if (ctx.isReplay && (status === 409 || status === 422)) {
    return new KriptomatError({
      ...common,
      kind: 'conflict',
      message: sentence(
        'Kriptomat refused a repeat of this order (same idempotency key); the first attempt may have gone through — check the transactions before placing it again',
        serverMessage,
      ),
    });
  }
  if (status === 401) {
    return new KriptomatError({
      ...common,
      kind: 'unauthenticated',
      message: sentence('Kriptomat did not accept the sign-in or the session', serverMessage),
    });
  }
  if (status === 403) {
    return new KriptomatError({
      ...common,
      kind: 'forbidden',
      message: sentence('Kriptomat does not allow this operation for the partner account', serverMessage),
    });
  }
  if (status === 404) {
    return new KriptomatError({
      ...common,
      kind: 'not_found',
      message: sentence('Kriptomat could not find what was asked for', serverMessage),
    });
  }
  if (status === 409) {
    return new KriptomatError({
      ...common,
      kind: 'conflict',
      message: sentence('Kriptomat refused the request as a conflict', serverMessage),
    });
  }
  if (status === 422) {
    return new KriptomatError({
      ...common,
      kind: 'validation',
      message: sentence('Kriptomat rejected the request', serverMessage ?? fieldSummary(body.fieldErrors)),
    });
  }
  if (status === 429) {
    const wait = ctx.retryAfterSeconds;
    return new KriptomatError({
      ...common,
      kind: 'rate_limited',
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
      message:
        wait !== undefined
          ? `Kriptomat is limiting the request rate; try again in ${Math.ceil(wait)} s.`
          : 'Kriptomat is limiting the request rate; try again shortly.',
    });
  }
  if (status >= 500) {
    return new KriptomatError({
      ...common,
      kind: 'server',
      message: sentence(`Kriptomat had a server error (HTTP ${status})`, serverMessage),
    });
  }
  if (status >= 300 && status < 400) {
    return new KriptomatError({
      ...common,
      kind: 'bad_response',
      message: `Kriptomat answered with a redirect (HTTP ${status}); check the environment's base URL.`,
    });
  }
  if (status >= 200 && status < 300) {
    // `{"status": false}` with a 2xx: the service refused without an HTTP error code.
    return new KriptomatError({ ...common, kind: 'client', message: sentence('Kriptomat refused the request', serverMessage) });
  }
  return new KriptomatError({
    ...common,
    kind: 'client',
    message: sentence(`Kriptomat refused the request (HTTP ${status})`, serverMessage),
  });
}

function fieldSummary(fieldErrors: Record<string, string[]> | undefined): string | undefined {
  if (!fieldErrors) return undefined;
  return Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
    .join('; ');
}
