// The team's per-order limit (desk.policy) through the desk: on a shared profile
// the order checks use it instead of the desk's own setting, Settings shows it and
// who set it, a desk admin changes it for every desk, and an operator is refused
// by the database's grant. The Local sandbox keeps the desk's own limit. Desk A
// signs in as an operator, desk B as a desk admin.
import { describe, expect, it } from 'vitest';
import { nextTotpStep, useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
const DESK_DEFAULT_LIMIT = '10000.00';

describe.skipIf(noPostgres)('the team per-order limit through the desk', () => {
  const t = useTwoTeamDesks({ a: 'operator', b: 'admin' });

  const policyRows = (): Promise<Array<{ limit: string | null; by: string }>> =>
    withClient(t.adminUrl, async (c) => (await c.query<{ limit: string | null; by: string }>('SELECT per_order_limit_eur::text AS limit, updated_by AS by FROM desk.policy')).rows);

  it('before the team sets one, the desk\'s own limit applies and Settings says so', async () => {
    const settings = await t.a.call('settings.get', {});
    expect(settings).toMatchObject({ perOrderLimitEur: DESK_DEFAULT_LIMIT, perOrderLimit: { source: 'desk', shared: true, setBy: null } });
    expect(settings.perOrderLimit.note).toMatch(/team has not set a per-order limit/);
  });

  it('a desk admin sets it in Settings: written to the team database, shown on every desk with who set it, and the checks use it', async () => {
    const saved = await t.b.call('settings.update', { pollingIntervalSeconds: 10, perOrderLimitEur: '100.00' });
    expect(saved).toMatchObject({ perOrderLimitEur: '100.00', perOrderLimit: { source: 'team', setBy: t.loginB.name } });
    expect(await policyRows()).toEqual([{ limit: '100.00', by: t.loginB.name }]);

    const onOperator = await t.a.call('settings.get', {});
    expect(onOperator).toMatchObject({ perOrderLimitEur: '100.00', perOrderLimit: { source: 'team', shared: true, setBy: t.loginB.name, note: null } });
    expect(onOperator.perOrderLimit.setAtMs).toEqual(expect.any(Number));

    // The operator's desk still has its own 10000.00 setting; the team's 100.00 decides.
    const before = await t.a.transactionCount();
    const refused = await t.a.fail('orders.place', { profileId: t.profileA, userId: ANA, side: 'buy', pair: 'btceur', amount: '150.00' });
    expect(refused.kind).toBe('limit_exceeded');
    expect(refused.message).toMatch(/over the per-order limit of 100\.00 EUR/);
    expect(await t.a.transactionCount()).toBe(before);
  });

  it('an operator who changes it is refused by the grant, in plain words; saving other settings with it unchanged works', async () => {
    const refused = await t.a.fail('settings.update', { pollingIntervalSeconds: 10, perOrderLimitEur: '5000.00' });
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toMatch(/Only a desk admin may change the team's per-order limit/);
    expect(await policyRows()).toEqual([{ limit: '100.00', by: t.loginB.name }]);
    // The form sends every field: the same limit is no change of policy.
    expect(await t.a.call('settings.update', { pollingIntervalSeconds: 12, perOrderLimitEur: '100' })).toMatchObject({
      pollingIntervalSeconds: 12,
      perOrderLimitEur: '100.00',
    });
    const { rows } = await t.a.call('audit.query', { filter: { action: 'settings.update', outcome: 'error' }, limit: 1, offset: 0 });
    expect(rows[0]!.summary).toMatch(/Only a desk admin/);
  });

  it('on the Local sandbox the desk\'s own limit applies', async () => {
    await nextTotpStep(t.sandbox);
    await t.a.call('profiles.select', { profileId: 'local-sandbox' });
    expect(await t.a.call('settings.get', {})).toMatchObject({
      perOrderLimitEur: DESK_DEFAULT_LIMIT,
      perOrderLimit: { source: 'desk', shared: false, setBy: null, note: null },
    });
  });
});
