// Numbered, forward-only schema migrations. The number of the last one applied
// lives in PRAGMA user_version (in the file header, so it is committed or rolled
// back with the migration itself). Never edit a shipped migration: append one.
import { inTransaction, userVersion, type Db } from './connection';

export interface Migration {
  /** 1, 2, 3 … in array order, no holes. */
  version: number;
  name: string;
  up: (db: Db) => void;
}

export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The desk's data file ${path} has schema version ${fileVersion}, but this version of Kriptomat Desk ` +
        `knows only up to ${knownVersion}: it was written by a newer desk. Update the desk, or move the file aside ` +
        `to start with an empty one.`,
    );
  }
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema: users, order journal, rates, transactions, audit',
    up: (db) =>
      db.exec(`
        -- Users per environment profile: ids of one environment mean nothing in another.
        CREATE TABLE users (
          profile_id    TEXT    NOT NULL,
          user_id       INTEGER NOT NULL,
          source        TEXT    NOT NULL,          -- created | opened | discovered
          email         TEXT,
          name          TEXT,
          surname       TEXT,
          phone         TEXT,
          status        TEXT,
          kyc_status    TEXT,
          profile_json  TEXT,                      -- the API's user object as last fetched
          search_text   TEXT    NOT NULL,          -- lower-cased id, names, e-mail, phone
          fetched_at    INTEGER,                   -- when profile_json was fetched (ms)
          first_seen_at INTEGER NOT NULL,
          last_seen_at  INTEGER NOT NULL,
          PRIMARY KEY (profile_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX users_recent ON users (profile_id, last_seen_at);

        -- Written before an order is sent; the idempotency key makes a re-send safe.
        CREATE TABLE order_journal (
          id               TEXT    PRIMARY KEY,
          profile_id       TEXT    NOT NULL,
          user_id          INTEGER NOT NULL,
          kind             TEXT    NOT NULL CHECK (kind IN ('buy', 'sell', 'withdraw')),
          pair             TEXT,
          amount           TEXT    NOT NULL,       -- decimal text, never REAL
          bank_account_id  INTEGER,
          idempotency_key  TEXT    NOT NULL UNIQUE,
          state            TEXT    NOT NULL,
          transaction_id   INTEGER,
          error            TEXT,
          created_at       INTEGER NOT NULL,
          updated_at       INTEGER NOT NULL
        );
        CREATE INDEX order_journal_state ON order_journal (profile_id, state);
        CREATE INDEX order_journal_recent ON order_journal (profile_id, created_at);

        -- A series is one (profile, pair); points refer to it by a small integer so
        -- 120k points a week per pair do not repeat the strings.
        CREATE TABLE rate_series (
          id         INTEGER PRIMARY KEY,
          profile_id TEXT NOT NULL,
          pair       TEXT NOT NULL,
          UNIQUE (profile_id, pair)
        );
        CREATE TABLE rate_points (
          series_id  INTEGER NOT NULL REFERENCES rate_series (id) ON DELETE CASCADE,
          ts         INTEGER NOT NULL,             -- the API's timestamp, epoch ms
          price      TEXT    NOT NULL,
          price_buy  TEXT    NOT NULL,
          price_sell TEXT    NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;

        CREATE TABLE transactions (
          profile_id  TEXT    NOT NULL,
          id          INTEGER NOT NULL,
          user_id     INTEGER NOT NULL,
          type        TEXT    NOT NULL,
          amount      TEXT,
          pair        TEXT,
          price       TEXT,
          date        TEXT    NOT NULL,            -- as the API sent it (UTC wall time, no zone)
          date_ms     INTEGER NOT NULL,            -- the same instant, for range filters and sorting
          state       TEXT    NOT NULL,
          fee         TEXT,
          subtotal    TEXT,
          total       TEXT,
          search_text TEXT    NOT NULL,
          fetched_at  INTEGER NOT NULL,
          PRIMARY KEY (profile_id, id)
        ) WITHOUT ROWID;                           -- so every index ends in (profile_id, id): the id tie-break sorts for free
        CREATE INDEX transactions_date  ON transactions (profile_id, date_ms, id);
        CREATE INDEX transactions_user  ON transactions (profile_id, user_id, date_ms);
        CREATE INDEX transactions_type  ON transactions (profile_id, type, date_ms);
        CREATE INDEX transactions_state ON transactions (profile_id, state, date_ms);
        CREATE INDEX transactions_pair  ON transactions (profile_id, pair, date_ms);
        -- Free text cannot use a b-tree, but scanning this narrow covering index
        -- beats reading every full row (or worse, looking each one up by key).
        CREATE INDEX transactions_text  ON transactions (profile_id, search_text, date_ms);

        -- Whether the cache holds the complete history of a scope ('all' or 'user:<id>'),
        -- which is what makes "stop at the first known page" safe.
        CREATE TABLE sync_state (
          profile_id TEXT    NOT NULL,
          scope      TEXT    NOT NULL,
          complete   INTEGER NOT NULL,
          synced_at  INTEGER NOT NULL,
          PRIMARY KEY (profile_id, scope)
        ) WITHOUT ROWID;

        CREATE TABLE audit_log (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          at         INTEGER NOT NULL,
          os_user    TEXT    NOT NULL,
          profile_id TEXT,
          action     TEXT    NOT NULL,
          summary    TEXT    NOT NULL,
          outcome    TEXT    NOT NULL CHECK (outcome IN ('ok', 'error')),
          detail     TEXT                          -- JSON, passed through redact()
        );
        CREATE INDEX audit_at ON audit_log (at);
        CREATE INDEX audit_action ON audit_log (action, at);
      `),
  },
  {
    version: 2,
    name: 'planner statistics for the transaction cache',
    // Without statistics SQLite cannot know that a user id (hundreds of values)
    // narrows far more than a type or state (a handful), and it counted a
    // user's rows by scanning the whole cache. These hand-written figures
    // describe the cache's shape at 100k rows (SQLite documents writing
    // sqlite_stat1 by hand); a later real ANALYZE simply replaces them.
    up: (db) =>
      db.exec(`
        ANALYZE sqlite_schema;
        DELETE FROM sqlite_stat1 WHERE tbl = 'transactions';
        INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
          ('transactions', 'transactions', '100000 50000 1'),
          ('transactions', 'transactions_date', '100000 50000 2 1'),
          ('transactions', 'transactions_user', '100000 50000 100 2 1'),
          ('transactions', 'transactions_type', '100000 50000 12500 2 1'),
          ('transactions', 'transactions_state', '100000 50000 15000 2 1'),
          ('transactions', 'transactions_pair', '100000 50000 15000 2 1'),
          ('transactions', 'transactions_text', '100000 50000 2 1 1');
        ANALYZE sqlite_schema;
      `),
  },
  {
    version: 3,
    name: 'held withdrawals and when each bank account was first seen',
    // hold_until: a withdrawal to a bank account added less than the hold ago is
    // journaled `held` and sent only after this time (ms). bank_accounts_seen: the
    // API says nothing of when an account was added, so the desk keeps when it
    // added one itself or first saw it listed.
    up: (db) =>
      db.exec(`
        ALTER TABLE order_journal ADD COLUMN hold_until INTEGER;
        CREATE TABLE bank_accounts_seen (
          profile_id      TEXT NOT NULL,
          user_id         INTEGER NOT NULL,
          bank_account_id INTEGER NOT NULL,
          first_seen_at   INTEGER NOT NULL,
          source          TEXT NOT NULL CHECK (source IN ('added', 'listed')),
          PRIMARY KEY (profile_id, user_id, bank_account_id)
        );
      `),
  },
];

/** The schema version this build of the desk writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file up to the last migration, one transaction per migration, so a
 * failure leaves the file at the last good version. Refuses a file from a newer desk.
 * Returns the version the file was at before.
 */
export function migrate(db: Db, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const before = userVersion(db);
  if (before > migrations.length) throw new StoreVersionError(path, before, migrations.length);
  for (const m of migrations.slice(before)) {
    inTransaction(db, () => {
      m.up(db);
      // PRAGMA takes no bound parameters; the version is a checked integer.
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
  }
  return before;
}
