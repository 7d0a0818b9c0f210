// What the approvals area costs, two desks on one team database and one sandbox
// (A an operator, B a desk admin): one decision is one `approvals.changed` on each
// desk, and B's listing and decision read each user, balance and rate once — as
// counted at B's fetch, i.e. what the sandbox receives from B.
import { describe, expect, it } from 'vitest';
import type { ApprovalRuleInput } from '../../../shared/api/approvals';
import type { DeskEvents } from '../../../shared/desk-api';
import { dec } from '../../../shared/money';
import { eventually, type DeskHarness } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { noPostgres } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)

function rule(over: Partial<ApprovalRuleInput>): ApprovalRuleInput {
  return {
    action: 'buy',
    thresholdEur: null,
    newAccountHours: null,
    approvalsNeeded: 1,
    expirySeconds: 86_400,
    enabled: true,
    position: 0,
    ...over,
  };
}

/** B's requests to Kriptomat (the sandbox), by method and path with query. */
function countingFetch() {
  const seen: string[] = [];
  return {
    fetch: (input: string, init: RequestInit): Promise<Response> => {
      const url = new URL(input);
      seen.push(`${init.method ?? 'GET'} ${url.pathname.replace(/^.*\/v1\//, '')}${url.search}`);
      return fetch(input, init);
    },
    seen,
    /** How many requests since `from` match. */
    count: (from: number, pattern: RegExp) => seen.slice(from).filter((r) => pattern.test(r)).length,
  };
}

/** Lets claim sweeps, sends and notifications play out (nothing is asserted about how long). */
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noPostgres)('approvals: one event per decision, one read per user, balance and rate', () => {
  const counter = countingFetch();
  const tuning = { orderClaimSweepMs: 100, approvalsAnnounceMs: 100 };
  const t = useTwoTeamDesks(
    { a: 'operator', b: 'admin' },
    { internals: { tuning } },
    // B reads afresh for every listing (nothing cached is fresh enough), so every read shows at its fetch.
    { internals: { tuning: { ...tuning, orderReadFreshMs: 0, rateFreshMs: 0 }, clientOptions: { fetch: counter.fetch } } },
  );

  const changed = (desk: DeskHarness, from: number): Array<DeskEvents['approvals.changed']> =>
    desk.eventsNamed('approvals.changed').slice(from);
  const buy = (amount: string) => t.a.call('orders.place', { profileId: t.profileA, userId: ANA, side: 'buy', pair: 'btceur', amount });

  it('one decision makes one approvals.changed on the deciding desk and one on the other', async () => {
    await t.b.call('policy.update', { saveRules: [rule({ thresholdEur: '100.00' })] });
    const placed = await buy('150.00');
    expect(placed.state).toBe('awaiting_approval');
    // The proposer may not decide on it; the admin may.
    await eventually(() => t.b.eventsNamed('approvals.changed').at(-1)?.awaitingYou === 1, 5000);
    await eventually(() => t.a.eventsNamed('approvals.changed').at(-1)?.pending === 1, 5000);
    expect(t.a.eventsNamed('approvals.changed').at(-1)).toEqual({ pending: 1, awaitingYou: 0 });
    await settle(1000);
    const fromA = t.a.eventsNamed('approvals.changed').length;
    const fromB = t.b.eventsNamed('approvals.changed').length;

    expect(await t.b.call('approvals.decide', { orderId: placed.id, decision: 'approve' })).toMatchObject({ state: 'approved' });
    // Released, claimed, sent and settled: none of that changes the queue again.
    await eventually(async () => (await t.a.call('orders.list', {})).find((o) => o.id === placed.id)?.state === 'success', 20_000);
    await settle(1000);
    expect(changed(t.b, fromB)).toEqual([{ pending: 0, awaitingYou: 0 }]);
    expect(changed(t.a, fromA)).toEqual([{ pending: 0, awaitingYou: 0 }]);
  });

  it('a queue with two proposals for one user reads the user, the balance and the rate once', async () => {
    const first = await buy('150.00');
    const second = await buy('160.00');
    // B's rate poller quiet (it polls once at the new interval, then not for 5 minutes), so B's rate reads are the listing's own.
    const before = counter.seen.length;
    await t.b.call('settings.update', { pollingIntervalSeconds: 300 });
    await eventually(() => counter.count(before, /^GET exchange-rates/) > 0, 10_000);
    await settle(500);

    const from = counter.seen.length;
    const queue = await t.b.call('approvals.list', {});
    const mine = queue.filter((p) => p.orderId === first.id || p.orderId === second.id);
    expect(mine).toHaveLength(2);
    for (const p of mine) {
      expect(p).toMatchObject({ state: 'pending', user: { id: ANA }, balanceCurrency: 'eur' });
      expect(p.balance).toMatch(/^\d+(\.\d+)?$/);
      expect(p.rateNow).toMatch(/^\d+(\.\d+)?$/);
    }
    expect(counter.count(from, new RegExp(`^GET users/${ANA}$`))).toBe(1);
    expect(counter.count(from, new RegExp(`^GET users/${ANA}/balances\\?currency_code=eur$`))).toBe(1);
    expect(counter.count(from, /^GET exchange-rates\?pair=btceur$/)).toBe(1);

    await t.b.call('approvals.decide', { orderId: first.id, decision: 'reject', reason: 'Counted' });
    await t.b.call('approvals.decide', { orderId: second.id, decision: 'reject', reason: 'Counted' });
  });

  it('a decision reads the rate once: the rate it records is the rate its answer shows', async () => {
    await t.b.call('policy.update', { saveRules: [rule({ thresholdEur: '1000.00', approvalsNeeded: 2, position: 1 })] });
    const placed = await buy('1500.00');
    await settle(500);
    const from = counter.seen.length;
    const decided = await t.b.call('approvals.decide', { orderId: placed.id, decision: 'approve' });
    // One of two approvals: still pending, so the answer shows the user, balance and rate now.
    expect(decided).toMatchObject({ state: 'pending', approvals: 1, user: { id: ANA } });
    expect(counter.count(from, /^GET exchange-rates\?pair=btceur$/)).toBe(1);
    expect(counter.count(from, new RegExp(`^GET users/${ANA}$`))).toBe(1);
    expect(dec(decided.rateNow!).eq(decided.decisions[0]!.rate!)).toBe(true);
  });
});
