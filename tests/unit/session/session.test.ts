import { afterEach, describe, expect, it } from 'vitest';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { SessionError } from '../../../main/session/errors';
import { MAX_TYPED_CODES, type Session, type SessionDetail, type TotpPromptRequest } from '../../../main/session/session';
import { totpCode, totpStep } from '../../../main/session/totp';
import { captureLog } from '../../support/log-capture';
import { FakeClock, flushEventLoop } from '../../support/fake-clock';
import { CREDS, SECRET, deferred, promptly, sessionFor, startAuthStub, wrongCode, type AuthStub } from './helpers';

// Start 10 s into a TOTP step so a same-step wait is visible but short.
const START = Date.UTC(2026, 0, 15, 9, 0, 10);

describe('session', () => {
  let rig: AuthStub | undefined;
  let session: Session | undefined;
  afterEach(async () => {
    session?.dispose();
    session = undefined;
    await rig?.stub.close();
    rig = undefined;
  });

  async function setUp(options: { ttlSeconds?: number; skewMs?: number } = {}, overrides: Parameters<typeof sessionFor>[1] = {}) {
    const clock = new FakeClock(START);
    rig = await startAuthStub(clock, options);
    session = sessionFor(rig, overrides);
    const s = session;
    clock.settle = () => s.idle();
    return { clock, rig, session: s };
  }

  it('50 concurrent getToken calls cause exactly one login', async () => {
    const { rig, session } = await setUp();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => session.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(rig.loginAttempts).toHaveLength(1);
    expect(session.snapshot()).toMatchObject({ state: 'active', logins: 1, expiresAtMs: START + 600_000, lastRenewedAtMs: START });
  });

  it('goes signed-out → signing-in → active → refreshing → active, renewing one margin before expiry', async () => {
    const { clock, rig, session } = await setUp({ ttlSeconds: 600 });
    const seen: string[] = [];
    session.subscribe((s: SessionDetail) => seen.push(s.state));
    expect(session.snapshot().state).toBe('signed-out');
    await session.signIn();
    // The margin for a 10-minute token is 60 s: the renewal timer is at 540 s.
    expect(clock.pendingTimers()).toEqual([START + 540_000]);
    await clock.advance(539_000);
    expect(rig.logins()).toBe(1);
    await clock.advance(2_000);
    expect(rig.logins()).toBe(2);
    expect(session.snapshot()).toMatchObject({ state: 'active', expiresAtMs: START + 540_000 + 600_000, logins: 2 });
    expect(clock.pendingTimers()).toEqual([START + 540_000 + 540_000]);
    expect(seen).toEqual(['signing-in', 'active', 'refreshing', 'active']);
    // The old token was handed out until the new one arrived; now the new one is.
    expect(await session.getToken()).toBe('token-2');
  });

  it('keeps renewing through a whole day on the fake clock', async () => {
    const { clock, rig, session } = await setUp({ ttlSeconds: 600 });
    await session.signIn();
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      await clock.advance(600_000);
      await expect(session.authorized((t) => session.client.pairs(t))).resolves.toEqual(['btceur']);
    }
    // One login, then one every 540 s for 24 h: 1 + floor(86 400 / 540) = 161.
    expect(rig.logins()).toBe(161);
  });

  it('a 401 on a GET causes one re-login and one retry', async () => {
    const { clock, rig, session } = await setUp();
    await session.signIn();
    rig.revokeAll();
    const pairsCalls = (): number => rig!.stub.requests.filter((r) => r.path === '/v1/pairs').length;
    // The re-login falls in the same TOTP step as the first one: the session waits for the next code.
    const result = await clock.runUntil(session.authorized((t) => session.client.pairs(t)));
    expect(result).toEqual(['btceur']);
    expect(pairsCalls()).toBe(2);
    expect(rig.logins()).toBe(2);
    expect(rig.loginAttempts.every((a) => a.accepted)).toBe(true); // waited instead of sending a spent code
    expect(clock.now()).toBeGreaterThanOrEqual(START + 20_000); // the next step began at +20 s
  });

  it('concurrent 401s with the same token share one re-login', async () => {
    const { clock, rig, session } = await setUp();
    await session.signIn();
    rig.revokeAll();
    const results = await clock.runUntil(Promise.all(Array.from({ length: 20 }, () => session.authorized((t) => session.client.pairs(t)))));
    expect(results).toHaveLength(20);
    expect(rig.logins()).toBe(2);
  });

  it('a 401 on a request that is not safe to repeat renews the session but is not retried', async () => {
    const { clock, rig, session } = await setUp();
    rig.onApi = () => ({ status: 200, body: { status: true, data: { id: 6 } } });
    await session.signIn();
    rig.revokeAll();
    const attempt = session.authorized((t) => session.client.createUser(t, { email: 'a@b.c', name: 'A', surname: 'B', phone: '1' }));
    const error = await clock.runUntil(attempt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KriptomatError);
    expect(error).toMatchObject({ kind: 'unauthenticated', endpoint: 'createUser' });
    expect(rig.stub.requests.filter((r) => r.path === '/v1/users')).toHaveLength(1);
    expect(rig.logins()).toBe(2);
    expect(session.snapshot().state).toBe('active');
  });

  it('an order refused with 401 is retried once with the same idempotency key', async () => {
    const { clock, rig, session } = await setUp();
    rig.onApi = () => ({ status: 200, body: { status: true, data: { transaction_id: 77 } } });
    await session.signIn();
    rig.revokeAll();
    const order = { amount: '10.00', pair: 'btceur', idempotency_key: 'ord-1' };
    expect(await clock.runUntil(session.authorized((t) => session.client.buy(t, 1, order)))).toEqual({ transaction_id: 77 });
    const buys = rig.stub.requests.filter((r) => r.path === '/v1/users/1/buy');
    expect(buys.map((r) => (r.body as { idempotency_key: string }).idempotency_key)).toEqual(['ord-1', 'ord-1']);
  });

  it('a code refused as already used waits for the next step and tries once more', async () => {
    const { clock, rig, session } = await setUp();
    // Someone (another desk) spent this step's code already.
    rig.lastUsedStep = totpStep(START);
    const token = await clock.runUntil(session.getToken(), { stepMs: 500 });
    expect(token).toBe('token-1');
    expect(rig.loginAttempts.map((a) => a.accepted)).toEqual([false, true]);
    expect(rig.loginAttempts[0]!.code).toBe(totpCode(SECRET, START));
    expect(totpStep(rig.loginAttempts[1]!.serverMs)).toBe(totpStep(START) + 1);
    expect(rig.loginAttempts[1]!.code).toBe(totpCode(SECRET, (totpStep(START) + 1) * 30_000));
  });

  it('two refusals in a row end in the error state with the service message', async () => {
    const { clock, rig, session } = await setUp();
    rig.onLogin = () => ({ status: 401, body: { message: 'The security code is invalid.' } });
    const error = await clock.runUntil(session.getToken(), { stepMs: 500 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthenticated', endpoint: 'login' });
    expect(rig.stub.requests.filter((r) => r.path === '/v1/auth/login')).toHaveLength(2);
    expect(session.snapshot()).toMatchObject({ state: 'error' });
    expect(session.snapshot().error).toContain('security code is invalid');
  });

  it('wrong credentials are not retried', async () => {
    const { rig, session } = await setUp({}, { secrets: () => Promise.resolve({ ...CREDS, password: 'wrong' }) });
    await expect(session.getToken()).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(rig.loginAttempts).toHaveLength(1);
    expect(session.snapshot().error).toContain('credentials do not match');
    // Later calls do not hammer the login (an account could get locked): they fail until signIn().
    await expect(session.getToken()).rejects.toMatchObject({ name: 'SessionError', kind: 'signed_out' });
    expect(rig.loginAttempts).toHaveLength(1);
    await expect(session.signIn()).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(rig.loginAttempts).toHaveLength(2);
  });

  it('a transient sign-in failure (server down) lets the next call try again', async () => {
    const { rig, session } = await setUp();
    rig.onLogin = () => ({ status: 503, body: 'down' });
    await expect(session.getToken()).rejects.toMatchObject({ kind: 'server' });
    rig.onLogin = undefined;
    expect(await session.getToken()).toBe('token-1');
  });

  it('learns clock skew from the Date header: a server 90 s ahead still accepts the second code at once', async () => {
    const { clock, rig, session } = await setUp({ skewMs: 90_000 });
    expect(await session.getToken()).toBe('token-1');
    expect(clock.now()).toBe(START); // no wait was needed: the corrected code is for another step
    expect(rig.loginAttempts.map((a) => a.accepted)).toEqual([false, true]);
    expect(Math.abs(session.snapshot().serverOffsetMs - 90_000)).toBeLessThanOrEqual(1_500);
    // Later logins use the offset from the start.
    rig.revokeAll();
    await clock.advance(60_000);
    await session.authorized((t) => session.client.pairs(t));
    expect(rig.loginAttempts.map((a) => a.accepted)).toEqual([false, true, true]);
  });

  it('asks the operator for a code when no TOTP secret is stored, ahead of expiry for renewals', async () => {
    const prompts: TotpPromptRequest[] = [];
    const snapshots: boolean[] = [];
    const box: { clock?: FakeClock } = {};
    const { clock, rig, session } = await setUp(
      { ttlSeconds: 600 },
      {
        secrets: () => Promise.resolve({ password: CREDS.password, client_secret: CREDS.client_secret }),
        promptTotp: (request) => {
          prompts.push(request);
          return Promise.resolve(totpCode(SECRET, box.clock!.now()));
        },
      },
    );
    box.clock = clock;
    session.subscribe((s) => snapshots.push(s.needsTotp));
    await session.signIn();
    expect(prompts).toEqual([{ reason: 'sign-in', expiresAt: null }]);
    await clock.advance(541_000);
    expect(prompts[1]).toEqual({ reason: 'renewal', expiresAt: START + 600_000 });
    expect(rig.logins()).toBe(2);
    expect(snapshots).toContain(true);
    expect(session.snapshot().needsTotp).toBe(false);
  });

  it('without a TOTP secret and without a way to ask, sign-in fails with a clear reason', async () => {
    const { rig, session } = await setUp(
      {},
      { secrets: () => Promise.resolve({ password: CREDS.password, client_secret: CREDS.client_secret }) },
    );
    await expect(session.signIn()).rejects.toBeInstanceOf(SessionError);
    expect(rig.loginAttempts).toHaveLength(0);
    expect(session.snapshot().error).toContain('No TOTP secret');
  });

  it('a failed renewal keeps the working token and tries again', async () => {
    const { clock, rig, session } = await setUp({ ttlSeconds: 600 });
    await session.signIn();
    rig.onLogin = () => ({ status: 503, body: 'maintenance' });
    await clock.advance(541_000);
    expect(session.snapshot()).toMatchObject({ state: 'active', expiresAtMs: START + 600_000 });
    expect(await session.getToken()).toBe('token-1');
    rig.onLogin = undefined;
    await clock.advance(16_000); // the retry after 15 s
    expect(rig.logins()).toBe(2);
    expect(await session.getToken()).toBe('token-2');
  });

  it('logout calls the API and forgets the token, even when the call fails', async () => {
    const { clock, rig, session } = await setUp();
    await session.signIn();
    await session.logout();
    expect(rig.stub.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/auth/logout' });
    expect(rig.tokens.size).toBe(0);
    expect(session.snapshot().state).toBe('signed-out');
    await expect(session.getToken()).rejects.toMatchObject({ name: 'SessionError', kind: 'signed_out' });

    // Signing in again in the same TOTP step waits for the next code.
    await clock.runUntil(session.signIn());
    expect(rig.logins()).toBe(2);
    rig.revokeAll(); // the API will refuse the logout
    await session.logout();
    expect(session.snapshot().state).toBe('signed-out');
    await expect(session.getToken()).rejects.toMatchObject({ kind: 'signed_out' });
  });

  it('dispose clears the renewal timer and refuses further calls', async () => {
    const { clock, session } = await setUp();
    await session.signIn();
    expect(clock.pendingTimers()).toHaveLength(1);
    session.dispose();
    expect(clock.pendingTimers()).toHaveLength(0);
    await expect(session.getToken()).rejects.toMatchObject({ kind: 'signed_out' });
  });

  it('logs a sign-in without the password, client secret, TOTP code or token', async () => {
    const captured = captureLog();
    const { rig, session } = await setUp({}, { logger: captured.logger, clientOptions: { logger: captured.logger } });
    const token = await session.getToken();
    await session.authorized((t) => session.client.pairs(t));
    const text = captured.text();
    expect(text).toContain('POST /v1/auth/login 200');
    expect(text).toContain('GET /v1/pairs 200');
    for (const secret of [CREDS.password, CREDS.client_secret, SECRET, rig.loginAttempts[0]!.code, token])
      expect(text).not.toContain(secret);
  });

  describe('with codes typed by the operator', () => {
    const noTotpSecret = () => Promise.resolve({ password: CREDS.password, client_secret: CREDS.client_secret });

    /** A session whose every question stays open until the test answers it. */
    async function typedSetUp(overrides: Parameters<typeof sessionFor>[1] = {}) {
      const asked: Array<{ request: TotpPromptRequest; answer: (code: string) => void }> = [];
      const set = await setUp(
        {},
        {
          secrets: noTotpSecret,
          promptTotp: (request) =>
            new Promise<string>((resolve) => {
              asked.push({ request, answer: resolve });
            }),
          ...overrides,
        },
      );
      // The default settle waits for the login, which here waits for the test.
      set.clock.settle = () => flushEventLoop();
      return { ...set, asked };
    }

    it('a wrong code is refused with the reason, the operator is asked again, and the next code signs in', async () => {
      const { clock, rig, session, asked } = await typedSetUp();
      const signingIn = session.signIn();
      await flushEventLoop();
      expect(asked.map((a) => a.request)).toEqual([{ reason: 'sign-in', expiresAt: null }]);
      asked[0]!.answer(wrongCode(SECRET, clock.now()));
      await flushEventLoop(20);
      expect(asked[1]?.request).toEqual({ reason: 'rejected', expiresAt: null, refusal: 'The security code is invalid.' });
      expect(session.snapshot()).toMatchObject({ state: 'signing-in', needsTotp: true });
      asked[1]!.answer(totpCode(SECRET, clock.now()));
      await promptly(signingIn);
      expect(session.snapshot()).toMatchObject({ state: 'active', needsTotp: false, logins: 1 });
      expect(rig.loginAttempts.map((a) => a.accepted)).toEqual([false, true]);
    });

    it(`stops asking after ${MAX_TYPED_CODES} refused codes: the sign-in ends in the error state`, async () => {
      const { clock, rig, session, asked } = await typedSetUp();
      const signingIn = session.signIn().catch((e: unknown) => e);
      for (let i = 0; i < MAX_TYPED_CODES; i++) {
        await flushEventLoop(20);
        asked[i]!.answer(wrongCode(SECRET, clock.now()));
      }
      expect(await promptly(signingIn)).toMatchObject({ kind: 'unauthenticated', endpoint: 'login' });
      expect(asked).toHaveLength(MAX_TYPED_CODES);
      expect(rig.loginAttempts).toHaveLength(MAX_TYPED_CODES);
      expect(session.snapshot()).toMatchObject({ state: 'error', needsTotp: false });
    });

    it('while a code is awaited, other callers fail at once instead of waiting for the operator', async () => {
      const secrets = deferred<void>();
      const { clock, session, asked } = await typedSetUp({
        secrets: async () => {
          await secrets.promise;
          return noTotpSecret();
        },
      });
      const signingIn = session.signIn();
      // Joins the login before it asks: released when it does.
      const early = session.getToken().catch((e: unknown) => e);
      secrets.resolve();
      expect(await promptly(early)).toMatchObject({
        name: 'SessionError',
        kind: 'unauthenticated',
        message: expect.stringContaining('waiting for the authenticator code'),
      });
      expect(asked).toHaveLength(1);
      // Arriving while it asks: refused at once, no second question, no time passing.
      const startedAt = clock.now();
      await expect(promptly(session.getToken())).rejects.toThrow(/waiting for the authenticator code/);
      await expect(promptly(session.authorized((t) => session.client.pairs(t)))).rejects.toThrow(/waiting for the authenticator code/);
      await expect(promptly(session.signIn())).rejects.toThrow(/waiting for the authenticator code/);
      expect(asked).toHaveLength(1);
      expect(clock.now()).toBe(startedAt);
      // The code arrives: the login that asked completes, and calls work again.
      asked[0]!.answer(totpCode(SECRET, clock.now()));
      await promptly(signingIn);
      expect(await session.getToken()).toBe('token-1');
    });

    it('logging out while a code is awaited leaves a state from which signing in works', async () => {
      const { clock, session, asked } = await typedSetUp();
      const first = session.signIn().catch((e: unknown) => e);
      await flushEventLoop();
      await session.logout();
      expect(session.snapshot()).toMatchObject({ state: 'signed-out', needsTotp: false });
      // The abandoned question may be answered or not: that login's result is discarded either way.
      asked[0]!.answer(wrongCode(SECRET, clock.now()));
      expect(await promptly(first)).toMatchObject({ kind: 'unauthenticated' });
      expect(asked).toHaveLength(1); // not asked again for a login nobody wants
      const again = session.signIn();
      await flushEventLoop();
      expect(asked[1]?.request).toEqual({ reason: 'sign-in', expiresAt: null });
      asked[1]!.answer(totpCode(SECRET, clock.now()));
      await promptly(again);
      expect(session.snapshot().state).toBe('active');
    });
  });

  it('logout waits at most 2 s for an API that does not answer, then forgets the token anyway', async () => {
    const { clock, rig, session } = await setUp();
    await session.signIn();
    rig.stub.setHandler(() => ({ hang: true }));
    let done = false;
    const loggingOut = session.logout().then(() => {
      done = true;
    });
    await flushEventLoop(10);
    expect(rig.stub.requests.at(-1)).toMatchObject({ path: '/v1/auth/logout' });
    await clock.advance(1_900);
    expect(done).toBe(false);
    await clock.advance(200);
    await promptly(loggingOut);
    expect(session.snapshot().state).toBe('signed-out');
    await expect(session.getToken()).rejects.toMatchObject({ kind: 'signed_out' });
  });
});
