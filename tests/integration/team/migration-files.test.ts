// The team migrator run from the numbered .sql files builds the whole schema and
// records each file's version and name. (That the files are exactly the SQL the
// TypeScript migrations ran was proven, by comparing pg_dump --schema-only of
// both, in the commit that added them; schema.test.ts and the store tests cover
// what the schema does.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { TEAM_SCHEMA_VERSION } from '../../../main/store/postgres/constants';
import { TEAM_MIGRATIONS } from '../../../main/store/postgres/migration-files';
import { CLUSTER_TIMEOUT_MS, freshDatabase, noPostgres, startCluster, withClient } from './support';

const TABLES = [
  'account_changes',
  'approval_rules',
  'approvals',
  'audit_chain_head',
  'audit_log',
  'bank_accounts_seen',
  'environments',
  'orders',
  'policy',
  'rates',
  'schema_migrations',
  'sync_state',
  'transactions',
  'users',
];

const FUNCTIONS = [
  'account_change_approval_state',
  'acting_as_owner',
  'audit_account_change',
  'audit_approval_rule',
  'audit_canonical',
  'audit_chain',
  'audit_field',
  'audit_proposal',
  'decide_account_change',
  'decide_proposal',
  'describe_account_change',
  'describe_approval_rule',
  'describe_order',
  'expire_account_changes',
  'expire_proposals',
  'match_approval_rule',
  'notify_change',
  'notify_sync',
  'orders_approval_guard',
  'orders_guard',
  'stamp_session_user',
  'withdraw_proposal',
];

describe.skipIf(noPostgres)('team migrations from the .sql files', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, CLUSTER_TIMEOUT_MS);
  afterAll(() => cluster?.stop(), CLUSTER_TIMEOUT_MS);

  it('build every table and function of the desk schema and record each file', async () => {
    const url = await freshDatabase(cluster);
    await withClient(url, async (c) => {
      const tables = await c.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'desk' ORDER BY 1");
      expect(tables.rows.map((r) => r.name)).toEqual(TABLES);
      const functions = await c.query<{ name: string }>(
        "SELECT DISTINCT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'desk' ORDER BY 1",
      );
      expect(functions.rows.map((r) => r.name)).toEqual(expect.arrayContaining(FUNCTIONS));
      const recorded = await c.query<{ version: number; name: string }>(
        'SELECT version, name FROM desk.schema_migrations ORDER BY version',
      );
      expect(recorded.rows).toEqual(TEAM_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      expect(recorded.rows.at(-1)?.version).toBe(TEAM_SCHEMA_VERSION);
    });
  });
});
