-- Migration 1 of the team database: environments, users, the order journal,
-- transactions, sync state, policy, the hash-chained audit log, grants.
--
-- Everything lives in the `desk` schema; every shared table is keyed by
-- environment (desk.environments: the API's base URL and the partner client id),
-- so staging and production never mix. Never edit a shipped migration: add a file
-- with the next number.
--
-- Three rules are enforced by the database itself, not by the desk:
--  - who did something is `session_user` (a DEFAULT, and a BEFORE trigger that
--    overwrites whatever a client sent);
--  - the order journal's id and idempotency key are minted by the database and
--    never change;
--  - the audit log is append-only and hash-chained (see audit-chain.ts for the
--    canonical form; desk.audit_canonical below is its SQL twin).
--
-- Every change notification goes to the channel 'desk_changes' (CHANGE_CHANNEL in
-- constants.ts, which the listener LISTENs on; payload: see listener.ts).

-- Stamps the columns named in TG_ARGV with session_user. A name with a leading
-- '+' is stamped on every write (last writer); a plain name only on INSERT, and
-- an UPDATE keeps the old value, so neither can be chosen by a client.
CREATE FUNCTION desk.stamp_session_user() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  col text;
  stamp jsonb := '{}'::jsonb;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF left(col, 1) = '+' THEN
      stamp := stamp || jsonb_build_object(substr(col, 2), session_user);
    ELSIF TG_OP = 'INSERT' THEN
      stamp := stamp || jsonb_build_object(col, session_user);
    ELSE
      stamp := stamp || jsonb_build_object(col, to_jsonb(OLD) -> col);
    END IF;
  END LOOP;
  RETURN jsonb_populate_record(NEW, stamp);
END
$fn$;

-- One small notification per changed row: table, operation, environment, the
-- row's id (TG_ARGV[0] names its column) and, for orders, the state.
CREATE FUNCTION desk.notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  row_json jsonb := to_jsonb(NEW);
  payload jsonb;
BEGIN
  payload := jsonb_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP),
                                'environment', row_json ->> 'environment', 'id', row_json ->> TG_ARGV[0]);
  IF TG_NARGS > 1 THEN
    payload := payload || jsonb_build_object(TG_ARGV[1], row_json ->> TG_ARGV[1]);
  END IF;
  PERFORM pg_notify('desk_changes', payload::text);
  RETURN NULL;
END
$fn$;

-- Sync results: one notification per statement and environment with the number
-- of rows, not one per transaction row (a sync writes pages of them).
CREATE FUNCTION desk.notify_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT environment, count(*) AS n FROM changed GROUP BY environment LOOP
    PERFORM pg_notify('desk_changes', jsonb_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP),
                                                          'environment', r.environment, 'count', r.n)::text);
  END LOOP;
  RETURN NULL;
END
$fn$;

CREATE TABLE desk.environments (
  key           text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 400),
  base_url      text NOT NULL,
  client_id     bigint NOT NULL CHECK (client_id > 0),
  registered_at timestamptz NOT NULL DEFAULT now(),
  registered_by text NOT NULL DEFAULT session_user,
  UNIQUE (base_url, client_id)
);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.environments
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('registered_by');

-- The API cannot list users: every desk adds the users it created, opened or saw.
CREATE TABLE desk.users (
  environment   text NOT NULL REFERENCES desk.environments (key),
  user_id       bigint NOT NULL CHECK (user_id > 0),
  source        text NOT NULL CHECK (source IN ('created', 'opened', 'discovered')),
  email         text,
  name          text,
  surname       text,
  phone         text,
  status        text,
  kyc_status    text,
  profile       jsonb,                        -- the API's user object as last fetched
  search_text   text NOT NULL,                -- lower-cased id, names, e-mail, phone
  fetched_at    timestamptz,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  first_seen_by text NOT NULL DEFAULT session_user,
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL DEFAULT session_user,
  PRIMARY KEY (environment, user_id)
);
CREATE INDEX users_recent ON desk.users (environment, last_seen_at);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.users
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('first_seen_by', '+updated_by');
CREATE TRIGGER notify AFTER INSERT OR UPDATE ON desk.users
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('user_id');

