// Rows that need review, against the sandbox: the review looks through every page
// of the user's transactions since the order (the booked order here sits on the
// third page), and the operator settles what the desk cannot: booked, as one of
// two matching transactions, or not booked — each with an audit entry, and a row
// settled as not booked is never sent again.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_FILE_NAME } from '../../../main/desk/options';
import { silentLogger } from '../../../main/log';
import { openDeskStore } from '../../../main/store/sqlite/adapter';
import { createSession, type Session } from '../../../main/session';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { eventually, startDesk, tempDir, type DeskHarness } from './harness';

const ANA = 1;
const SANDBOX = 'local-sandbox';

describe('needs-review orders against the sandbox', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let h: DeskHarness;
  let other: Session;
  const rows = { paged: '', twice: '', never: '' };
  const booked = { paged: 0, twiceA: 0, twiceB: 0, never: 0 };
  const keys = { paged: 'review-paged-key-0001', twice: 'review-twice-key-0001', never: 'review-never-key-0001' };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 4 });
    dir = await tempDir();
    // Journal rows written before anything was sent, as the desk writes them.
    const journal = openDeskStore(join(dir, STORE_FILE_NAME));
    const order = { profileId: SANDBOX, userId: ANA, kind: 'buy' as const, bankAccountId: null };
    rows.paged = (await journal.beginOrder({ ...order, pair: 'etheur', amount: '30.00', idempotencyKey: keys.paged })).id;
    rows.twice = (await journal.beginOrder({ ...order, pair: 'btceur', amount: '40.00', idempotencyKey: keys.twice })).id;
    rows.never = (await journal.beginOrder({ ...order, pair: 'btceur', amount: '50.00', idempotencyKey: keys.never })).id;
    await journal.close();

    // What reached Kriptomat before the desk lost the answers. Each key was booked
    // for a body written differently, so the desk's repeat is refused (409).
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
    const buy = async (pair: string, amount: string, key: string) =>
      (await other.authorized((t) => other.client.buy(t, ANA, { amount, pair, idempotency_key: key }))).transaction_id;
    // 1. The order itself ("30" is 30.00), then 20 newer transactions push it to the third page.
    booked.paged = await buy('etheur', '30', keys.paged);
    for (let i = 0; i < 20; i++) await buy('btceur', '11.00', `review-filler-${i}-key`);
    // 2. Two transactions that both look like the 40.00 order: the desk cannot tell which.
    booked.twiceA = await buy('btceur', '40', keys.twice);
    booked.twiceB = await buy('btceur', '40.00', 'review-twice-key-0002');
    // 3. The key was used for another amount: nothing looks like the 50.00 order.
    booked.never = await buy('btceur', '55.00', keys.never);

    // The other client spent this TOTP step's code; the desk signs in at the next.
    await fetch(`${sandbox.origin}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 30 }),
    });
    h = await startDesk({ userDataDir: dir, externalSandbox: { url: sandbox.url, partner: sandbox.partner } });
  });
  afterAll(async () => {
    other.dispose();
    await h.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  const order = async (id: string) => (await h.call('orders.list', { userId: ANA, limit: 50 })).find((o) => o.id === id)!;

  it("finds the booked order on the third page of the user's transactions", { timeout: 60_000 }, async () => {
    const found = await eventually(async () => {
      const row = await order(rows.paged);
      return row.state !== 'sending' && row.state !== 'needs_review' ? row : null;
    }, 30_000);
    expect(found).toMatchObject({ transactionId: booked.paged, error: null });
    const page1 = await h.call('transactions.forUser', { userId: ANA, page: 1 });
    expect(page1.rows.map((r) => r.id)).not.toContain(booked.paged);
  });

  it('leaves two look-alikes and a key used for another amount for the operator', { timeout: 60_000 }, async () => {
    await eventually(
      async () => (await order(rows.twice)).state === 'needs_review' && (await order(rows.never)).state === 'needs_review',
      30_000,
    );
    // Both reviews have run: nothing was accepted by itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(await order(rows.twice)).toMatchObject({ state: 'needs_review', transactionId: null });
    expect(await order(rows.never)).toMatchObject({ state: 'needs_review', transactionId: null });
  });

  it('offers the matching transactions and settles the order as the one the operator picks', { timeout: 60_000 }, async () => {
    const offered = await h.call('orders.reviewCandidates', { orderId: rows.twice });
    expect(offered.live).toBe(true);
    expect(offered.candidates.map((c) => c.id)).toEqual([booked.twiceB, booked.twiceA]);
    // Not this order: another amount.
    const wrong = await h.fail('orders.settle', { orderId: rows.twice, outcome: 'booked', transactionId: booked.never });
    expect(wrong).toMatchObject({ kind: 'validation', fieldErrors: { transactionId: [expect.stringContaining('is not this order')] } });

    const settled = await h.call('orders.settle', { orderId: rows.twice, outcome: 'booked', transactionId: booked.twiceA });
    expect(settled).toMatchObject({ state: 'accepted', transactionId: booked.twiceA, error: null });
    await h.advanceSandbox(10);
    await eventually(async () => (await order(rows.twice)).state === 'success', 20_000);
    // Settled: there is nothing more to offer for it.
    expect((await h.fail('orders.reviewCandidates', { orderId: rows.twice })).kind).toBe('conflict');
  });

  it('settles an order as not booked: failed, audited, and never sent again', { timeout: 60_000 }, async () => {
    expect((await h.call('orders.reviewCandidates', { orderId: rows.never })).candidates).toEqual([]);
    const before = await h.state();
    const settled = await h.call('orders.settle', { orderId: rows.never, outcome: 'not_booked' });
    expect(settled).toMatchObject({ state: 'failed', error: expect.stringContaining('not booked') });
    // A later sign-in resumes what is unfinished: this row is not.
    await h.call('session.signOut', {});
    await h.advanceSandbox(30); // a fresh TOTP step, so the sign-in need not wait for one
    await h.call('session.signIn', {});
    await new Promise((r) => setTimeout(r, 500));
    expect(await order(rows.never)).toMatchObject({ state: 'failed' });
    const after = await h.state();
    expect(after.transactions.length).toBe(before.transactions.length);
    expect(after.transactions.filter((t) => t.idempotency_key === keys.never).map((t) => t.id)).toEqual([booked.never]);

    const audit = await h.call('audit.query', { filter: { action: 'order.settle' }, limit: 10, offset: 0 });
    expect(audit.rows.map((r) => [r.outcome, r.summary])).toEqual([
      ['ok', expect.stringContaining(`(order ${rows.never}) — settled by hand as not booked`)],
      ['ok', expect.stringContaining(`(order ${rows.twice}) — settled by hand as booked: transaction ${booked.twiceA}`)],
      ['error', expect.stringContaining('is not this order')],
    ]);
  });
});
