// One profile's Kriptomat session:
//
//   signed-out → signing-in → active(expiresAt) → refreshing → active
//                     ↘ error(message) ↙
//
// It logs in with email/client_id from settings and password, client_secret and
// the TOTP secret from the vault (asked for on each login, never kept), renews
// the token before it lapses, and lets any number of concurrent callers share
// one login. TOTP codes are computed at the *server's* time: the offset between
// our clock and the Date header of every response.
import type { SessionSnapshot } from '../../shared/desk-api';
import { createKriptomatClient, type KriptomatClient, type KriptomatClientOptions } from '../kriptomat/client';
import { KriptomatError, isKriptomatError } from '../kriptomat/errors';
import { log as defaultLogger, type Logger } from '../log';
import { settlesWithin, sleepOn, systemClock, type Clock, type TimerHandle, MAX_TIMER_MS } from './clock';
import { SessionError } from './errors';
import { expiryGuard, renewalMargin as defaultRenewalMargin } from './renewal';
import { msUntilNextStep, totpCode, totpStep } from './totp';

export interface SessionSettings {
  baseUrl: string;
  email: string;
  client_id: number;
}

export interface SessionSecrets {
  password: string;
  client_secret: string;
  /** Without it the operator is asked for each code (`promptTotp`). */
  totp_secret?: string | null;
}

export type TotpPromptReason = 'sign-in' | 'renewal' | 'rejected';

export interface TotpPromptRequest {
  reason: TotpPromptReason;
  /** When the current token lapses (renewal), by the local clock. */
  expiresAt: number | null;
  /** Why the last typed code was refused, in the service's words (reason `rejected`). */
  refusal?: string;
}

/** Codes the operator may type for one login: room for a typo or two, too few to get the account locked. */
export const MAX_TYPED_CODES = 3;

/** How long logout waits for the API: quitting must not wait out the client's 15 s timeout. */
export const LOGOUT_TIMEOUT_MS = 2_000;

/** Where the session is, with what each state carries. */
export type SessionPhase =
  | { status: 'signed-out' }
  | { status: 'signing-in' }
  | { status: 'active'; expiresAt: number }
  | { status: 'refreshing'; expiresAt: number }
  | { status: 'error'; message: string };

/**
 * Everything an observer may know (no token, no secret): the shared snapshot,
 * plus the phase it is read from and the server's clock offset.
 */
export interface SessionDetail extends SessionSnapshot {
  phase: SessionPhase;
  /** Server time minus local time, from the Date headers (0 until the first response). */
  serverOffsetMs: number;
}

export interface SessionOptions {
  settings: SessionSettings;
  /** Read from the vault at each login; nothing of it is kept afterwards. */
  secrets: () => Promise<SessionSecrets>;
  /** Asks the operator for a code when no TOTP secret is stored. */
  promptTotp?: (request: TotpPromptRequest) => Promise<string>;
  clock?: Clock;
  /** An existing client for `settings.baseUrl`; otherwise one is made with `clientOptions`. */
  client?: KriptomatClient;
  clientOptions?: Omit<KriptomatClientOptions, 'baseUrl'>;
  logger?: Logger;
  /** How long before expiry to renew, given the token's lifetime. */
  renewalMargin?: (ttlMs: number) => number;
  /** After a failed renewal while the token still works, try again after this long. Default 15 s. */
  renewalRetryMs?: number;
  /** How long `logout` waits for the API before forgetting the token anyway. Default LOGOUT_TIMEOUT_MS. */
  logoutTimeoutMs?: number;
}

export interface Session {
  readonly client: KriptomatClient;
  snapshot(): SessionDetail;
  /** Called with a new snapshot on every change; returns the removal. */
  subscribe(listener: (snapshot: SessionDetail) => void): () => void;
  /**
   * Signs in (again after a logout); resolves when active. While a login already
   * waits for the operator's code it fails at once instead of waiting too.
   */
  signIn(): Promise<void>;
  /**
   * A token that is valid now; logs in first when needed, one login for any
   * number of callers. Never waits for the operator: once a login asks for a
   * typed code, its waiting callers fail with "waiting for the authenticator code".
   */
  getToken(): Promise<string>;
  /**
   * Runs `call` with a token. On a 401 the session logs in again once; the call
   * is repeated once only when that is safe (a GET, or an order with its
   * idempotency_key) — otherwise the 401 is rethrown with the session renewed.
   */
  authorized<T>(call: (token: string) => Promise<T>): Promise<T>;
  /** Logs out at the API and forgets the token, even when the API call fails or does not answer in time. */
  logout(): Promise<void>;
  /** Stops timers and refuses further calls. Does not log out. */
  dispose(): void;
  /** Resolves when no login is in flight (tests and shutdown). */
  idle(): Promise<void>;
}