-- Written before an order is sent. The desk that sends holds a lease
-- (claimed_by, lease_expires_at); once it has expired another desk may resend
-- with the same idempotency key.
CREATE TABLE desk.orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigint GENERATED ALWAYS AS IDENTITY,   -- write order, for stable sorting
  environment      text NOT NULL REFERENCES desk.environments (key),
  user_id          bigint NOT NULL CHECK (user_id > 0),
  kind             text NOT NULL CHECK (kind IN ('buy', 'sell', 'withdraw')),
  pair             text,
  amount           text NOT NULL CHECK (amount ~ '^[0-9]+([.][0-9]+)?$'),  -- decimal text exactly as sent
  bank_account_id  bigint,
  idempotency_key  uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  state            text NOT NULL DEFAULT 'sending',
  transaction_id   bigint,
  error            text,
  placed_by        text NOT NULL DEFAULT session_user,
  updated_by       text NOT NULL DEFAULT session_user,
  claimed_by       text,
  lease_expires_at timestamptz,
  send_attempts    integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (CASE kind WHEN 'withdraw' THEN bank_account_id IS NOT NULL ELSE pair IS NOT NULL END),
  CHECK ((claimed_by IS NULL) = (lease_expires_at IS NULL))
);
CREATE INDEX orders_state ON desk.orders (environment, state, created_at, seq);
CREATE INDEX orders_recent ON desk.orders (environment, created_at, seq);

-- The id and the idempotency key are the database's: minted on INSERT whatever
-- a client sent, never changed by an UPDATE. A claim is always made in the
-- writer's own name.
CREATE FUNCTION desk.orders_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.id := gen_random_uuid();
    NEW.idempotency_key := gen_random_uuid();
    NEW.created_at := now();
  ELSE
    NEW.id := OLD.id;
    NEW.idempotency_key := OLD.idempotency_key;
    NEW.created_at := OLD.created_at;
  END IF;
  NEW.updated_at := clock_timestamp();
  IF NEW.claimed_by IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.claimed_by IS DISTINCT FROM OLD.claimed_by
                                     OR NEW.lease_expires_at IS DISTINCT FROM OLD.lease_expires_at) THEN
    NEW.claimed_by := session_user;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON desk.orders
  FOR EACH ROW EXECUTE FUNCTION desk.orders_guard();
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.orders
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('placed_by', '+updated_by');
CREATE TRIGGER notify AFTER INSERT OR UPDATE ON desk.orders
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('id', 'state');

-- One sync serves every desk. Money is numeric (exact, sorts by value).
CREATE TABLE desk.transactions (
  environment text NOT NULL REFERENCES desk.environments (key),
  id          bigint NOT NULL,
  user_id     bigint NOT NULL,
  type        text NOT NULL,
  amount      numeric,
  pair        text,
  price       numeric,
  date        text NOT NULL,                  -- as the API sent it (UTC wall time, no zone)
  date_at     timestamptz NOT NULL,           -- the same instant, for range filters and sorting
  state       text NOT NULL,
  fee         numeric,
  subtotal    numeric,
  total       numeric,
  search_text text NOT NULL,
  fetched_at  timestamptz NOT NULL DEFAULT now(),
  fetched_by  text NOT NULL DEFAULT session_user,
  PRIMARY KEY (environment, id)
);
CREATE INDEX transactions_date ON desk.transactions (environment, date_at, id);
CREATE INDEX transactions_user ON desk.transactions (environment, user_id, date_at);
CREATE INDEX transactions_state ON desk.transactions (environment, state);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.transactions
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('+fetched_by');
CREATE TRIGGER notify_insert AFTER INSERT ON desk.transactions
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION desk.notify_sync();
CREATE TRIGGER notify_update AFTER UPDATE ON desk.transactions
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION desk.notify_sync();

-- Whether the cache holds a scope's whole history ('all' or 'user:<id>'): only
-- then may a sync stop at the first known page.
CREATE TABLE desk.sync_state (
  environment text NOT NULL REFERENCES desk.environments (key),
  scope       text NOT NULL,
  complete    boolean NOT NULL,
  synced_at   timestamptz NOT NULL DEFAULT now(),
  synced_by   text NOT NULL DEFAULT session_user,
  PRIMARY KEY (environment, scope)
);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.sync_state
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('+synced_by');
CREATE TRIGGER notify AFTER INSERT OR UPDATE ON desk.sync_state
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('scope');

-- Policy the whole team works under; only desk_admin may change it.
CREATE TABLE desk.policy (
  environment         text PRIMARY KEY REFERENCES desk.environments (key),
  per_order_limit_eur numeric(14, 2) CHECK (per_order_limit_eur > 0),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          text NOT NULL DEFAULT session_user
);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.policy
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('+updated_by');
CREATE TRIGGER notify AFTER INSERT OR UPDATE ON desk.policy
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('environment');

