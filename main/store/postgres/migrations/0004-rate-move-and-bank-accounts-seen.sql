-- Migration 4 of the team database: what the desk needs around four-eyes
-- approvals (issue 13).
--
--  - desk.policy.rate_move_percent: how far the rate may move between a
--    proposal and its approval before the approver must confirm again at the new
--    rate. Admin-only writes, like the per-order limit (desk.policy's grants).
--    Its default, 2.00, is DEFAULT_RATE_MOVE_PERCENT in constants.ts (the desk
--    shows it when no policy row exists yet).
--  - desk.bank_accounts_seen: when any desk of the team first knew a user's bank
--    account, in the database's clock and in the name of the login that noted it.
--    The "bank account added less than N hours ago" rule counts from here, so a
--    desk that never saw the account before cannot make it look new or old.
--    Rows are only ever inserted: first seen never changes.

ALTER TABLE desk.policy
  ADD COLUMN rate_move_percent numeric(4, 2) NOT NULL DEFAULT 2.00
    CHECK (rate_move_percent >= 0 AND rate_move_percent < 100);

CREATE TABLE desk.bank_accounts_seen (
  environment     text NOT NULL REFERENCES desk.environments (key),
  user_id         bigint NOT NULL CHECK (user_id > 0),
  bank_account_id bigint NOT NULL CHECK (bank_account_id > 0),
  first_seen_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  first_seen_by   text NOT NULL DEFAULT session_user,
  source          text NOT NULL CHECK (source IN ('added', 'listed')),
  PRIMARY KEY (environment, user_id, bank_account_id)
);
-- The time and the login are the database's, whatever a client sent.
CREATE FUNCTION desk.bank_accounts_seen_stamp() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.first_seen_at := clock_timestamp();
  RETURN NEW;
END
$fn$;
CREATE TRIGGER stamp_time BEFORE INSERT ON desk.bank_accounts_seen
  FOR EACH ROW EXECUTE FUNCTION desk.bank_accounts_seen_stamp();
CREATE TRIGGER stamp_who BEFORE INSERT ON desk.bank_accounts_seen
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('first_seen_by');

GRANT SELECT, INSERT ON desk.bank_accounts_seen TO desk_operator;
