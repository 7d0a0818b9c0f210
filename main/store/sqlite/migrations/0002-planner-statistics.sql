-- Migration 2 of the desk's own SQLite file: planner statistics for the
-- transaction cache.
--
-- Without statistics SQLite cannot know that a user id (hundreds of values)
-- narrows far more than a type or state (a handful), and it counted a
-- user's rows by scanning the whole cache. These hand-written figures
-- describe the cache's shape at 100k rows (SQLite documents writing
-- sqlite_stat1 by hand); a later real ANALYZE simply replaces them.

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