-- The audit trail. id, at, operator, prev_hash and hash are the trigger's,
-- whatever a client sent: ids are 1, 2, 3 … in chain order without gaps.
CREATE TABLE desk.audit_log (
  id          bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  operator    text NOT NULL,
  os_user     text NOT NULL DEFAULT '',      -- the OS account the desk reports: informative only
  environment text REFERENCES desk.environments (key),
  action      text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  summary     text NOT NULL CHECK (length(summary) <= 2000),
  outcome     text NOT NULL CHECK (outcome IN ('ok', 'error')),
  detail      text,                          -- JSON, redacted by the desk before writing
  prev_hash   bytea NOT NULL,
  hash        bytea NOT NULL
);
CREATE INDEX audit_at ON desk.audit_log (at);
CREATE INDEX audit_action ON desk.audit_log (action, at);

-- The newest link of the chain. Its row lock serialises appenders.
CREATE TABLE desk.audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL,
  last_hash bytea NOT NULL
);
INSERT INTO desk.audit_chain_head (last_id, last_hash) VALUES (0, decode(repeat('00', 32), 'hex'));

-- One field of the canonical form: "<name>=<UTF-8 byte length>:<value>\n", or
-- "<name>!\n" for NULL. The length prefix makes the encoding unambiguous.
CREATE FUNCTION desk.audit_field(label text, value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN value IS NULL THEN label || E'!\n'
              ELSE label || '=' || octet_length(value) || ':' || value || E'\n' END
$fn$;

CREATE FUNCTION desk.audit_canonical(id bigint, at timestamptz, operator text, os_user text, environment text,
                                     action text, summary text, outcome text, detail text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT E'kriptomat-desk-audit/1\n'
    || desk.audit_field('id', id::text)
    || desk.audit_field('at_us', ((extract(epoch FROM at) * 1000000)::bigint)::text)
    || desk.audit_field('operator', operator)
    || desk.audit_field('os_user', os_user)
    || desk.audit_field('environment', environment)
    || desk.audit_field('action', action)
    || desk.audit_field('summary', summary)
    || desk.audit_field('outcome', outcome)
    || desk.audit_field('detail', detail)
$fn$;

-- Runs as the schema's owner (operators may not touch the head), with a fixed
-- search_path so no caller can slip in look-alike functions.
CREATE FUNCTION desk.audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  head desk.audit_chain_head;
BEGIN
  -- Held until the transaction ends: a second appender waits here and then
  -- chains to this row, so the chain can never fork.
  SELECT * INTO STRICT head FROM desk.audit_chain_head FOR UPDATE;
  NEW.id := head.last_id + 1;
  NEW.at := clock_timestamp();
  NEW.operator := session_user;
  NEW.os_user := coalesce(NEW.os_user, '');
  NEW.prev_hash := head.last_hash;
  NEW.hash := sha256(NEW.prev_hash || convert_to(
    desk.audit_canonical(NEW.id, NEW.at, NEW.operator, NEW.os_user, NEW.environment,
                         NEW.action, NEW.summary, NEW.outcome, NEW.detail), 'UTF8'));
  UPDATE desk.audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER chain BEFORE INSERT ON desk.audit_log
  FOR EACH ROW EXECUTE FUNCTION desk.audit_chain();

-- Grants already keep every desk role from UPDATE, DELETE and TRUNCATE; this
-- also stops the table's owner by accident. A superuser can still get round it
-- (that is what verification is for).
CREATE FUNCTION desk.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'desk.audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON desk.audit_log
  FOR EACH ROW EXECUTE FUNCTION desk.audit_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON desk.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION desk.audit_append_only();
CREATE TRIGGER notify AFTER INSERT ON desk.audit_log
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('id');

GRANT USAGE ON SCHEMA desk TO desk_operator;
GRANT SELECT, INSERT ON desk.environments TO desk_operator;
GRANT SELECT, INSERT, UPDATE ON desk.users, desk.orders, desk.transactions, desk.sync_state TO desk_operator;
GRANT SELECT ON desk.policy, desk.audit_chain_head, desk.schema_migrations TO desk_operator;
GRANT SELECT, INSERT ON desk.audit_log TO desk_operator;
GRANT INSERT, UPDATE ON desk.policy TO desk_admin;
