// One store test suite for every DeskStorePort: the services do not know which
// store they have, so both must keep the same contract. Where a store
// legitimately differs, the factory says so in its capabilities and the suite
// checks that store's side of the difference — nothing is skipped silently.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateView, UserView } from '../../../shared/desk-api';
import type { Transaction } from '../../../shared/kriptomat';
import type { DeskStorePort, NewOrder } from '../../../main/store/port';

export interface StoreCapabilities {
  /** Solo: a caller may choose a journal row's idempotency key. Team: the database mints every key and refuses one chosen by the desk. */
  callerChosenKeys: boolean;
  /** Who an audit row names: the OS account the desk sent (Solo), or the database login (Team: session_user, whatever the desk sent). */
  auditWho: { from: 'desk' } | { from: 'database'; login: string };
  /** Whose clock stamps an audit row: the desk's (the entry's atMs) or the database server's. */
  auditClock: 'desk' | 'server';
  /** The first line of the audit CSV (the team's adds operator, environment and the chain hash). */
  auditCsvHeader: string;
  /** Profiles this store refuses outright (Team: the Local sandbox, which never writes to the team database). */
  refusedProfiles: readonly string[];
  /** Where rate history lives: this store, or the desk's own store behind it (Team: rate history stays per desk). */
  rates: 'own' | 'desk';
}

export interface StoreUnderTest {
  port: DeskStorePort;
  /** Two profiles the store keeps apart (two environments). */
  profileId: string;
  otherProfileId: string;
  capabilities: StoreCapabilities;
  /** Closes the port (unless the test did) and removes what the factory made. */
  dispose(): Promise<void>;
}

function user(id: number, name: string, email: string): UserView {
  return {
    id,
    email,
    name,
    surname: 'Novak',
    phone: '+38640111222',
    status: 'active',
    kycStatus: 'verified',
    dateOfBirth: '1990-01-01',
    address: 'Main 1',
    city: 'Ljubljana',
    postalCode: '1000',
    country: 'SI',
    fetchedAtMs: Date.UTC(2025, 0, 15),
  };
}

function tx(id: number, userId: number, state: string, extra: Partial<Transaction> = {}): Transaction {
  const day = String(1 + (id % 28)).padStart(2, '0');
  return {
    id,
    user_id: userId,
    type: 'buy',
    amount: '100.00',
    pair: 'btceur',
    price: '61000.5',
    date: `2025-01-${day}T10:00:00.000`,
    state,
    fee: '1.5',
    subtotal: '98.50',
    total: '100.00',
    ...extra,
  };
}

function rate(pair: string, timestampMs: number, price: string): RateView {
  return { pair, price, priceBuy: price, priceSell: price, timestampMs, receivedAtMs: timestampMs };
}

