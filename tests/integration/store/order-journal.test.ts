import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalError, openStore, type JournalRow, type Store } from '../../../main/store/sqlite';
import { fakeClock, tempDir, type TempDir } from './temp-store';

let tmp: TempDir;
let store: Store;
const clock = fakeClock();

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file(), { now: clock.now });
});
afterEach(() => {
  store.close();
  tmp.remove();
});

const buy = { profileId: 'sandbox', userId: 2, kind: 'buy' as const, pair: 'btceur', amount: '250.00' };

describe('order journal', () => {
  it('writes a sending row with a fresh id and idempotency key before sending', () => {
    const a = store.journal.begin(buy);
    const b = store.journal.begin(buy);
    expect(a).toMatchObject({ ...buy, state: 'sending', transactionId: null, error: null, bankAccountId: null });
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(a.id).not.toBe(b.id);
    expect(store.journal.byKey(a.idempotencyKey)).toEqual(a);
    expect(store.journal.get(a.id)).toEqual(a);
    expect(store.journal.pendingSends('sandbox').map((e) => e.id)).toEqual([a.id, b.id]);
  });

  it('parks a row that may have taken effect as needs_review: neither re-sent nor polled, and a found transaction accepts it', () => {
    const e = store.journal.begin({ ...buy, idempotencyKey: 'key-review-0001' });
    const reviewed = store.journal.markNeedsReview('key-review-0001', 'check the transactions');
    expect(reviewed).toMatchObject({ id: e.id, state: 'needs_review', error: 'check the transactions', transactionId: null });
    expect(store.journal.pendingSends('sandbox')).toEqual([]);
    expect(store.journal.awaitingSettlement('sandbox')).toEqual([]);
    expect(store.journal.recent('sandbox', { states: ['needs_review'] }).map((r) => r.id)).toEqual([e.id]);
    // Not final: a reconciliation may still settle it; the reason goes with the doubt.
    expect(store.journal.markAccepted('key-review-0001', 77)).toMatchObject({ state: 'accepted', transactionId: 77, error: null });
    // Only a `sending` row can be put up for review.
    expect(store.journal.markNeedsReview('key-review-0001', 'again')).toMatchObject({ state: 'accepted', error: null });
  });

  it('moves sending → accepted → final, keeping the amount as exact text', () => {
    const e = store.journal.begin({ ...buy, kind: 'sell', amount: '0.02831491', idempotencyKey: 'key-0001-sell' });
    clock.advance(300);
    const accepted = store.journal.markAccepted('key-0001-sell', 58);
    expect(accepted).toMatchObject({ state: 'accepted', transactionId: 58, amount: '0.02831491', updatedAtMs: e.createdAtMs + 300 });
    expect(store.journal.pendingSends('sandbox')).toEqual([]);
    expect(store.journal.awaitingSettlement('sandbox').map((r) => r.id)).toEqual([e.id]);
    clock.advance(5000);
    const done = store.journal.markFinal('key-0001-sell', 'success');
    expect(done).toMatchObject({ state: 'success', transactionId: 58, error: null });
    expect(store.journal.awaitingSettlement('sandbox')).toEqual([]);
  });

  it('records a refusal with its reason; a final row never changes again', () => {
    store.journal.begin({ ...buy, idempotencyKey: 'key-refused-1' });
    const failed = store.journal.markFailed('key-refused-1', 'The amount must be more than zero.');
    expect(failed).toMatchObject({ state: 'failed', error: 'The amount must be more than zero.' });
    expect(store.journal.markFinal('key-refused-1', 'success').state).toBe('failed');
    expect(store.journal.markFailed('key-refused-1', 'again').error).toBe('The amount must be more than zero.');
    expect(store.journal.pendingSends('sandbox')).toEqual([]);
  });

  it('keeps a state the desk does not know as received and not final, with the same rule as shared/order-states', () => {
    store.journal.begin({ ...buy, idempotencyKey: 'key-unknown-1' });
    store.journal.markAccepted('key-unknown-1', 21);
    expect(() => store.journal.markFinal('key-unknown-1', 'on_hold')).toThrow(/not a final state/);
    expect(store.journal.recordState('key-unknown-1', 'on_hold').state).toBe('on_hold');
    expect(store.journal.awaitingSettlement('sandbox').map((r) => r.state)).toEqual(['on_hold']);
    // Case and spacing do not change the meaning: " Success " settles it, in SQL and in code alike.
    store.journal.markFinal('key-unknown-1', ' Success ');
    expect(store.journal.awaitingSettlement('sandbox')).toEqual([]);
    expect(() => store.journal.recordState('key-unknown-1', 'failed')).toThrow(JournalError);
    expect(store.journal.recordState('key-unknown-1', 'pending').state).toBe(' Success ');
  });

  it('treats a repeated accept as a no-op and a different transaction id as an error', () => {
    store.journal.begin({ ...buy, idempotencyKey: 'key-repeat-1' });
    const first = store.journal.markAccepted('key-repeat-1', 12);
    clock.advance(10);
    expect(store.journal.markAccepted('key-repeat-1', 12)).toEqual(first);
    expect(() => store.journal.markAccepted('key-repeat-1', 13)).toThrow(JournalError);
    expect(() => store.journal.markAccepted('no-such-key', 13)).toThrow(/No journal row/);
    expect(() => store.journal.markFinal('key-repeat-1', 'pending')).toThrow(/not a final state/);
  });

  it('refuses a duplicate idempotency key and malformed orders', () => {
    store.journal.begin({ ...buy, idempotencyKey: 'key-dup-0001' });
    expect(() => store.journal.begin({ ...buy, idempotencyKey: 'key-dup-0001' })).toThrow(/UNIQUE/);
    expect(() => store.journal.begin({ ...buy, amount: '2.5e3' })).toThrow(/decimal text/);
    expect(() => store.journal.begin({ ...buy, pair: null })).toThrow(/needs a pair/);
    expect(() => store.journal.begin({ profileId: 'sandbox', userId: 2, kind: 'withdraw', amount: '10.00' })).toThrow(/bank account/);
    const w = store.journal.begin({ profileId: 'sandbox', userId: 2, kind: 'withdraw', amount: '10.00', bankAccountId: 12 });
    expect(w).toMatchObject({ pair: null, bankAccountId: 12 });
  });

  it('lists recent orders per profile, newest first, by user and state', () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      ids.push(store.journal.begin({ ...buy, userId: i % 2 ? 3 : 2 }).id);
    }
    store.journal.begin({ ...buy, profileId: 'production' });
    expect(store.journal.recent('sandbox').map((e) => e.id)).toEqual([...ids].reverse());
    expect(store.journal.recent('sandbox', { userId: 3 }).map((e) => e.id)).toEqual([ids[3], ids[1]]);
    expect(store.journal.recent('sandbox', { limit: 2 })).toHaveLength(2);
    store.journal.markAccepted(store.journal.get(ids[0]!)!.idempotencyKey, 99);
    expect(store.journal.recent('sandbox', { states: ['accepted'] }).map((e) => e.id)).toEqual([ids[0]]);
    expect(store.journal.pendingSends('production')).toHaveLength(1);
  });

  it('keeps rows across close and reopen', () => {
    const e = store.journal.begin(buy);
    store.close();
    store = openStore(tmp.file(), { now: clock.now });
    expect(store.journal.pendingSends('sandbox')).toEqual([e]);
  });
});

