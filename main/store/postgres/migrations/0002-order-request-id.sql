-- Migration 2 of the team database: the order journal's request id.
--
-- A desk names each journal row it writes with a request id of its own before
-- the INSERT, so that when the answer to the INSERT is lost (the connection
-- drops after the commit) it can ask whether the row exists instead of guessing.
-- Only the writer's own rows are looked up by it (placed_by = session_user), and
-- like the idempotency key it never changes once written.

ALTER TABLE desk.orders ADD COLUMN request_id uuid UNIQUE;
CREATE FUNCTION desk.orders_keep_request_id() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.request_id := OLD.request_id;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER keep_request_id BEFORE UPDATE ON desk.orders
  FOR EACH ROW EXECUTE FUNCTION desk.orders_keep_request_id();
