// The SQLite migrator run from the numbered .sql files builds the whole local
// schema, its planner statistics and user_version. (That the files are exactly
// the SQL the TypeScript migrations ran was proven, by comparing sqlite_schema,
// sqlite_stat1 and user_version of both, in the commit that added them.)
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrate } from '../../../main/store/sqlite/migrations';

describe('SQLite migrations from the .sql files', () => {
  it('build every table and index, the planner statistics and the version', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    const names = (
      db.prepare("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY 1").raw().all() as [
        string,
      ][]
    ).map((r) => r[0]);
    expect(names).toEqual([
      'index audit_action',
      'index audit_at',
      'index order_journal_recent',
      'index order_journal_state',
      'index transactions_date',
      'index transactions_pair',
      'index transactions_state',
      'index transactions_text',
      'index transactions_type',
      'index transactions_user',
      'index users_recent',
      'table audit_log',
      'table audit_witness',
      'table bank_accounts_seen',
      'table order_journal',
      'table rate_points',
      'table rate_series',
      'table sqlite_sequence',
      'table sqlite_stat1',
      'table sync_state',
      'table transactions',
      'table users',
    ]);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('order_journal')").raw().all() as [string][]).map((r) => r[0]);
    expect(columns).toContain('hold_until');
    const stats = db.prepare("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'transactions'").raw().get() as [number];
    expect(stats[0]).toBe(7);
    expect((db.prepare('PRAGMA user_version').raw().get() as [number])[0]).toBe(SCHEMA_VERSION);
    db.close();
  });
});