type LoginResult = { access_token: string; expires_in: number; startedAt: number };

interface TokenInfo {
  value: string;
  expiresAt: number;
  ttlMs: number;
}

/** Whether a refused login is worth one more try with a fresh code. */
function isCodeRefusal(error: unknown): boolean {
  if (!isKriptomatError(error)) return false;
  if (error.kind === 'validation') return error.fieldErrors?.security_code !== undefined;
  if (error.kind !== 'unauthenticated') return false;
  const message = (error.serverMessage ?? '').toLowerCase();
  if (/code|2fa|otp|authenticator/.test(message)) return true;
  // Wrong password or client: a new code would not help.
  if (/credential|password|client|e-?mail/.test(message)) return false;
  // Nothing to tell them apart: a second try costs at most one step's wait.
  return true;
}

/** The service's reason for refusing a code, as plainly as it gave one. */
function refusalOf(error: unknown): string {
  if (!isKriptomatError(error)) return error instanceof Error ? error.message : 'The code was refused.';
  return error.fieldErrors?.security_code?.[0] ?? error.serverMessage ?? error.message;
}

function waitingForCode(): SessionError {
  return new SessionError(
    'unauthenticated',
    'Sign-in is waiting for the authenticator code. Enter it in the sign-in dialog, then try again.',
  );
}

/** Failures that may pass by themselves; anything else (refused credentials, no code) needs the operator. */
function isTransient(error: unknown): boolean {
  return isKriptomatError(error) && ['network', 'timeout', 'server', 'rate_limited'].includes(error.kind);
}