describe('order journal across a killed process', () => {
  const script = join(import.meta.dirname, 'support', 'journal-then-kill.ts');

  function runAndKill(step?: 'accept' | 'accept-unsynced'): JournalRow {
    store.close();
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, tmp.file(), ...(step ? [step] : [])], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    store = openStore(tmp.file(), { now: clock.now });
    return JSON.parse(child.stdout.trim()) as JournalRow;
  }

  it('finds the sending row written just before the process was killed', () => {
    const written = runAndKill();
    expect(written.state).toBe('sending');
    expect(store.journal.pendingSends('sandbox')).toEqual([written]);
  });

  it('finds the accepted row, awaiting settlement, after a kill', () => {
    const written = runAndKill('accept');
    expect(store.journal.pendingSends('sandbox')).toEqual([]);
    expect(store.journal.awaitingSettlement('sandbox')).toEqual([written]);
    expect(written.transactionId).toBe(58);
  });

  it('finds an accepted row written without its own fsync after a kill of the process', () => {
    // Only a power cut could lose it, and then the row is still `sending` (fsync'd by begin) and is re-sent with its key.
    const written = runAndKill('accept-unsynced');
    expect(written).toMatchObject({ state: 'accepted', transactionId: 58 });
    expect(store.journal.pendingSends('sandbox')).toEqual([]);
    expect(store.journal.awaitingSettlement('sandbox')).toEqual([written]);
  });
});
