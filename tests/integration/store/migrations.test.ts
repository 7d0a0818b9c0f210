import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, StoreVersionError, openStore, type Migration } from '../../../main/store/sqlite';
import { tempDir, type TempDir } from './temp-store';

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

function rawVersion(path: string): number {
  const db = new Database(path);
  const row = db.prepare('PRAGMA user_version').raw().get() as [number];
  db.close();
  return row[0];
}

function tables(path: string): string[] {
  const db = new Database(path);
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").raw().all() as [string][];
  db.close();
  return rows.map((r) => r[0]);
}

describe('migrations', () => {
  it('creates every table on a fresh file and records the version', () => {
    const store = openStore(tmp.file());
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.close();
    expect(rawVersion(tmp.file())).toBe(MIGRATIONS.length);
    expect(tables(tmp.file())).toEqual(
      expect.arrayContaining(['users', 'order_journal', 'rate_series', 'rate_points', 'transactions', 'sync_state', 'audit_log']),
    );
  });

  it('creates the parent directory and works in memory', () => {
    const store = openStore(tmp.file('nested/dir/desk.db'));
    store.close();
    expect(rawVersion(tmp.file('nested/dir/desk.db'))).toBe(SCHEMA_VERSION);
    const mem = openStore(':memory:');
    expect(mem.schemaVersion).toBe(SCHEMA_VERSION);
    mem.close();
  });

  it('reopens an existing file without re-running migrations and keeps its data', () => {
    const first = openStore(tmp.file());
    first.users.remember('sandbox', 6, 'created');
    first.close();
    const second = openStore(tmp.file());
    expect(second.users.get('sandbox', 6)?.source).toBe('created');
    second.close();
  });

  it('applies only the migrations a file lacks, in order', () => {
    const v1 = openStore(tmp.file());
    v1.close();
    const applied: number[] = [];
    const extra: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'add notes', up: (db) => (applied.push(1), db.exec('CREATE TABLE notes (x TEXT)')) },
      { version: MIGRATIONS.length + 2, name: 'add more', up: (db) => (applied.push(2), db.exec('CREATE TABLE more (x TEXT)')) },
    ];
    const v3 = openStore(tmp.file(), { migrations: extra });
    expect(v3.schemaVersion).toBe(MIGRATIONS.length + 2);
    v3.close();
    expect(applied).toEqual([1, 2]);
    expect(tables(tmp.file())).toEqual(expect.arrayContaining(['notes', 'more']));
  });

  it('rolls a failing migration back completely and stays at the last good version', () => {
    openStore(tmp.file()).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'half done',
        up: (db) => {
          db.exec('CREATE TABLE half (x TEXT)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openStore(tmp.file(), { migrations: broken })).toThrow('boom');
    expect(rawVersion(tmp.file())).toBe(MIGRATIONS.length);
    expect(tables(tmp.file())).not.toContain('half');
  });

  it('refuses a file written by a newer desk, naming both versions', () => {
    openStore(tmp.file()).close();
    const db = new Database(tmp.file());
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 3}`);
    db.close();
    let error: unknown;
    try {
      openStore(tmp.file());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreVersionError);
    expect((error as StoreVersionError).fileVersion).toBe(SCHEMA_VERSION + 3);
    expect((error as Error).message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 3}.*up to ${SCHEMA_VERSION}.*newer desk`));
    // The file is left untouched.
    expect(rawVersion(tmp.file())).toBe(SCHEMA_VERSION + 3);
  });

  it('rejects a migration list with holes', () => {
    const holes: Migration[] = [{ ...MIGRATIONS[0]!, version: 2 }];
    expect(() => openStore(tmp.file(), { migrations: holes })).toThrow(/expected 1/);
  });

  it('ships planner statistics so a user filter uses the user index, even to count', () => {
    openStore(tmp.file()).close();
    const db = new Database(tmp.file());
    const plan = (
      db
        .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM transactions WHERE profile_id = 'p' AND user_id = 5 AND type = 'buy'")
        .all() as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join(' | ');
    db.close();
    expect(plan).toContain('transactions_user');
  });

  it('uses WAL journaling', () => {
    const store = openStore(tmp.file());
    store.close();
    const db = new Database(tmp.file());
    expect((db.prepare('PRAGMA journal_mode').raw().get() as [string])[0]).toBe('wal');
    db.close();
  });
});
