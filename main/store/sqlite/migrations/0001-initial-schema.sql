-- Migration 1 of the desk's own SQLite file: the initial schema — users, the
-- order journal, rates, transactions, sync state, audit.
--
-- Numbered, forward-only: the number of the last one applied lives in
-- PRAGMA user_version. Never edit a shipped migration: add a file with the next
-- number. The statements keep the indentation they always had, because SQLite
-- stores each CREATE's text as written (sqlite_schema.sql).

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
