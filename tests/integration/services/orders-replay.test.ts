// A repeat of an order refused by the real sandbox: the journal holds a `sending`
// row whose idempotency key the sandbox already booked for a different body (as
// after a lost answer and a key the server then refuses), and the desk resumes it
// on start. The row must end `needs_review` — or `accepted` when the review finds
// the booked order among the user's transactions — and never `failed`.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../../shared/desk-api';
import { createDesk } from '../../../main/desk/desk';
import { STORE_FILE_NAME } from '../../../main/desk/options';
import { silentLogger } from '../../../main/log';
import { openDeskStore } from '../../../main/store/sqlite/adapter';
import { createSession } from '../../../main/session';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { eventually, freshNamespace, tempDir, type SandboxDump } from './harness';

const ANA = 1;
const SANDBOX = 'local-sandbox';

describe('a refused repeat of an order, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 3 });
    dir = await tempDir();
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  const dump = async (): Promise<SandboxDump> => (await (await fetch(`${sandbox.origin}/__sandbox/state`)).json()) as SandboxDump;

  it('ends needs_review (or accepted by the review), never failed', { timeout: 90_000 }, async () => {
    // Two journal rows, written before anything was sent, as the desk writes them.
    const journal = openDeskStore(join(dir, STORE_FILE_NAME));
    const order = { profileId: SANDBOX, userId: ANA, kind: 'buy' as const, bankAccountId: null };
    // 1. The sandbox booked this key for 25.00 EUR: the row's 20.00 EUR is another order → 409, no match.
    const unmatched = await journal.beginOrder({ ...order, pair: 'btceur', amount: '20.00', idempotencyKey: 'replay-test-key-unmatched' });
    // 2. The sandbox booked this key for "30" (the same amount, written differently) → 409, and the review finds it.
    const matched = await journal.beginOrder({ ...order, pair: 'etheur', amount: '30.00', idempotencyKey: 'replay-test-key-matched-1' });
    await journal.close();

    // The first attempts, which reached the sandbox (their answers never reached the desk).
    const session = createSession({
      settings: { baseUrl: sandbox.url, email: sandbox.partner.email, client_id: sandbox.partner.client_id },
      secrets: async () => ({
        password: sandbox.partner.password,
        client_secret: sandbox.partner.client_secret,
        totp_secret: sandbox.partner.totp_secret,
      }),
      logger: silentLogger,
    });
    let bookedUnmatched: number;
    let bookedMatched: number;
    try {
      await session.signIn();
      bookedUnmatched = (
        await session.authorized((t) =>
          session.client.buy(t, ANA, { amount: '25.00', pair: 'btceur', idempotency_key: unmatched.idempotencyKey }),
        )
      ).transaction_id;
      bookedMatched = (
        await session.authorized((t) =>
          session.client.buy(t, ANA, { amount: '30', pair: 'etheur', idempotency_key: matched.idempotencyKey }),
        )
      ).transaction_id;
    } finally {
      session.dispose();
    }
    const before = await dump();
    // That login spent this TOTP step's code; move the sandbox on so the desk's sign-in need not wait.
    await fetch(`${sandbox.origin}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 30 }),
    });

    const desk = await createDesk(
      { userDataDir: dir, keychainNamespace: freshNamespace(), externalSandbox: { url: sandbox.url, partner: sandbox.partner } },
      { log: silentLogger, tuning: { orderPollIntervalMs: 100, orderResendBaseMs: 100 } },
    );
    const updates: OrderView[] = [];
    desk.events.subscribe((name, payload) => {
      if (name === 'orders.updated') updates.push(payload as OrderView);
    });
    try {
      await desk.ready;
      const settled = await eventually(async () => {
        const rows = await desk.handlers['orders.list']({ userId: ANA, limit: 10 });
        const a = rows.find((r) => r.id === unmatched.id);
        const b = rows.find((r) => r.id === matched.id);
        return a && b && a.state !== 'sending' && b.state !== 'sending' && b.state !== 'needs_review' ? { a, b } : null;
      }, 30_000);

      expect(settled.a).toMatchObject({ state: 'needs_review', transactionId: null });
      expect(settled.a.error).toContain('Kriptomat refused a repeat of this order, so the first attempt may have gone through');
      // The review found the booked order: accepted with its transaction, then followed as usual.
      expect(settled.b).toMatchObject({ transactionId: bookedMatched, error: null });
      expect(['accepted', 'success']).toContain(settled.b.state);
      await fetch(`${sandbox.origin}/__sandbox/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ advance_seconds: 10 }),
      });
      await eventually(
        async () => (await desk.handlers['orders.list']({ userId: ANA, limit: 10 })).find((r) => r.id === matched.id)?.state === 'success',
        20_000,
      );

      expect(updates.filter((u) => u.id === unmatched.id || u.id === matched.id).map((u) => u.state)).not.toContain('failed');
      // Nothing was booked twice: the refused repeats left no transaction behind.
      const after = await dump();
      expect(after.transactions.length).toBe(before.transactions.length);
      expect(after.transactions.filter((t) => t.idempotency_key === unmatched.idempotencyKey).map((t) => t.id)).toEqual([bookedUnmatched]);
      // A needs_review row is neither re-sent nor polled: still the same after a while.
      await new Promise((r) => setTimeout(r, 500));
      expect((await desk.handlers['orders.list']({ userId: ANA, limit: 10 })).find((r) => r.id === unmatched.id)?.state).toBe(
        'needs_review',
      );
    } finally {
      await desk.dispose();
    }
  });
});
