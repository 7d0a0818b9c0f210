// The team's per-order limit (desk.policy) through the desk: on a shared profile
// the order checks use it instead of the desk's own setting, Settings shows it and
// who set it, a desk admin changes it for every desk, and an operator is refused
// by the database's grant. The Local sandbox keeps the desk's own limit. Desk A
// signs in as an operator, desk B as a desk admin.
import { describe, expect, it } from 'vitest';
import { eventually } from '../services/harness';
import { nextTotpStep, useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
const DESK_DEFAULT_LIMIT = '10000.00';

describe.skipIf(noPostgres)('the team per-order limit through the desk', () => {
  const t = useTwoTeamDesks({ a: 'operator', b: 'admin' });

  const policyRows = (): Promise<Array<{ limit: string | null; by: string }>> =>
    withClient(
      t.adminUrl,
      async (c) =>
        (
          await c.query<{ limit: string | null; by: string }>(
            'SELECT per_order_limit_eur::text AS limit, updated_by AS by FROM desk.policy',
          )
        ).rows,
    );

  it("before the team sets one, the desk's own limit applies and Settings says so", async () => {
    const settings = await t.a.call('settings.get', {});
    expect(settings).toMatchObject({ perOrderLimitEur: DESK_DEFAULT_LIMIT, perOrderLimit: { source: 'desk', shared: true, setBy: null } });
    expect(settings.perOrderLimit.note).toMatch(/team has not set a per-order limit/);
  });

  it('a desk admin sets it in Settings: written to the team database, shown on every desk with who set it, and the checks use it', async () => {
    const saved = await t.b.call('settings.update', { pollingIntervalSeconds: 10, perOrderLimitEur: '100.00' });
    expect(saved).toMatchObject({ perOrderLimitEur: '100.00', perOrderLimit: { source: 'team', setBy: t.loginB.name } });
    expect(await policyRows()).toEqual([{ limit: '100.00', by: t.loginB.name }]);

    // The operator's desk is told, so its Settings reads the limit again without a reload.
    await eventually(() => t.a.eventsNamed('policy.changed').some((e) => e.changed === 'limits'), 5000);
    const onOperator = await t.a.call('settings.get', {});
    expect(onOperator).toMatchObject({
      perOrderLimitEur: '100.00',
      perOrderLimit: { source: 'team', shared: true, setBy: t.loginB.name, note: null },
    });
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

  it("on the Local sandbox the desk's own limit applies", async () => {
    await nextTotpStep(t.sandbox);
    await t.a.call('profiles.select', { profileId: 'local-sandbox' });
    expect(await t.a.call('settings.get', {})).toMatchObject({
      perOrderLimitEur: DESK_DEFAULT_LIMIT,
      perOrderLimit: { source: 'desk', shared: false, setBy: null, note: null },
    });
  });

  it('approval rules as long as the database allows are saved, shown and edited without losing a second', async () => {
    const ruleRows = (): Promise<
      Array<{ id: number; new_account_hours: number | null; expiry_seconds: number; approvals_needed: number }>
    > =>
      withClient(
        t.adminUrl,
        async (c) =>
          (await c.query('SELECT id::int AS id, new_account_hours, expiry_seconds, approvals_needed FROM desk.approval_rules ORDER BY id'))
            .rows,
      );
    // A year since the bank account was added, 30 days to approve: the database's own limits.
    const saved = await t.b.call('policy.update', {
      saveRules: [
        {
          action: 'withdraw',
          thresholdEur: '999999999999.99',
          newAccountHours: 8760,
          approvalsNeeded: 2,
          expirySeconds: 2_592_000,
          enabled: true,
          position: 0,
        },
      ],
    });
    expect(saved.rules).toMatchObject([{ newAccountHours: 8760, expirySeconds: 2_592_000 }]);
    // Every desk on the environment is told the rules changed, through the database (A is on the Local sandbox now).
    await eventually(() => t.b.eventsNamed('policy.changed').some((e) => e.changed === 'rules'), 5000);
    const [long] = await ruleRows();
    expect(long).toMatchObject({ new_account_hours: 8760, expiry_seconds: 2_592_000 });

    // A rule the CLI set to 90 s: what Settings read is what it saves back with another change.
    await withClient(t.adminUrl, (c) => c.query('UPDATE desk.approval_rules SET expiry_seconds = 90 WHERE id = $1', [long!.id]));
    const [shown] = (await t.b.call('policy.get', {})).rules;
    expect(shown).toMatchObject({ expirySeconds: 90 });
    const { id, action, thresholdEur, newAccountHours, expirySeconds, enabled, position } = shown!;
    await t.b.call('policy.update', {
      saveRules: [{ id, action, thresholdEur, newAccountHours, approvalsNeeded: 3, expirySeconds, enabled, position }],
    });
    expect(await ruleRows()).toEqual([{ id: long!.id, new_account_hours: 8760, expiry_seconds: 90, approvals_needed: 3 }]);

    // Past the database's limits: refused at the bridge, saying which field, and nothing written.
    const refused = await t.b.fail('policy.update', {
      saveRules: [{ id, action, thresholdEur, newAccountHours, approvalsNeeded: 3, expirySeconds: 2_592_001, enabled, position }],
    });
    expect(refused.kind).toBe('invalid_input');
    expect(refused.fieldErrors?.['saveRules.0.expirySeconds']).toEqual(['Expiry in seconds: at most 2592000.']);
    expect((await ruleRows())[0]!.expiry_seconds).toBe(90);

    await t.b.call('policy.update', { removeRules: [long!.id] });
  });
});
