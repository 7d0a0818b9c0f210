// The order send through a real session and client (against a stub API): the
// first attempt is dropped after the server booked it, the second meets a 401,
// and the session's re-login is refused. What reaches the order service must
// never read as a refusal of the order.
import { afterEach, describe, expect, it } from 'vitest';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { classifyOrderError } from '../../../main/services/orders/orders';
import type { Session } from '../../../main/session/session';
import { FakeClock } from '../../support/fake-clock';
import { sessionFor, startAuthStub, type AuthStub } from '../session/helpers';

const START = Date.UTC(2026, 0, 15, 9, 0, 10);

describe('an order send whose re-login is refused', () => {
  let rig: AuthStub | undefined;
  let session: Session | undefined;
  afterEach(async () => {
    session?.dispose();
    await rig?.stub.close();
    rig = undefined;
    session = undefined;
  });

  it('surfaces the login error (not an order refusal), and the next send with the key counts as a replay', async () => {
    const clock = new FakeClock(START);
    rig = await startAuthStub(clock);
    const s = sessionFor(rig);
    session = s;
    clock.settle = () => s.idle();
    const stub = rig;
    let buys = 0;
    stub.onApi = (req) => {
      if (!req.path.endsWith('/buy')) return { status: 404, body: { message: 'Not found.' } };
      buys++;
      if (buys === 1) {
        // Booked, then the connection drops; meanwhile the token is revoked and the password changed.
        stub.revokeAll();
        stub.onLogin = () => ({ status: 401, body: { message: 'These credentials do not match our records.' } });
        return { drop: true };
      }
      return { status: 409, body: { status: false, message: 'The idempotency key was already used for a different request.' } };
    };
    await s.signIn();
    const order = { amount: '10.00', pair: 'btceur', idempotency_key: 'ord-relogin-1' };

    const error = await clock.runUntil(s.authorized((t) => s.client.buy(t, 1, order))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KriptomatError);
    expect(error).toMatchObject({ endpoint: 'login', kind: 'unauthenticated' });
    expect(classifyOrderError(error, true)).toBe('session');

    // Signed in again; the re-send is refused as a conflict: a repeat, so it needs review.
    stub.onLogin = undefined;
    await clock.advance(31_000);
    await clock.runUntil(s.signIn());
    const again = await clock.runUntil(s.authorized((t) => s.client.buy(t, 1, order))).catch((e: unknown) => e);
    expect(again).toMatchObject({ endpoint: 'buy', kind: 'conflict', replay: true });
    expect(classifyOrderError(again, true)).toBe('review');
  });
});
