-- Migration 3 of the desk's own SQLite file: held withdrawals and when each bank
-- account was first seen.
--
-- hold_until: a withdrawal to a bank account added less than the hold ago is
-- journaled `held` and sent only after this time (ms). bank_accounts_seen: the
-- API says nothing of when an account was added, so the desk keeps when it
-- added one itself or first saw it listed.

        ALTER TABLE order_journal ADD COLUMN hold_until INTEGER;
        CREATE TABLE bank_accounts_seen (
          profile_id      TEXT NOT NULL,
          user_id         INTEGER NOT NULL,
          bank_account_id INTEGER NOT NULL,
          first_seen_at   INTEGER NOT NULL,
          source          TEXT NOT NULL CHECK (source IN ('added', 'listed')),
          PRIMARY KEY (profile_id, user_id, bank_account_id)
        );
