// A stub Partner API for session tests that behaves like the sandbox where the
// session cares: TOTP checked at the *server's* time (±1 step), a code's step
// spent on success, tokens that lapse on the server's clock, a Date header.
import { createSession, type Session, type SessionOptions } from '../../../main/session/session';
import { totpCode, totpStep } from '../../../main/session/totp';
import { silentLogger } from '../../../main/log';
import type { FakeClock } from '../../support/fake-clock';
import { startStubServer, type StubRequest, type StubResponse, type StubServer } from '../../support/stub-server';

export const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const CREDS = { password: 'pw-secret-1', client_secret: 'cs-secret-2', totp_secret: SECRET };

export interface AuthStub {
  stub: StubServer;
  clock: FakeClock;
  ttlSeconds: number;
  /** Server time minus the fake local time. */
  skewMs: number;
  lastUsedStep: number | null;
  tokens: Map<string, number>;
  /** Login attempts (accepted or not) with the code sent. */
  loginAttempts: Array<{ code: string; serverMs: number; accepted: boolean }>;
  logins(): number;
  serverNow(): number;
  /** Makes every token invalid (as if the server restarted). */
  revokeAll(): void;
  /** Answers for non-auth paths once authenticated; default `{status:true, data:['btceur']}`. */
  onApi: (req: StubRequest) => StubResponse;
  /** Overrides the login answer entirely when set. */
  onLogin?: (req: StubRequest) => StubResponse | undefined;
}

export async function startAuthStub(clock: FakeClock, options: { ttlSeconds?: number; skewMs?: number } = {}): Promise<AuthStub> {
  let counter = 0;
  const rig: AuthStub = {
    stub: undefined as unknown as StubServer,
    clock,
    ttlSeconds: options.ttlSeconds ?? 600,
    skewMs: options.skewMs ?? 0,
    lastUsedStep: null,
    tokens: new Map(),
    loginAttempts: [],
    logins: () => rig.loginAttempts.filter((a) => a.accepted).length,
    serverNow: () => clock.now() + rig.skewMs,
    revokeAll: () => rig.tokens.clear(),
    onApi: () => ({ status: 200, body: { status: true, data: ['btceur'] } }),
  };
  const date = (): Record<string, string> => ({ Date: new Date(rig.serverNow()).toUTCString() });
  rig.stub = await startStubServer((req) => {
    const now = rig.serverNow();
    if (req.path === '/v1/auth/login') {
      const override = rig.onLogin?.(req);
      if (override) return { ...override, headers: { ...date(), ...override.headers } };
      const body = req.body as { password?: string; client_secret?: string; security_code?: string };
      if (body.password !== CREDS.password || body.client_secret !== CREDS.client_secret) {
        rig.loginAttempts.push({ code: body.security_code ?? '', serverMs: now, accepted: false });
        return { status: 401, body: { message: 'These credentials do not match our records.' }, headers: date() };
      }
      const step = [-1, 0, 1].map((d) => totpStep(now) + d).find((s) => totpCode(SECRET, s * 30_000) === body.security_code);
      if (step === undefined || (rig.lastUsedStep !== null && step <= rig.lastUsedStep)) {
        rig.loginAttempts.push({ code: body.security_code ?? '', serverMs: now, accepted: false });
        const message =
          step === undefined ? 'The security code is invalid.' : 'The security code has already been used. Wait for the next code.';
        return { status: 401, body: { message }, headers: date() };
      }
      rig.lastUsedStep = step;
      rig.loginAttempts.push({ code: body.security_code ?? '', serverMs: now, accepted: true });
      const token = `token-${++counter}`;
      rig.tokens.set(token, now + rig.ttlSeconds * 1000);
      return { status: 200, body: { access_token: token, expires_in: rig.ttlSeconds }, headers: date() };
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiry = bearer ? rig.tokens.get(bearer) : undefined;
    if (expiry === undefined || expiry <= now) return { status: 401, body: { message: 'Unauthenticated.' }, headers: date() };
    if (req.path === '/v1/auth/logout') {
      rig.tokens.delete(bearer!);
      return { status: 200, body: { status: true }, headers: date() };
    }
    const answer = rig.onApi(req);
    return { ...answer, headers: { ...date(), ...answer.headers } };
  });
  return rig;
}

export function sessionFor(rig: AuthStub, overrides: Partial<SessionOptions> = {}): Session {
  return createSession({
    settings: { baseUrl: `${rig.stub.origin}/v1`, email: 'op@desk.test', client_id: 5 },
    secrets: () => Promise.resolve({ ...CREDS }),
    clock: rig.clock,
    logger: silentLogger,
    clientOptions: { logger: silentLogger, sleep: () => Promise.resolve(), retry: { maxAttempts: 2 } },
    ...overrides,
  });
}

/** A six-digit code valid for none of the steps the server accepts around `serverMs`. */
export function wrongCode(secret: string, serverMs: number): string {
  const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, serverMs + d * 30_000)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/**
 * `promise`, which must settle within `ms` of real time: a call that should
 * answer promptly fails the test with a clear message instead of hanging it.
 */
export function promptly<T>(promise: Promise<T>, ms = 2_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}
