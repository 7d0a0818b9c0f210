// The one SQLite connection of the desk. libsql is used through its
// better-sqlite3-compatible synchronous API: it is an N-API module, so the same
// binary loads in Node (tests, browser harness) and in Electron without a rebuild.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';

export type Db = Database.Database;

export function openConnection(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers never block the single writer, and a commit is one append.
  // synchronous=NORMAL: a commit survives a crash of the process (the WAL is
  // already in the OS), only an OS crash or power cut can lose the last commits
  // — fine for caches and rates. The order journal upgrades itself to FULL per
  // write (see `durably`), because it must survive a power cut as well.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

/**
 * Runs `fn` in one IMMEDIATE transaction (takes the write lock up front, so no
 * upgrade deadlock). Called inside another, it joins the outer transaction.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Like `inTransaction`, but the commit is fsync'd before this returns
 * (synchronous=FULL syncs the WAL on every commit). The safety level cannot be
 * changed inside a transaction, so it is raised around it and restored after.
 */
export function durably<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) throw new Error('A durable write cannot join an open transaction');
  db.exec('PRAGMA synchronous = FULL');
  try {
    return inTransaction(db, fn);
  } finally {
    db.exec('PRAGMA synchronous = NORMAL');
  }
}

/** PRAGMA user_version: the number of the last migration applied. */
export function userVersion(db: Db): number {
  const row = db.prepare('PRAGMA user_version').raw().get() as unknown[] | undefined;
  return Number(row?.[0] ?? 0);
}
