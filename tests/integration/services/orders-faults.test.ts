// 50 orders while the sandbox drops 30% of connections after committing: the
// client repeats each with its key, the desk re-sends what stays unanswered, and
// exactly 50 transactions come into being — one per order, none twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog, type CapturedLog } from '../../support/log-capture';
import type { DeskHarness } from './harness';
import { eventually, startDesk } from './harness';

const SANDBOX = 'local-sandbox';

const ANA = 1;
const ORDERS = 50;

describe('orders under drop-after-commit faults', () => {
  let h: DeskHarness;
  let log: CapturedLog;
  beforeAll(async () => {
    log = captureLog();
    // Quick client retries keep the run short; the behaviour is the same at any pace.
    h = await startDesk({ internals: { log: log.logger, clientOptions: { retry: { baseDelayMs: 20, maxDelayMs: 100 } } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('ends with exactly 50 new transactions, one per journal row', { timeout: 120_000 }, async () => {
    const before = await h.state();
    const known = new Set(before.transactions.map((t) => t.id));
    await h.faults({ drop_after_commit_rate: 0.3 });
    const placed = [];
    try {
      for (let i = 0; i < ORDERS; i++) {
        placed.push(
          await h.call('orders.place', {
            profileId: SANDBOX,
            userId: ANA,
            side: 'buy',
            pair: i % 2 ? 'btceur' : 'etheur',
            amount: '20.00',
          }),
        );
      }
      // Orders whose every attempt was dropped stay `sending` and are re-sent in the background.
      await eventually(
        async () => (await h.call('orders.list', { limit: 500 })).filter((o) => o.state === 'sending').length === 0,
        60_000,
        100,
      );
    } finally {
      await h.faults({});
    }
    const after = await h.state();
    const fresh = after.transactions.filter((t) => !known.has(t.id));
    expect(fresh).toHaveLength(ORDERS);
    expect(new Set(fresh.map((t) => t.idempotency_key)).size).toBe(ORDERS);
    const orders = await h.call('orders.list', { limit: 500 });
    expect(orders).toHaveLength(ORDERS);
    expect(new Set(orders.map((o) => o.transactionId))).toEqual(new Set(fresh.map((t) => t.id)));
    expect(placed.every((o) => o.state === 'accepted' || o.state === 'sending')).toBe(true);
    // The faults really bit: order POSTs were repeated (same key) after dropped answers.
    const repeats = log.lines.filter((line) => /POST \/v1\/users\/1\/buy .*\(attempt [2-9]\)/.test(line));
    expect(repeats.length).toBeGreaterThanOrEqual(5);
    expect(log.text()).not.toMatch(/Bearer|Password_123/);
  });
});
