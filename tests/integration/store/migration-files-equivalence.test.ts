// Proof that moving the SQLite migrations from TypeScript strings to numbered
// .sql files changed nothing: each file is the string the old step passed to
// exec, after its header comment, and a file migrated by either has the same
// sqlite_schema (CREATE text included), planner statistics and user_version.
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS as FROM_TS } from '../../../main/store/sqlite/migrations';
import { SQLITE_MIGRATION_FILES } from '../../../main/store/sqlite/migration-files';
import { migrate, type Migration } from '../../../main/store/sqlite/migrations';

const FROM_FILES: Migration[] = SQLITE_MIGRATION_FILES.map((m) => ({ version: m.version, name: m.name, up: (db) => db.exec(m.sql) }));

function body(sql: string): string {
  return sql.replace(/^(--[^\n]*\n)+/, '').trim();
}

function execText(m: Migration): string {
  const seen: string[] = [];
  m.up({ exec: (sql: string) => void seen.push(sql) } as never);
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

function built(migrations: readonly Migration[]): unknown {
  const db = new Database(':memory:');
  migrate(db, ':memory:', migrations);
  const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name').raw().all();
  const stats = db.prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx').raw().all();
  const version = db.prepare('PRAGMA user_version').raw().get();
  db.close();
  return { schema, stats, version };
}

describe('SQLite migrations as .sql files', () => {
  it('are the same SQL as the TypeScript steps, version for version', () => {
    expect(SQLITE_MIGRATION_FILES.map((m) => m.version)).toEqual(FROM_TS.map((m) => m.version));
    SQLITE_MIGRATION_FILES.forEach((m, i) => expect(body(m.sql)).toBe(execText(FROM_TS[i]!).trim()));
  });

  it('build the same schema, statistics and user_version', () => {
    const expected = built(FROM_TS);
    expect(JSON.stringify(expected)).toContain('bank_accounts_seen');
    expect(built(FROM_FILES)).toEqual(expected);
  });
});