export function describeDeskStorePort(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`DeskStorePort conformance: ${name}`, () => {
    let s: StoreUnderTest;
    let P: string;
    let Q: string;
    const buy = (amount = '20.00', userId = 7): NewOrder => ({ profileId: P, userId, kind: 'buy', pair: 'btceur', amount });

    beforeEach(async () => {
      s = await factory();
      P = s.profileId;
      Q = s.otherProfileId;
    });
    afterEach(async () => {
      await s.dispose();
    });

    describe('user directory', () => {
      it('keeps a saved profile and reads it back as it was saved', async () => {
        const ana = user(7, 'Ana', 'ana@example.com');
        await s.port.saveUser(P, ana);
        expect(await s.port.getUser(P, 7)).toEqual(ana);
        expect(await s.port.getUser(P, 8)).toBeNull();
        // Another environment's ids mean nothing here.
        expect(await s.port.getUser(Q, 7)).toBeNull();
      });

      it('a saved profile is refreshed, not duplicated', async () => {
        await s.port.saveUser(P, user(7, 'Ana', 'ana@example.com'));
        await s.port.saveUser(P, { ...user(7, 'Ana', 'ana@new.example.com'), status: 'inactive' });
        expect(await s.port.getUser(P, 7)).toMatchObject({ email: 'ana@new.example.com', status: 'inactive' });
        expect(await s.port.searchUsers(P, undefined)).toHaveLength(1);
      });

      it('discovers ids without a profile: counts only the new ones, and they read as empty until fetched', async () => {
        await s.port.saveUser(P, user(7, 'Ana', 'ana@example.com'));
        expect(await s.port.discoverUsers(P, [7, 8, 9, 9])).toBe(2);
        expect(await s.port.discoverUsers(P, [8, 9])).toBe(0);
        expect(await s.port.getUser(P, 8)).toMatchObject({ id: 8, email: '', name: '', fetchedAtMs: null });
        expect(await s.port.getUser(P, 7)).toMatchObject({ name: 'Ana' });
        expect(await s.port.discoverUsers(Q, [8])).toBe(1);
      });

      it('searches by name, e-mail, phone and id, case-insensitively, an exact id first', async () => {
        await s.port.saveUser(P, user(7, 'Ana', 'ana@example.com'));
        await s.port.saveUser(P, user(17, 'Bojan', 'bojan@example.com'));
        await s.port.saveUser(Q, user(27, 'Ana', 'ana@other.example.com'));
        expect((await s.port.searchUsers(P, 'ANA')).map((u) => u.id)).toEqual([7]);
        expect((await s.port.searchUsers(P, 'bojan@')).map((u) => u.id)).toEqual([17]);
        expect((await s.port.searchUsers(P, 'ana novak')).map((u) => u.id)).toEqual([7]);
        expect((await s.port.searchUsers(P, '17'))[0]?.id).toBe(17);
        expect((await s.port.searchUsers(P, '7')).map((u) => u.id).sort()).toEqual([17, 7]);
        expect((await s.port.searchUsers(P, '7'))[0]?.id).toBe(7);
        expect(await s.port.searchUsers(P, 'nobody')).toEqual([]);
        expect((await s.port.searchUsers(P, '')).map((u) => u.id).sort()).toEqual([17, 7]);
      });
    });

    describe('order journal', () => {
      it('writes a row in state sending, with a key, before anything is sent', async () => {
        const row = await s.port.beginOrder(buy());
        expect(row).toMatchObject({
          profileId: P,
          userId: 7,
          kind: 'buy',
          pair: 'btceur',
          amount: '20.00',
          bankAccountId: null,
          state: 'sending',
          transactionId: null,
          error: null,
        });
        expect(row.idempotencyKey.length).toBeGreaterThanOrEqual(8);
        expect(row.id).not.toBe('');
        expect(await s.port.getOrder(P, row.id)).toEqual(row);
        // A row is found only in its own profile.
        expect(await s.port.getOrder(Q, row.id)).toBeNull();
        // A store that answers "is this key mine" (the desk's own: store-router.ts asks it) knows its rows, and only those.
        if (s.port.hasOrderKey) {
          expect(await s.port.hasOrderKey(row.idempotencyKey)).toBe(true);
          expect(await s.port.hasOrderKey(`${row.idempotencyKey}-not-written`)).toBe(false);
        }
        expect((await s.port.pendingSends(P)).map((r) => r.id)).toEqual([row.id]);
        expect(await s.port.pendingSends(Q)).toEqual([]);
      });

      it('mints a fresh key per row; a key chosen by the caller is kept or refused as the store says', async () => {
        const a = await s.port.beginOrder(buy());
        const b = await s.port.beginOrder(buy());
        expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
        const chosen = s.port.beginOrder({ ...buy(), idempotencyKey: 'caller-chosen-key-0001' });
        if (s.capabilities.callerChosenKeys) await expect(chosen).resolves.toMatchObject({ idempotencyKey: 'caller-chosen-key-0001' });
        else await expect(chosen).rejects.toThrow(/mints idempotency keys/);
      });

      it('refuses rows that could not be sent as written', async () => {
        await expect(s.port.beginOrder({ profileId: P, userId: 7, kind: 'withdraw', amount: '20.00' })).rejects.toThrow(/bank account/);
        await expect(s.port.beginOrder({ profileId: P, userId: 7, kind: 'buy', amount: '20.00' })).rejects.toThrow(/pair/);
        await expect(s.port.beginOrder({ ...buy(), amount: '2e3' })).rejects.toThrow(/decimal/);
        await expect(s.port.beginOrder({ ...buy(), userId: 0 })).rejects.toThrow(/user id/);
        expect(await s.port.pendingSends(P)).toEqual([]);
      });

      it('keeps a withdrawal with its bank account and no pair', async () => {
        const row = await s.port.beginOrder({ profileId: P, userId: 7, kind: 'withdraw', amount: '50.00', bankAccountId: 3 });
        expect(row).toMatchObject({ kind: 'withdraw', pair: null, bankAccountId: 3 });
      });

      it('sending → accepted → pending → success: awaiting settlement until final, then not changed again', async () => {
        const row = await s.port.beginOrder(buy());
        const accepted = await s.port.markOrderAccepted(row.idempotencyKey, 501, { fsync: false });
        expect(accepted).toMatchObject({ id: row.id, state: 'accepted', transactionId: 501, error: null });
        // A repeated answer for the same key changes nothing; another transaction id is an error.
        expect(await s.port.markOrderAccepted(row.idempotencyKey, 501)).toMatchObject({ state: 'accepted', transactionId: 501 });
        await expect(s.port.markOrderAccepted(row.idempotencyKey, 502)).rejects.toThrow(/501/);
        expect(await s.port.pendingSends(P)).toEqual([]);
        expect((await s.port.awaitingSettlement(P)).map((r) => r.id)).toEqual([row.id]);
        expect(await s.port.recordOrderState(row.idempotencyKey, 'pending')).toMatchObject({ state: 'pending' });
        expect((await s.port.awaitingSettlement(P)).map((r) => r.state)).toEqual(['pending']);
        await expect(s.port.recordOrderState(row.idempotencyKey, 'success')).rejects.toThrow();
        expect(await s.port.markOrderFinal(row.idempotencyKey, 'success')).toMatchObject({ state: 'success', transactionId: 501 });
        expect(await s.port.awaitingSettlement(P)).toEqual([]);
        expect(await s.port.markOrderFailed(row.idempotencyKey, 'late')).toMatchObject({ state: 'success', error: null });
        expect(await s.port.markOrderFinal(row.idempotencyKey, 'failed')).toMatchObject({ state: 'success' });
        await expect(s.port.markOrderFinal(row.idempotencyKey, 'pending')).rejects.toThrow(/not a final state/);
      });

      it('an unknown state the API reports is kept and still awaits settlement', async () => {
        const row = await s.port.beginOrder(buy());
        await s.port.markOrderAccepted(row.idempotencyKey, 601);
        expect(await s.port.recordOrderState(row.idempotencyKey, 'on_hold')).toMatchObject({ state: 'on_hold' });
        expect((await s.port.awaitingSettlement(P)).map((r) => r.state)).toEqual(['on_hold']);
      });

      it('sending → needs_review (never re-sent or polled) → accepted when its transaction is found', async () => {
        const row = await s.port.beginOrder(buy());
        expect(await s.port.markOrderNeedsReview(row.idempotencyKey, 'refused repeat')).toMatchObject({
          state: 'needs_review',
          error: 'refused repeat',
        });
        expect(await s.port.pendingSends(P)).toEqual([]);
        expect(await s.port.awaitingSettlement(P)).toEqual([]);
        expect((await s.port.recentOrders(P, { states: ['needs_review'] })).map((r) => r.id)).toEqual([row.id]);
        expect(await s.port.markOrderAccepted(row.idempotencyKey, 701)).toMatchObject({
          state: 'accepted',
          transactionId: 701,
          error: null,
        });
        // Only a sending row goes to review.
        expect(await s.port.markOrderNeedsReview(row.idempotencyKey, 'again')).toMatchObject({ state: 'accepted' });
      });

      it('sending → failed with the reason; a failed row is final', async () => {
        const row = await s.port.beginOrder(buy());
        expect(await s.port.markOrderFailed(row.idempotencyKey, 'Kriptomat rejected the request: too small.')).toMatchObject({
          state: 'failed',
          error: 'Kriptomat rejected the request: too small.',
        });
        expect(await s.port.markOrderFailed(row.idempotencyKey, 'other')).toMatchObject({
          error: 'Kriptomat rejected the request: too small.',
        });
        expect(await s.port.pendingSends(P)).toEqual([]);
      });

      it('a transition of a row that does not exist is refused', async () => {
        await expect(s.port.markOrderAccepted('00000000-0000-4000-8000-000000000000', 1)).rejects.toThrow(/No journal row/);
        await expect(s.port.markOrderFailed('no-such-key-at-all', 'x')).rejects.toThrow(/No journal row/);
        expect(await s.port.getOrder(P, '00000000-0000-4000-8000-000000000000')).toBeNull();
      });

      it('lists recent rows newest first, by user, by state, with a limit; pending sends oldest first', async () => {
        const first = await s.port.beginOrder(buy('10.00', 7));
        const second = await s.port.beginOrder(buy('20.00', 8));
        const third = await s.port.beginOrder(buy('30.00', 7));
        await s.port.beginOrder({ ...buy('40.00', 7), profileId: Q });
        await s.port.markOrderAccepted(second.idempotencyKey, 801);
        expect((await s.port.recentOrders(P)).map((r) => r.id)).toEqual([third.id, second.id, first.id]);
        expect((await s.port.recentOrders(P, { userId: 7 })).map((r) => r.id)).toEqual([third.id, first.id]);
        expect((await s.port.recentOrders(P, { states: ['accepted'] })).map((r) => r.id)).toEqual([second.id]);
        expect((await s.port.recentOrders(P, { limit: 1 })).map((r) => r.id)).toEqual([third.id]);
        expect((await s.port.pendingSends(P)).map((r) => r.id)).toEqual([first.id, third.id]);
      });
    });

    describe('transaction cache', () => {
      it('upserts: counts new ids only, refreshes a state that moved on, keeps profiles apart', async () => {
        expect(await s.port.upsertTransactions(P, [tx(1, 7, 'pending'), tx(2, 7, 'success'), tx(3, 8, 'success')])).toBe(3);
        expect(await s.port.upsertTransactions(P, [tx(1, 7, 'success'), tx(4, 8, 'pending')])).toBe(1);
        expect(await s.port.upsertTransactions(P, [])).toBe(0);
        expect(await s.port.countTransactions(P)).toBe(4);
        expect(await s.port.countTransactions(Q)).toBe(0);
        expect(await s.port.knownTransactionIds(P, [1, 4, 5])).toEqual(new Set([1, 4]));
        expect(await s.port.knownTransactionIds(Q, [1])).toEqual(new Set());
        const { rows } = await s.port.queryTransactions(P, { state: 'success' }, { column: 'id', direction: 'asc' }, 10, 0);
        expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
      });

      it('reads rows as the bridge shows them, filtered, sorted and paged with the total', async () => {
        await s.port.upsertTransactions(P, [
          tx(1, 7, 'success'),
          tx(2, 7, 'success', { type: 'sell', pair: 'etheur' }),
          tx(3, 8, 'success'),
          tx(4, 7, 'pending'),
        ]);
        const all = await s.port.queryTransactions(P, {}, { column: 'id', direction: 'desc' }, 2, 1);
        expect(all).toMatchObject({ total: 4 });
        expect(all.rows.map((r) => r.id)).toEqual([3, 2]);
        // Money comes back as the exact decimal, written the one canonical way (shared/money's decimalText).
        expect(all.rows[0]).toEqual({
          id: 3,
          userId: 8,
          type: 'buy',
          amount: '100',
          pair: 'btceur',
          price: '61000.5',
          date: tx(3, 8, '').date,
          state: 'success',
          fee: '1.5',
          subtotal: '98.5',
          total: '100',
        });
        const ana = await s.port.queryTransactions(P, { userId: 7, type: 'buy' }, { column: 'id', direction: 'asc' }, 10, 0);
        expect(ana.rows.map((r) => r.id)).toEqual([1, 4]);
        expect((await s.port.queryTransactions(P, { pair: 'etheur' }, undefined, 10, 0)).rows.map((r) => r.id)).toEqual([2]);
        expect((await s.port.queryTransactions(P, { text: 'etheur' }, undefined, 10, 0)).total).toBe(1);
      });

      it('lists the rows that are not final, newest first, and how many rows are newer than the oldest of them', async () => {
        expect(await s.port.unsettledTransactions(P)).toEqual({ rows: [], newerThanOldest: 0 });
        await s.port.upsertTransactions(P, [
          tx(10, 7, 'pending'),
          tx(11, 7, 'success'),
          tx(12, 8, 'on_hold'),
          tx(13, 7, 'failed'),
          tx(14, 7, 'success'),
        ]);
        expect(await s.port.unsettledTransactions(P)).toEqual({
          rows: [
            { id: 12, userId: 8 },
            { id: 10, userId: 7 },
          ],
          newerThanOldest: 4,
        });
      });

      it('exports every matching row as CSV with its count', async () => {
        await s.port.upsertTransactions(P, [tx(1, 7, 'success'), tx(2, 8, 'success'), tx(3, 7, 'pending')]);
        const { csv, rows } = await s.port.exportTransactionsCsv(P, { userId: 7 }, { column: 'id', direction: 'asc' });
        expect(rows).toBe(2);
        const lines = csv.trim().split(/\r?\n/);
        expect(lines[0]).toBe('id,user_id,type,amount,pair,price,date,state,fee,subtotal,total');
        expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '3']);
      });

      it('remembers per profile whether one sync has read the whole history', async () => {
        expect(await s.port.isHistoryComplete(P)).toBe(false);
        await s.port.markHistoryComplete(P);
        await s.port.markHistoryComplete(P);
        expect(await s.port.isHistoryComplete(P)).toBe(true);
        expect(await s.port.isHistoryComplete(Q)).toBe(false);
      });
    });

    describe('audit trail', () => {
      const at = Date.UTC(2025, 0, 15, 9, 30);
      const entry = (action: string, outcome: 'ok' | 'error', profileId = P) => ({
        atMs: at,
        osUser: 'desk-os-user',
        profileId,
        action,
        summary: `${action} summary`,
        outcome,
      });

      it('appends entries and reads them newest first, filtered, paged, with the total', async () => {
        const before = Date.now();
        await s.port.appendAudit(entry('login', 'ok'));
        await s.port.appendAudit(entry('order.buy', 'error'));
        await s.port.appendAudit(entry('order.buy', 'ok', Q));
        const after = Date.now();
        const all = await s.port.queryAudit({}, 10, 0);
        expect(all.total).toBe(3);
        expect(all.rows.map((r) => [r.action, r.outcome, r.profileId])).toEqual([
          ['order.buy', 'ok', Q],
          ['order.buy', 'error', P],
          ['login', 'ok', P],
        ]);
        expect(all.rows[0]!.id).toBeGreaterThan(all.rows[1]!.id);
        expect(all.rows[2]).toMatchObject({ summary: 'login summary' });
        expect((await s.port.queryAudit({ action: 'order.buy' }, 10, 0)).total).toBe(2);
        expect((await s.port.queryAudit({ outcome: 'error' }, 10, 0)).rows.map((r) => r.action)).toEqual(['order.buy']);
        expect((await s.port.queryAudit({ text: 'LOGIN SUM' }, 10, 0)).total).toBe(1);
        const page = await s.port.queryAudit({}, 1, 1);
        expect(page).toMatchObject({ total: 3 });
        expect(page.rows.map((r) => r.action)).toEqual(['order.buy']);

        // Who and when: the desk's word in Solo; the database's in Team, whatever the desk sent.
        const row = all.rows[2]!;
        if (s.capabilities.auditWho.from === 'desk') expect(row.osUser).toBe('desk-os-user');
        else expect(row.osUser).toBe(s.capabilities.auditWho.login);
        if (s.capabilities.auditClock === 'desk') expect(row.atMs).toBe(at);
        else {
          // The server's clock, on this machine: within the append, give or take a second.
          expect(row.atMs).toBeGreaterThanOrEqual(before - 1_000);
          expect(row.atMs).toBeLessThanOrEqual(after + 1_000);
        }
      });

      it('exports the matching entries as CSV with their count', async () => {
        await s.port.appendAudit(entry('login', 'ok'));
        await s.port.appendAudit(entry('logout', 'ok'));
        const { csv, rows } = await s.port.exportAuditCsv({ action: 'logout' });
        expect(rows).toBe(1);
        const lines = csv.trim().split(/\r?\n/);
        expect(lines[0]).toBe(s.capabilities.auditCsvHeader);
        expect(lines).toHaveLength(2);
        expect(lines[1]).toContain('logout summary');
      });
    });

    describe('rate history', () => {
      it(`records rates and reads the latest per pair and a series (${'kept in the store itself or on the desk, as the capabilities say'})`, async () => {
        const t0 = Date.UTC(2025, 0, 15, 9, 0);
        await s.port.recordRate(P, rate('btceur', t0, '60000'));
        await s.port.recordRate(P, rate('btceur', t0 + 60_000, '60100'));
        await s.port.recordRate(P, rate('etheur', t0, '3000'));
        await s.port.recordRate(Q, rate('btceur', t0, '1'));
        const latest = await s.port.latestRates(P);
        expect(latest.map((r) => [r.pair, r.price]).sort()).toEqual([
          ['btceur', '60100'],
          ['etheur', '3000'],
        ]);
        expect((await s.port.rateSeries(P, 'btceur', t0, t0 + 120_000, 100)).map((p) => p.price)).toEqual(['60000', '60100']);
        expect((await s.port.rateSeries(Q, 'btceur', t0, t0 + 120_000, 100)).map((p) => p.price)).toEqual(['1']);
        expect(['own', 'desk']).toContain(s.capabilities.rates);
      });
    });

    describe('profiles the store refuses', () => {
      it('refuses every kind of write and read for them, with a message that says why', async () => {
        if (s.capabilities.refusedProfiles.length === 0) {
          // Solo keeps every profile, the Local sandbox included: stated, not skipped.
          expect(await s.port.getUser('local-sandbox', 1)).toBeNull();
          return;
        }
        for (const refused of s.capabilities.refusedProfiles) {
          await expect(s.port.saveUser(refused, user(1, 'Ana', 'a@b.c'))).rejects.toThrow(/Local sandbox|not shared/);
          await expect(s.port.beginOrder({ ...buy(), profileId: refused })).rejects.toThrow(/Local sandbox|not shared/);
          await expect(s.port.upsertTransactions(refused, [tx(1, 1, 'success')])).rejects.toThrow(/Local sandbox|not shared/);
          await expect(
            s.port.appendAudit({ atMs: 0, osUser: 'x', profileId: refused, action: 'login', summary: 's', outcome: 'ok' }),
          ).rejects.toThrow(/Local sandbox|not shared/);
          await expect(s.port.pendingSends(refused)).rejects.toThrow(/Local sandbox|not shared/);
          await expect(s.port.recordRate(refused, rate('btceur', 0, '1'))).rejects.toThrow(/Local sandbox|not shared/);
        }
        expect((await s.port.queryAudit({}, 10, 0)).total).toBe(0);
      });
    });
  });
}
