// Against the sandbox: an order for a user the ticket shows goes out as its POST
// alone (the checks use what main read for the ticket), and when Kriptomat's view
// changed behind the desk's back, its refusal is the final word and reads exactly
// as the check would have put it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/log';
import { createSession, type Session } from '../../../main/session';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { captureLog, type CapturedLog } from '../../support/log-capture';
import { startDesk, type DeskHarness } from './harness';

const SANDBOX = 'local-sandbox';
const NINA = 9; // verified, active, funded
const PETRA = 10; // verified, active, funded, no bank account

describe('order checks on what the ticket shows, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let h: DeskHarness;
  let log: CapturedLog;
  /** Another client of the same partner account: changes Kriptomat's view behind the desk's back. */
  let other: Session;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 21 });
    log = captureLog();
    h = await startDesk({ externalSandbox: { url: sandbox.url, partner: sandbox.partner }, internals: { log: log.logger } });
    // The desk has spent this TOTP step's code; the other client signs in at the next step.
    await h.advanceSandbox(30);
    other = createSession({
      settings: { baseUrl: sandbox.url, email: sandbox.partner.email, client_id: sandbox.partner.client_id },
      secrets: async () => ({
        password: sandbox.partner.password,
        client_secret: sandbox.partner.client_secret,
        totp_secret: sandbox.partner.totp_secret,
      }),
      logger: silentLogger,
    });
    await other.signIn();
  });
  afterAll(async () => {
    other.dispose();
    await h.close();
    await sandbox.close();
  });

  /** Request lines the desk logged from now on, up to the first order POST. */
  const requestsUntilPost = (from: number): string[] => {
    const lines = log.lines.slice(from).filter((l) => /\b(GET|POST|PUT|DELETE) \/v1\//.test(l));
    const post = lines.findIndex((l) => /POST \/v1\/users\/\d+\/(buy|sell|withdraw)/.test(l));
    return post < 0 ? lines : lines.slice(0, post + 1);
  };

  it('sends an order for a user the ticket shows as the POST alone', async () => {
    await h.call('users.open', { userId: NINA });
    await h.call('balances.user', { userId: NINA });
    const from = log.lines.length;
    const view = await h.call('orders.place', { profileId: SANDBOX, userId: NINA, side: 'buy', pair: 'btceur', amount: '20.00' });
    expect(view.state).toBe('accepted');
    const requests = requestsUntilPost(from);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/POST \/v1\/users\/9\/buy 200/);
  });

  it("a user disabled behind the desk's back: refused by Kriptomat, in the words of the check", async () => {
    await h.call('users.open', { userId: NINA });
    const profile = await other.authorized((t) => other.client.showUser(t, NINA));
    await other.authorized((t) =>
      other.client.updateUser(t, NINA, {
        email: profile.email,
        name: profile.name,
        surname: profile.surname,
        phone: profile.phone,
        status: 'disabled',
      }),
    );
    const before = await h.transactionCount();
    const refused = await h.fail('orders.place', { profileId: SANDBOX, userId: NINA, side: 'buy', pair: 'btceur', amount: '20.00' });
    expect(refused).toEqual({ kind: 'user_inactive', message: 'User 9 cannot trade: the account is disabled.' });
    const [row] = await h.call('orders.list', { userId: NINA, limit: 1 });
    expect(row).toMatchObject({ state: 'failed', error: refused.message });
    // The check now knows: the same order stops before sending, with the same words.
    const from = log.lines.length;
    expect(await h.fail('orders.place', { profileId: SANDBOX, userId: NINA, side: 'buy', pair: 'btceur', amount: '20.00' })).toEqual(
      refused,
    );
    expect(requestsUntilPost(from).filter((l) => l.startsWith('POST'))).toEqual([]);
    expect(await h.transactionCount()).toBe(before);
  });

  it("money spent behind the desk's back: refused by Kriptomat, in the words of the check", async () => {
    const balances = await h.call('balances.user', { userId: PETRA });
    const eur = balances.find((b) => b.currency === 'eur')!.balance;
    // All but 10 EUR goes elsewhere.
    const spend = (Number(eur) - 10).toFixed(2);
    await other.authorized((t) => other.client.buy(t, PETRA, { amount: spend, pair: 'etheur', idempotency_key: `spend-${Date.now()}` }));
    const refused = await h.fail('orders.place', { profileId: SANDBOX, userId: PETRA, side: 'buy', pair: 'btceur', amount: '100.00' });
    expect(refused).toMatchObject({
      kind: 'insufficient_funds',
      message: 'User 10 has 10 EUR; this buy needs 100 EUR.',
      fieldErrors: { amount: ['More than the available balance.'] },
    });
    expect(await h.fail('orders.place', { profileId: SANDBOX, userId: PETRA, side: 'buy', pair: 'btceur', amount: '100.00' })).toEqual(
      refused,
    );
  });
});
