// What an operator sees through the desk when another login's session holds the audit
// trail's chain head open (issue 19): a buy that needs approval — its proposal and audit
// entry one INSERT, which takes that lock — is refused after the desk's lock timeout in
// words that say the database is busy and nothing was written, instead of the desk
// waiting as long as the holder likes; nothing reaches the journal or Kriptomat, and
// once the holder ends the same buy goes through.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRuleInput } from '../../../shared/api/approvals';
import { useOneTeamDesk } from './desk-support';
import { addLogin, noPostgres, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)

const RULE: ApprovalRuleInput = {
  action: 'buy',
  thresholdEur: '100.00',
  newAccountHours: null,
  approvalsNeeded: 1,
  expirySeconds: 86_400,
  enabled: true,
  position: 0,
};

describe.skipIf(noPostgres)('a desk meeting a lock held open by another login', () => {
  const t = useOneTeamDesk('boss', 'admin');
  let holder: pg.Client | null = null;
  afterEach(async () => {
    await holder?.end().catch(() => undefined);
    holder = null;
  });

  const orderRows = (): Promise<number> =>
    withClient(t.adminUrl, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM desk.orders')).rows[0]!.n));

  it('a buy needing approval is refused as busy, in words, with nothing written or sent; it goes through once the holder ends', async () => {
    await t.h.call('policy.update', { saveRules: [RULE] });
    const mallory = await addLogin(t.cluster, t.adminUrl, 'mallory', 'operator');
    holder = new pg.Client({ connectionString: mallory.url });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('SET idle_in_transaction_session_timeout = 0');
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO desk.audit_log (action, summary, outcome) VALUES ('note', 'left open on purpose', 'ok')`);
    const [rowsBefore, sentBefore] = [await orderRows(), await t.h.transactionCount()];

    const order = { profileId: t.profileId, userId: ANA, side: 'buy' as const, pair: 'btceur', amount: '150.00' };
    const refused = await t.h.fail('orders.place', order);
    expect(refused).toEqual({
      kind: 'timeout',
      message: expect.stringMatching(
        /^The team database at .+ is busy: another session holds a lock this change needs \(on relation "audit_chain_head"\)\. Nothing was written; try again in a moment\.$/,
      ) as unknown,
    });
    expect(await orderRows()).toBe(rowsBefore);
    expect(await t.h.transactionCount()).toBe(sentBefore);

    await holder.query('ROLLBACK');
    const placed = await t.h.call('orders.place', order);
    expect(placed.state).toBe('awaiting_approval');
    expect(await orderRows()).toBe(rowsBefore + 1);
    expect(await t.h.transactionCount()).toBe(sentBefore);
  });
});
