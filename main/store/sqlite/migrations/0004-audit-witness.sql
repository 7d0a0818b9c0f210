-- Migration 4 of the desk's own SQLite file: the witness of each team audit trail.
--
-- audit_witness: per team database (trail: its host, port and database name), the
-- newest audit chain row this desk has seen — id and SHA-256 hash (hex) — and when
-- (ms). Kept here, out of reach of any database login, so a trail whose newest rows
-- were deleted and whose head was moved back no longer verifies on this desk
-- (main/store/audit-witness.ts).

        CREATE TABLE audit_witness (
          trail     TEXT PRIMARY KEY,
          last_id   INTEGER NOT NULL CHECK (last_id > 0),
          last_hash TEXT NOT NULL CHECK (length(last_hash) = 64),
          seen_at   INTEGER NOT NULL
        );
