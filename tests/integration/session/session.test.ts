// The session against the real sandbox: one login for many callers, a 401 healed
// by one re-login, clock skew corrected from the Date header, and a simulated
// day of renewals with a short token lifetime, all in a few seconds of real time.
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../main/kriptomat/transport';
import { silentLogger } from '../../../main/log';
import { createSession, type Session } from '../../../main/session/session';
import { renewalMargin } from '../../../main/session/renewal';
import { FakeClock } from '../../support/fake-clock';
import { advanceSandboxClock, startTestSandbox, type RunningSandbox } from '../../support/sandbox';

let sandbox: RunningSandbox | undefined;
let session: Session | undefined;

afterEach(async () => {
  session?.dispose();
  session = undefined;
  await sandbox?.close();
  sandbox = undefined;
});

/** Counts login requests that reached the wire. */
function countingFetch(): { fetch: FetchLike; logins: () => number } {
  let logins = 0;
  return {
    fetch: (input, init) => {
      if (new URL(input).pathname.endsWith('/auth/login')) logins++;
      return fetch(input, init);
    },
    logins: () => logins,
  };
}

function sessionOn(sb: RunningSandbox, options: { clock?: FakeClock; fetch?: FetchLike; baseUrl?: string } = {}): Session {
  return createSession({
    settings: { baseUrl: options.baseUrl ?? sb.url, email: sb.partner.email, client_id: sb.partner.client_id },
    secrets: () => Promise.resolve({ ...sb.partner }),
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    clientOptions: { logger: silentLogger, sleep: () => Promise.resolve(), ...(options.fetch ? { fetch: options.fetch } : {}) },
  });
}

/** A fake clock that moves the sandbox's clock by the same amount, and waits for the session's logins. */
function linkedClock(sb: RunningSandbox): FakeClock {
  return new FakeClock(Date.now(), {
    onAdvance: async (deltaMs) => {
      await advanceSandboxClock(sb, deltaMs / 1000);
    },
  });
}

describe('session against the sandbox', () => {
  it('50 concurrent calls cause one login', async () => {
    sandbox = await startTestSandbox();
    const counter = countingFetch();
    session = sessionOn(sandbox, { fetch: counter.fetch });
    const s = session;
    const results = await Promise.all(Array.from({ length: 50 }, () => s.authorized((t) => s.client.pairs(t))));
    expect(results.every((r) => r.includes('btceur'))).toBe(true);
    expect(counter.logins()).toBe(1);
    expect(s.snapshot()).toMatchObject({ state: 'active', logins: 1 });
  });

  it('a revoked token (401) causes one re-login and one retry, waiting for the next TOTP step on the linked clock', async () => {
    sandbox = await startTestSandbox();
    const clock = linkedClock(sandbox);
    const counter = countingFetch();
    session = sessionOn(sandbox, { clock, fetch: counter.fetch, baseUrl: `${sandbox.origin}/api/v1/partners` });
    const s = session;
    const first = await s.getToken();
    await s.client.logout(first); // the sandbox forgets it; the session does not know
    const pairs = await clock.runUntil(
      s.authorized((t) => s.client.pairs(t)),
      { stepMs: 1_000 },
    );
    expect(pairs).toContain('btceur');
    expect(s.snapshot().logins).toBe(2);
    expect(counter.logins()).toBe(2); // no spent code was sent
    expect(await s.getToken()).not.toBe(first);
  });

  it.each([90, -90])('logs in with the sandbox clock moved %i s: the offset comes from the Date header', async (skewSeconds) => {
    sandbox = await startTestSandbox();
    await advanceSandboxClock(sandbox, skewSeconds);
    const counter = countingFetch();
    session = sessionOn(sandbox, { fetch: counter.fetch });
    const s = session;
    expect(await s.authorized((t) => s.client.pairs(t))).toContain('btceur');
    // The first code was for our clock and refused; the refusal's Date fixed the offset, the second code worked.
    expect(counter.logins()).toBe(2);
    expect(Math.abs(s.snapshot().serverOffsetMs - skewSeconds * 1000)).toBeLessThan(2_000);
  });

  it('a simulated day with a 10-minute token: a call every minute succeeds, logins follow the schedule', async () => {
    const ttlSeconds = 600;
    sandbox = await startTestSandbox({ tokenTtlSeconds: ttlSeconds });
    const clock = linkedClock(sandbox);
    const counter = countingFetch();
    session = sessionOn(sandbox, { clock, fetch: counter.fetch });
    const s = session;
    clock.settle = () => s.idle();

    const day = 24 * 60;
    let ok = 0;
    await s.signIn();
    for (let minute = 1; minute <= day; minute++) {
      await clock.advance(60_000);
      const rate = await s.authorized((t) => s.client.exchangeRate(t, 'btceur'));
      if (rate.pair === 'btceur') ok++;
    }
    expect(ok).toBe(day);

    const periodMs = ttlSeconds * 1000 - renewalMargin(ttlSeconds * 1000); // 540 s
    const expected = 1 + Math.floor((day * 60_000) / periodMs); // 161
    expect(Math.abs(s.snapshot().logins - expected)).toBeLessThanOrEqual(1);
    expect(counter.logins()).toBe(s.snapshot().logins); // no login was refused or repeated
  }, 120_000);
});
