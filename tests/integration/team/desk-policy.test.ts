// The team's per-order limit (desk.policy) through the desk: on a shared profile
// the order checks use it instead of the desk's own setting, Settings shows it and
// who set it, a desk admin changes it for every desk, and an operator is refused
// by the database's grant. The Local sandbox keeps the desk's own limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team/dev-cluster';
import type { DeskHarness } from '../services/harness';
import { nextTotpStep, startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
const DESK_DEFAULT_LIMIT = '10000.00';

describe.skipIf(noPostgres)('the team per-order limit through the desk', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let sandbox: RunningSandbox;
  let operator: DeskHarness;
  let admin: DeskHarness;
  let adminName: string;
  let profileId: string;

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    const alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    const bob = await addLogin(cluster, adminUrl, 'bob', 'admin');
    adminName = bob.name;
    sandbox = await startSandbox({ seed: 7 });
    ({ h: operator, profileId } = await startTeamDesk(sandbox, alice.url));
    ({ h: admin } = await startTeamDesk(sandbox, bob.url));
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await operator?.close();
    await admin?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  const policyRows = (): Promise<Array<{ limit: string | null; by: string }>> =>
    withClient(adminUrl, async (c) => (await c.query<{ limit: string | null; by: string }>('SELECT per_order_limit_eur::text AS limit, updated_by AS by FROM desk.policy')).rows);

  it('before the team sets one, the desk\'s own limit applies and Settings says so', async () => {
    const settings = await operator.call('settings.get', {});
    expect(settings).toMatchObject({ perOrderLimitEur: DESK_DEFAULT_LIMIT, perOrderLimit: { source: 'desk', shared: true, setBy: null } });
    expect(settings.perOrderLimit.note).toMatch(/team has not set a per-order limit/);
  });

  it('a desk admin sets it in Settings: written to the team database, shown on every desk with who set it, and the checks use it', async () => {
    const saved = await admin.call('settings.update', { pollingIntervalSeconds: 10, perOrderLimitEur: '100.00' });
    expect(saved).toMatchObject({ perOrderLimitEur: '100.00', perOrderLimit: { source: 'team', setBy: adminName } });
    expect(await policyRows()).toEqual([{ limit: '100.00', by: adminName }]);

    const onOperator = await operator.call('settings.get', {});
    expect(onOperator).toMatchObject({ perOrderLimitEur: '100.00', perOrderLimit: { source: 'team', shared: true, setBy: adminName, note: null } });
    expect(onOperator.perOrderLimit.setAtMs).toEqual(expect.any(Number));

    // The operator's desk still has its own 10000.00 setting; the team's 100.00 decides.
    const before = await operator.transactionCount();
    const refused = await operator.fail('orders.place', { profileId, userId: ANA, side: 'buy', pair: 'btceur', amount: '150.00' });
    expect(refused.kind).toBe('limit_exceeded');
    expect(refused.message).toMatch(/over the per-order limit of 100\.00 EUR/);
    expect(await operator.transactionCount()).toBe(before);
  });

  it('an operator who changes it is refused by the grant, in plain words; saving other settings with it unchanged works', async () => {
    const refused = await operator.fail('settings.update', { pollingIntervalSeconds: 10, perOrderLimitEur: '5000.00' });
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toMatch(/Only a desk admin may change the team's per-order limit/);
    expect(await policyRows()).toEqual([{ limit: '100.00', by: adminName }]);
    // The form sends every field: the same limit is no change of policy.
    expect(await operator.call('settings.update', { pollingIntervalSeconds: 12, perOrderLimitEur: '100' })).toMatchObject({
      pollingIntervalSeconds: 12,
      perOrderLimitEur: '100.00',
    });
    const { rows } = await operator.call('audit.query', { filter: { action: 'settings.update', outcome: 'error' }, limit: 1, offset: 0 });
    expect(rows[0]!.summary).toMatch(/Only a desk admin/);
  });

  it('on the Local sandbox the desk\'s own limit applies', async () => {
    await nextTotpStep(sandbox);
    await operator.call('profiles.select', { profileId: 'local-sandbox' });
    expect(await operator.call('settings.get', {})).toMatchObject({
      perOrderLimitEur: DESK_DEFAULT_LIMIT,
      perOrderLimit: { source: 'desk', shared: false, setBy: null, note: null },
    });
  });
});