export function createSession(options: SessionOptions): Session {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? defaultLogger;
  const marginFor = options.renewalMargin ?? defaultRenewalMargin;
  const renewalRetryMs = options.renewalRetryMs ?? 15_000;
  const logoutTimeoutMs = options.logoutTimeoutMs ?? LOGOUT_TIMEOUT_MS;
  const client =
    options.client ??
    createKriptomatClient({ ...options.clientOptions, logger: options.clientOptions?.logger ?? logger, baseUrl: options.settings.baseUrl });

  let state: SessionPhase = { status: 'signed-out' };
  let token: TokenInfo | null = null;
  let inflight: Promise<TokenInfo> | null = null;
  let renewTimer: TimerHandle | undefined;
  let serverOffsetMs = 0;
  let logins = 0;
  let lastRenewedAtMs: number | null = null;
  let needsTotp = false;
  /** Callers waiting for the login in flight; released with an error once it waits for the operator. */
  const loginWaiters = new Set<(error: Error) => void>();
  /** The TOTP step of the last code that logged in: the server refuses it and any earlier one. */
  let lastUsedStep: number | null = null;
  let signedOutByOperator = false;
  /**
   * Set when a login was refused for a reason that will not pass by itself:
   * calls then fail at once instead of each trying (and failing) a login,
   * which could get the partner account locked. `signIn()` clears it.
   */
  let refusedLogin: string | null = null;
  let disposed = false;
  /** Bumped by logout/dispose: a login finishing after it is discarded. */
  let generation = 0;
  const listeners = new Set<(snapshot: SessionDetail) => void>();

  const removeDateListener = client.addServerDateListener((serverMs) => {
    serverOffsetMs = serverMs - clock.now();
  });
  const serverNow = (): number => clock.now() + serverOffsetMs;

  function snapshot(): SessionDetail {
    return {
      phase: state,
      state: state.status,
      expiresAtMs: state.status === 'active' || state.status === 'refreshing' ? state.expiresAt : null,
      lastRenewedAtMs,
      logins,
      error: state.status === 'error' ? state.message : null,
      needsTotp,
      serverOffsetMs,
    };
  }

  function emit(): void {
    const snap = snapshot();
    for (const listener of [...listeners]) {
      try {
        listener(snap);
      } catch (error) {
        logger.error('session listener failed', { error });
      }
    }
  }

  function setState(next: SessionPhase): void {
    state = next;
    emit();
  }

  function setNeedsTotp(value: boolean): void {
    if (needsTotp === value) return;
    needsTotp = value;
    emit();
  }

  function usable(t: TokenInfo | null): t is TokenInfo {
    return t !== null && clock.now() < t.expiresAt - expiryGuard(t.ttlMs);
  }

  function clearRenewal(): void {
    if (renewTimer !== undefined) clock.clearTimeout(renewTimer);
    renewTimer = undefined;
  }

  function scheduleRenewal(delayMs: number): void {
    clearRenewal();
    renewTimer = clock.setTimeout(
      () => {
        renewTimer = undefined;
        login('renewal').catch(() => {
          // Reported through the state; a failure with a working token is retried by doLogin.
        });
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_MS),
    );
  }

  async function askOperator(request: TotpPromptRequest): Promise<string> {
    if (!options.promptTotp) {
      throw new SessionError(
        'unauthenticated',
        'No TOTP secret is stored for this environment; add it in the credentials or enter a code.',
      );
    }
    setNeedsTotp(true);
    // The operator may take any time (or be away): nobody else waits for them.
    for (const release of [...loginWaiters]) release(waitingForCode());
    loginWaiters.clear();
    try {
      return (await options.promptTotp(request)).trim();
    } finally {
      setNeedsTotp(false);
    }
  }

  /** The login in flight as one caller waits for it: failing as soon as it turns to the operator. */
  function awaitLogin(flight: Promise<TokenInfo>): Promise<TokenInfo> {
    if (needsTotp) return Promise.reject(waitingForCode());
    return new Promise((resolve, reject) => {
      loginWaiters.add(reject);
      flight.then(resolve, reject).finally(() => loginWaiters.delete(reject));
    });
  }

  /** Typed codes: each refusal asks again (saying why), up to MAX_TYPED_CODES in all. */
  async function typedCodeLogin(
    send: (code: string) => Promise<LoginResult>,
    request: TotpPromptRequest,
    myGeneration: number,
  ): Promise<LoginResult> {
    const { expiresAt } = request;
    for (let typed = 1; ; typed++) {
      const code = await askOperator(request);
      try {
        return await send(code);
      } catch (error) {
        // Signed out meanwhile: nobody wants this login any more, so do not ask again.
        if (!isCodeRefusal(error) || typed >= MAX_TYPED_CODES || myGeneration !== generation) throw error;
        request = { reason: 'rejected', expiresAt, refusal: refusalOf(error) };
      }
    }
  }

  /** A code the server has not seen used: waits for the next step when ours was spent already. */
  async function generatedCode(secret: string): Promise<{ code: string; step: number }> {
    if (lastUsedStep !== null && totpStep(serverNow()) <= lastUsedStep) {
      // Just past the boundary, by a margin for the Date header's one-second resolution.
      const waitMs = (lastUsedStep + 1) * 30_000 - serverNow() + 500;
      logger.info(`session: waiting ${Math.ceil(waitMs / 1000)} s for a fresh TOTP code`);
      await sleepOn(clock, waitMs);
    }
    const at = serverNow();
    return { code: totpCode(secret, at), step: totpStep(at) };
  }

  async function loginWith(
    secrets: SessionSecrets,
    reason: TotpPromptReason,
    expiresAt: number | null,
    myGeneration: number,
  ): Promise<LoginResult> {
    const send = async (code: string): Promise<LoginResult> => {
      // Expiry is counted from before the request left: never later than the server's.
      const startedAt = clock.now();
      const response = await client.login({
        email: options.settings.email,
        password: secrets.password,
        client_id: options.settings.client_id,
        client_secret: secrets.client_secret,
        security_code: code,
      });
      return { ...response, startedAt };
    };

    const secret = secrets.totp_secret?.trim() ? secrets.totp_secret : null;
    if (secret === null) return typedCodeLogin(send, { reason, expiresAt }, myGeneration);

    const first = await generatedCode(secret);
    try {
      const result = await send(first.code);
      lastUsedStep = first.step;
      return result;
    } catch (error) {
      if (!isCodeRefusal(error)) throw error;
      // The refusal's Date header has corrected our offset. A code for another
      // step can go at once (our clock was off); the same code means it was
      // spent, so wait for the next step. Either way: one more try, no more.
      let second = { code: totpCode(secret, serverNow()), step: totpStep(serverNow()) };
      if (second.code === first.code) {
        const waitMs = msUntilNextStep(serverNow()) + 500;
        logger.info(`session: TOTP code refused; waiting ${Math.ceil(waitMs / 1000)} s for the next one`);
        await sleepOn(clock, waitMs);
        second = { code: totpCode(secret, serverNow()), step: totpStep(serverNow()) };
      }
      const result = await send(second.code);
      lastUsedStep = second.step;
      return result;
    }
  }

  async function doLogin(reason: TotpPromptReason, myGeneration: number): Promise<TokenInfo> {
    const previous = usable(token) ? token : null;
    setState(previous ? { status: 'refreshing', expiresAt: previous.expiresAt } : { status: 'signing-in' });
    try {
      const secrets = await options.secrets();
      const result = await loginWith(secrets, previous ? 'renewal' : reason, previous?.expiresAt ?? null, myGeneration);
      if (myGeneration !== generation) {
        // Logged out (or disposed) meanwhile: close the session we just opened.
        client.logout(result.access_token).catch(() => {});
        throw new SessionError('signed_out', 'Signed out while signing in.');
      }
      const ttlMs = result.expires_in * 1000;
      const fresh: TokenInfo = { value: result.access_token, expiresAt: result.startedAt + ttlMs, ttlMs };
      token = fresh;
      logins++;
      lastRenewedAtMs = result.startedAt;
      logger.info(`session: signed in, token valid for ${Math.round(result.expires_in)} s`);
      setState({ status: 'active', expiresAt: fresh.expiresAt });
      scheduleRenewal(fresh.expiresAt - marginFor(ttlMs) - clock.now());
      return fresh;
    } catch (error) {
      if (myGeneration !== generation) throw error;
      const message = error instanceof Error ? error.message : 'Signing in failed.';
      if (!isTransient(error)) refusedLogin = message;
      if (usable(token)) {
        // Renewal failed but the token still works: keep it; try again later if that can help.
        setState({ status: 'active', expiresAt: token.expiresAt });
        if (refusedLogin === null) {
          logger.warn(`session: renewal failed, retrying: ${message}`);
          const left = token.expiresAt - clock.now();
          scheduleRenewal(Math.min(renewalRetryMs, Math.max(1_000, left / 2)));
        } else {
          logger.warn(`session: renewal refused, the session ends when the token lapses: ${message}`);
        }
      } else {
        token = null;
        clearRenewal();
        logger.warn(`session: sign-in failed: ${message}`);
        setState({ status: 'error', message });
      }
      throw error;
    }
  }

  /** Single flight: every caller during a login waits for the same one. */
  function login(reason: TotpPromptReason): Promise<TokenInfo> {
    if (disposed) return Promise.reject(new SessionError('signed_out', 'The session was closed.'));
    if (!inflight) {
      const flight = doLogin(reason, generation).finally(() => {
        if (inflight === flight) inflight = null;
      });
      inflight = flight;
    }
    return inflight;
  }

  async function getToken(): Promise<string> {
    if (disposed) throw new SessionError('signed_out', 'The session was closed.');
    if (usable(token)) return token.value;
    if (signedOutByOperator) throw new SessionError('signed_out', 'Signed out. Sign in to continue.');
    if (refusedLogin !== null) throw new SessionError('signed_out', `Signing in failed (${refusedLogin}) Sign in again to retry.`);
    return (await awaitLogin(login('sign-in'))).value;
  }

  async function authorized<T>(call: (token: string) => Promise<T>): Promise<T> {
    const used = await getToken();
    try {
      return await call(used);
    } catch (error) {
      if (!(error instanceof KriptomatError) || error.kind !== 'unauthenticated') throw error;
      // Only the first of many callers refused with the same token drops it;
      // the rest find the new one (or the login in flight).
      if (token?.value === used) {
        token = null;
        clearRenewal();
      }
      if (!error.safeToRetry) {
        // Not repeatable (it may have done something): renew for the next call, report this one.
        await getToken().catch(() => undefined);
        throw error;
      }
      return call(await getToken());
    }
  }

  async function logout(): Promise<void> {
    signedOutByOperator = true;
    generation++;
    inflight = null;
    clearRenewal();
    setNeedsTotp(false);
    const current = token;
    token = null;
    try {
      if (current && clock.now() < current.expiresAt && !(await settlesWithin(clock, client.logout(current.value), logoutTimeoutMs))) {
        logger.warn(`session: logout at the API did not answer within ${logoutTimeoutMs / 1000} s; the token lapses on its own`);
      }
    } catch (error) {
      // The token is forgotten either way; it lapses on its own at the server.
      logger.warn('session: logout at the API failed', { error });
    } finally {
      setState({ status: 'signed-out' });
    }
  }

  return {
    client,
    snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async signIn() {
      if (disposed) throw new SessionError('signed_out', 'The session was closed.');
      signedOutByOperator = false;
      refusedLogin = null;
      if (usable(token)) return;
      // The question is out already (the operator dismissed it, or a page reloaded): say so instead of joining the wait.
      if (needsTotp) throw waitingForCode();
      await login('sign-in');
    },
    getToken,
    authorized,
    logout,
    dispose() {
      disposed = true;
      generation++;
      inflight = null;
      clearRenewal();
      removeDateListener();
      listeners.clear();
    },
    idle() {
      const flight = inflight;
      return flight
        ? flight.then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve();
    },
  };
}
