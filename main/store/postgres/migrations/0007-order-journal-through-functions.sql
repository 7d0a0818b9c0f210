-- Migration 7 of the team database: the order journal is written only through
-- functions, which hold its state machine (issue 19).
--
-- Until now every desk login could INSERT and UPDATE desk.orders directly, so a
-- login could write a row that another desk's sweep then sent unapproved
-- (state 'sending' is the default), rewrite a proposal's amount behind its
-- approver, or set another operator's accepted order to 'failed'. From here:
--
--  - No desk role (desk_operator, and desk_approver and desk_admin, which are
--    members of it) may INSERT, UPDATE, DELETE or TRUNCATE desk.orders. Every
--    write the desk makes is one SECURITY DEFINER function (fixed search_path,
--    EXECUTE for desk_operator only), one round trip each:
--      desk.begin_order          a new order, 'sending', leased to its writer
--      desk.propose_order        a new order awaiting approval (migration 3's trigger judges it)
--      desk.claim_order          the oldest unleased 'sending' row, leased to the caller
--      desk.extend_order_lease   the caller's own lease, longer
--      desk.record_order_outcome accepted | needs_review | final | recorded | failed
--    (deciding, expiring and withdrawing proposals were functions already).
--  - The transitions are main/store/journal-transitions.ts's, in SQL: what a
--    send came to (a row still 'sending') is recorded only by the login that
--    holds its lease (claimed_by = session_user; a lease that ran out and that no
--    other desk took over is still its holder's, since no one else can be sending
--    it); a final row keeps its state and error (a missing transaction id may
--    still be filled in, as the desk's journal always allowed); a pending,
--    rejected or expired proposal is never moved on.
--  - desk.begin_order writes nothing 'sending' that an enabled approval rule
--    covers: it asks desk.match_order_rule itself, with the EUR value the
--    database knows (desk.order_value_eur). A buy's or a withdrawal's amount is EUR;
--    a sell's is crypto, valued at the pair's rate the team's desks record
--    (desk.rates, written through desk.record_rates on every rate poll) when it
--    was recorded within the last 60 seconds; with no rate that fresh the value
--    is unknown and every enabled sell rule covers the sell (fail closed). The
--    desk asks the same question before it sends (desk.match_order_rule, through
--    TeamStore.matchRule), so the two agree. desk.match_approval_rule, which
--    judges a proposal (migration 3's trigger, with the desk's rate at
--    proposal), still lets every enabled sell rule match every sell: proposing is
--    always allowed, and the desk proposes only what match_order_rule covers.
--    A withdrawal's bank
--    account age is counted from desk.bank_accounts_seen; an account never seen
--    there is of unknown age and so covered by every new-account rule.
--    Refused with SQLSTATE KA011 ('approval-required' in errors.ts).
--  - A BEFORE UPDATE trigger (desk.orders_frozen) refuses, to every login and
--    to the functions themselves, any change of what an order is (environment,
--    user, kind, pair, amount, bank account, id, idempotency key, request id)
--    and any change of a final row's state or error: a second wall behind the
--    functions, so an approver always approves what was proposed.
--
-- The final states are shared/order-states.ts's FINAL_ORDER_STATES and the
-- desk's own states its JOURNAL_OWN_STATES, written out here as literals.

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON desk.orders FROM PUBLIC, desk_operator, desk_approver, desk_admin;

-- Migration 3's strictest-rule choice, except that a sell's EUR value, which rests
-- on a rate only the proposing desk knows, is not trusted: every enabled sell rule
-- matches every sell (the highest threshold still wins, as the strictest).
CREATE OR REPLACE FUNCTION desk.match_approval_rule(p_environment text, p_action text, p_value_eur numeric, p_bank_account_age_hours numeric)
  RETURNS SETOF desk.approval_rules LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT * FROM desk.approval_rules r
   WHERE r.environment = p_environment AND r.action = p_action AND r.enabled
     AND (r.threshold_eur IS NULL OR p_value_eur IS NULL OR p_action = 'sell' OR p_value_eur >= r.threshold_eur)
     AND (r.new_account_hours IS NULL OR p_bank_account_age_hours IS NULL OR p_bank_account_age_hours < r.new_account_hours)
   ORDER BY coalesce(r.threshold_eur, 0) DESC, r.approvals_needed DESC, (r.new_account_hours IS NOT NULL) DESC,
            r.expiry_seconds, r.position, r.id
   LIMIT 1
$fn$;

CREATE FUNCTION desk.is_final_order_state(p_state text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT lower(btrim(p_state)) = ANY (ARRAY['success', 'completed', 'failed', 'cancelled', 'canceled', 'rejected', 'declined', 'expired', 'error'])
$fn$;

-- A state Kriptomat reported that settles nothing ('pending', or a string the desk does not know).
CREATE FUNCTION desk.is_unsettled_api_state(p_state text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT NOT desk.is_final_order_state(p_state)
     AND lower(btrim(p_state)) <> ALL (ARRAY['held', 'awaiting_approval', 'sending', 'accepted', 'needs_review'])
$fn$;

-- The second wall: what an order is never changes once written, whoever writes.
CREATE FUNCTION desk.orders_frozen() RETURNS trigger LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF (NEW.id, NEW.environment, NEW.user_id, NEW.kind, NEW.pair, NEW.amount, NEW.bank_account_id, NEW.idempotency_key, NEW.request_id)
     IS DISTINCT FROM
     (OLD.id, OLD.environment, OLD.user_id, OLD.kind, OLD.pair, OLD.amount, OLD.bank_account_id, OLD.idempotency_key, OLD.request_id) THEN
    RAISE EXCEPTION 'Order % cannot be changed once written (its user, kind, pair, amount, bank account and key are fixed): place a new order', OLD.id
      USING ERRCODE = 'KA012';
  END IF;
  IF desk.is_final_order_state(OLD.state)
     AND ((NEW.state, NEW.error) IS DISTINCT FROM (OLD.state, OLD.error)
          OR (OLD.transaction_id IS NOT NULL AND NEW.transaction_id IS DISTINCT FROM OLD.transaction_id)) THEN
    RAISE EXCEPTION 'Order % is final (%): it never changes again', OLD.id, OLD.state USING ERRCODE = 'KA012';
  END IF;
  RETURN NEW;
END
$fn$;
-- Named to fire before desk.orders_guard ('guard'), which would otherwise quietly keep the old id and key.
CREATE TRIGGER frozen BEFORE UPDATE ON desk.orders
  FOR EACH ROW EXECUTE FUNCTION desk.orders_frozen();

CREATE FUNCTION desk.check_lease_ms(p_lease_ms double precision) RETURNS void LANGUAGE plpgsql IMMUTABLE
  SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF p_lease_ms IS NULL OR NOT (p_lease_ms > 0 AND p_lease_ms <= 86400000) THEN
    RAISE EXCEPTION 'Not a lease length: % ms', p_lease_ms USING ERRCODE = 'invalid_parameter_value';
  END IF;
END
$fn$;

-- The rate of each pair the team's desks last saw, one row per (environment,
-- pair), so the database can value a sell itself. The rate is the pair's sell
-- price (price_sell: what a sell gets), the one the desk values a sell at
-- (main/services/orders/propose.ts orderRate). Written only through
-- desk.record_rates, stamped with the login that wrote it last.
CREATE TABLE desk.rates (
  environment text NOT NULL REFERENCES desk.environments (key),
  pair        text NOT NULL CHECK (pair ~ '^[a-z0-9]{2,12}eur$'),
  rate        numeric NOT NULL CHECK (rate > 0),
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  recorded_by text NOT NULL DEFAULT session_user,
  PRIMARY KEY (environment, pair)
);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.rates
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('+recorded_by');
REVOKE ALL ON desk.rates FROM PUBLIC;
GRANT SELECT ON desk.rates TO desk_operator;

-- One poll's rates, every pair in one call: p_pairs[i] at p_rates[i]. Refuses
-- the whole poll (nothing written) on a pair that is not a pair or a rate that is not above 0.
CREATE FUNCTION desk.record_rates(p_environment text, p_pairs text[], p_rates numeric[])
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  i integer;
  n integer := coalesce(cardinality(p_pairs), 0);
BEGIN
  IF n <> coalesce(cardinality(p_rates), 0) THEN
    RAISE EXCEPTION 'Each pair needs one rate: % pairs, % rates', n, coalesce(cardinality(p_rates), 0)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR i IN 1 .. n LOOP
    IF p_pairs[i] IS NULL OR p_pairs[i] !~ '^[a-z0-9]{2,12}eur$' THEN
      RAISE EXCEPTION 'Not a pair: %', coalesce(p_pairs[i], 'nothing') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_rates[i] IS NULL OR NOT (p_rates[i] > 0) THEN
      RAISE EXCEPTION 'Not a rate for %: % (a rate is above 0)', p_pairs[i], coalesce(p_rates[i]::text, 'nothing')
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;
  INSERT INTO desk.rates AS r (environment, pair, rate)
  SELECT p_environment, t.pair, t.rate FROM unnest(p_pairs, p_rates) AS t (pair, rate)
  ON CONFLICT (environment, pair) DO UPDATE SET rate = excluded.rate, recorded_at = clock_timestamp();
  RETURN n;
END
$fn$;
REVOKE ALL ON FUNCTION desk.record_rates(text, text[], numeric[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.record_rates(text, text[], numeric[]) TO desk_operator;

-- The EUR value of an order as the database knows it: a buy's and a withdrawal's
-- amount is EUR; a sell's is its amount at the pair's rate recorded within the
-- last 60 seconds (RATE_FRESH_SECONDS in postgres/constants.ts), or NULL (unknown) when none is that fresh.
CREATE FUNCTION desk.order_value_eur(p_environment text, p_kind text, p_pair text, p_amount numeric)
  RETURNS numeric LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT CASE WHEN p_kind <> 'sell' THEN p_amount
              ELSE (SELECT p_amount * r.rate FROM desk.rates r
                     WHERE r.environment = p_environment AND r.pair = p_pair
                       AND r.recorded_at >= clock_timestamp() - 60 * interval '1 second') END
$fn$;

-- The strictest enabled rule covering an order, valued by the database
-- (desk.order_value_eur): what begin_order refuses, and what the desk asks before sending.
CREATE FUNCTION desk.match_order_rule(p_environment text, p_kind text, p_pair text, p_amount numeric, p_bank_account_age_hours numeric)
  RETURNS SETOF desk.approval_rules LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT r.* FROM desk.approval_rules r
   WHERE r.environment = p_environment AND r.action = p_kind AND r.enabled
     AND (r.threshold_eur IS NULL OR desk.order_value_eur(p_environment, p_kind, p_pair, p_amount) IS NULL
          OR desk.order_value_eur(p_environment, p_kind, p_pair, p_amount) >= r.threshold_eur)
     AND (r.new_account_hours IS NULL OR p_bank_account_age_hours IS NULL OR p_bank_account_age_hours < r.new_account_hours)
   ORDER BY coalesce(r.threshold_eur, 0) DESC, r.approvals_needed DESC, (r.new_account_hours IS NOT NULL) DESC,
            r.expiry_seconds, r.position, r.id
   LIMIT 1
$fn$;

-- A new order, 'sending', leased to its writer for p_lease_ms: written before anything is sent.
-- p_request_id is the desk's own name for the row, so a lost answer can be asked about.
CREATE FUNCTION desk.begin_order(p_environment text, p_user_id bigint, p_kind text, p_pair text, p_amount text,
                                 p_bank_account_id bigint, p_lease_ms double precision, p_request_id uuid)
  RETURNS desk.orders LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  o desk.orders;
  rule desk.approval_rules;
  v_age numeric;
BEGIN
  PERFORM desk.check_lease_ms(p_lease_ms);
  IF p_amount IS NULL OR p_amount !~ '^[0-9]+([.][0-9]+)?$' THEN
    RAISE EXCEPTION 'An order amount must be decimal text, got %', coalesce(p_amount, 'nothing') USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_kind = 'withdraw' THEN
    SELECT extract(epoch FROM clock_timestamp() - s.first_seen_at) / 3600 INTO v_age
      FROM desk.bank_accounts_seen s
     WHERE s.environment = p_environment AND s.user_id = p_user_id AND s.bank_account_id = p_bank_account_id;
  END IF;
  -- Valued by the database (a sell at a fresh recorded rate, or unknown: every sell rule covers it).
  SELECT * INTO rule FROM desk.match_order_rule(p_environment, p_kind, p_pair, p_amount::numeric, v_age);
  IF FOUND THEN
    RAISE EXCEPTION 'This % needs approval under the team''s rule %: %. Propose it for approval instead of sending it',
      p_kind, rule.id, desk.describe_approval_rule(rule)
      USING ERRCODE = 'KA011';
  END IF;
  INSERT INTO desk.orders (environment, user_id, kind, pair, amount, bank_account_id, state,
                           claimed_by, lease_expires_at, send_attempts, request_id)
  VALUES (p_environment, p_user_id, p_kind, CASE WHEN p_kind = 'withdraw' THEN NULL ELSE p_pair END, p_amount, p_bank_account_id, 'sending',
          session_user, clock_timestamp() + p_lease_ms * interval '1 millisecond', 1, p_request_id)
  RETURNING * INTO o;
  RETURN o;
END
$fn$;

-- A new order awaiting approval. desk.orders_approval_guard (migration 3) values it,
-- picks the rule and snapshots it, or refuses (KA008: no rule asks; a sell without a rate).
CREATE FUNCTION desk.propose_order(p_environment text, p_user_id bigint, p_kind text, p_pair text, p_amount text,
                                   p_bank_account_id bigint, p_rate numeric, p_bank_account_age_hours numeric)
  RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  v_id uuid;
BEGIN
  INSERT INTO desk.orders (environment, user_id, kind, pair, amount, bank_account_id, state, rate_at_proposal, bank_account_age_hours)
  VALUES (p_environment, p_user_id, p_kind, CASE WHEN p_kind = 'withdraw' THEN NULL ELSE p_pair END, p_amount, p_bank_account_id,
          'awaiting_approval', p_rate, p_bank_account_age_hours)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;

-- The oldest 'sending' row of the environment whose lease is free or ran out, now
-- leased to the caller. SKIP LOCKED: a row another desk is claiming this instant
-- is passed over, not waited for; once it commits, its fresh lease keeps the row out.
CREATE FUNCTION desk.claim_order(p_environment text, p_lease_ms double precision)
  RETURNS SETOF desk.orders LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  PERFORM desk.check_lease_ms(p_lease_ms);
  RETURN QUERY
    WITH next AS (
      SELECT id FROM desk.orders
       WHERE environment = p_environment AND state = 'sending'
         AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
       ORDER BY created_at, seq
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
    UPDATE desk.orders o
       SET claimed_by = session_user,
           lease_expires_at = clock_timestamp() + p_lease_ms * interval '1 millisecond',
           send_attempts = o.send_attempts + 1
      FROM next WHERE o.id = next.id
    RETURNING o.*;
END
$fn$;

-- The caller's own lease on a row it is still sending, longer; false when it is not the caller's any more.
CREATE FUNCTION desk.extend_order_lease(p_key uuid, p_lease_ms double precision)
  RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  PERFORM desk.check_lease_ms(p_lease_ms);
  UPDATE desk.orders SET lease_expires_at = clock_timestamp() + p_lease_ms * interval '1 millisecond'
   WHERE idempotency_key = p_key AND state = 'sending' AND claimed_by = session_user;
  RETURN FOUND;
END
$fn$;

-- What became of an order: p_to is
--   'accepted'     sending | needs_review → accepted with p_transaction_id; a repeated answer changes nothing;
--                  on any other row only a missing transaction id is filled in
--   'needs_review' sending → needs_review with p_reason; other rows are left alone
--   'final'        a non-final row → p_state (a final state); a final row is left alone
--   'recorded'     a row with a transaction, accepted or in an unsettled state → p_state (an unsettled state)
--   'failed'       a non-final row → failed with p_reason; a final row is left alone
-- (main/store/journal-transitions.ts, with the same messages). A row still 'sending'
-- is moved on only by the login holding its lease. Returns the row as it is now.
CREATE FUNCTION desk.record_order_outcome(p_key uuid, p_to text, p_transaction_id bigint, p_state text, p_reason text)
  RETURNS desk.orders LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  o desk.orders;
  v_state text;
  v_tx bigint;
  v_error text;
BEGIN
  IF p_to = 'accepted' AND (p_transaction_id IS NULL OR p_transaction_id <= 0) THEN
    RAISE EXCEPTION 'Not a transaction id: %', coalesce(p_transaction_id::text, 'nothing') USING ERRCODE = 'invalid_parameter_value';
  ELSIF p_to = 'final' AND NOT coalesce(desk.is_final_order_state(p_state), false) THEN
    RAISE EXCEPTION '% is not a final state', coalesce(p_state, 'nothing') USING ERRCODE = 'invalid_parameter_value';
  ELSIF p_to = 'recorded' AND NOT coalesce(desk.is_unsettled_api_state(p_state), false) THEN
    RAISE EXCEPTION '% is not a state the API reports for an unsettled transaction', coalesce(p_state, 'nothing')
      USING ERRCODE = 'invalid_parameter_value';
  ELSIF p_to IS NULL OR p_to NOT IN ('accepted', 'needs_review', 'final', 'recorded', 'failed') THEN
    RAISE EXCEPTION 'Not an order outcome: %', coalesce(p_to, 'nothing') USING ERRCODE = 'invalid_parameter_value';
  END IF;

  SELECT * INTO o FROM desk.orders WHERE idempotency_key = p_key FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'No journal row has idempotency key %', p_key USING ERRCODE = 'no_data_found';
  END IF;
  v_state := o.state; v_tx := o.transaction_id; v_error := o.error;

  CASE p_to
    WHEN 'accepted' THEN
      IF o.transaction_id IS NOT NULL AND o.transaction_id <> p_transaction_id THEN
        RAISE EXCEPTION 'Order % was accepted as transaction %, not %', p_key, o.transaction_id, p_transaction_id
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      IF o.state IN ('sending', 'needs_review') THEN
        v_state := 'accepted'; v_tx := p_transaction_id; v_error := NULL;
      ELSE
        v_tx := p_transaction_id;
      END IF;
    WHEN 'needs_review' THEN
      IF o.state = 'sending' THEN v_state := 'needs_review'; v_error := p_reason; END IF;
    WHEN 'final' THEN
      IF NOT desk.is_final_order_state(o.state) THEN v_state := p_state; END IF;
    WHEN 'recorded' THEN
      IF o.transaction_id IS NOT NULL AND (o.state = 'accepted' OR desk.is_unsettled_api_state(o.state)) AND o.state <> p_state THEN
        v_state := p_state;
      END IF;
    ELSE -- 'failed'
      IF NOT desk.is_final_order_state(o.state) THEN v_state := 'failed'; v_error := p_reason; END IF;
  END CASE;

  IF (v_state, v_tx, v_error) IS NOT DISTINCT FROM (o.state, o.transaction_id, o.error) THEN
    RETURN o;
  END IF;
  -- This function runs as the schema's owner, which desk.orders_approval_guard lets
  -- through: the proposal's own refusals, with the guard's words, are made here.
  IF o.approval_state = 'pending' THEN
    RAISE EXCEPTION 'Order % awaits approval: only an approver''s decision can release it for sending', o.id USING ERRCODE = 'KA009';
  ELSIF o.approval_state IN ('rejected', 'expired') THEN
    RAISE EXCEPTION 'Order % was a proposal that was %: it is never sent', o.id, o.approval_state
      USING ERRCODE = CASE o.approval_state WHEN 'rejected' THEN 'KA004' ELSE 'KA003' END;
  END IF;
  IF o.state = 'sending' AND o.claimed_by IS DISTINCT FROM session_user THEN
    RAISE EXCEPTION 'Order % is being sent by %: only the desk holding its send lease records what the send came to',
      o.id, coalesce(o.claimed_by, 'no desk yet') USING ERRCODE = 'KA013';
  END IF;

  -- A row that is no longer being sent holds no lease.
  UPDATE desk.orders SET state = v_state, transaction_id = v_tx, error = v_error,
         claimed_by = CASE WHEN v_state = 'sending' THEN claimed_by END,
         lease_expires_at = CASE WHEN v_state = 'sending' THEN lease_expires_at END
   WHERE id = o.id
  RETURNING * INTO o;
  RETURN o;
END
$fn$;

REVOKE ALL ON FUNCTION desk.begin_order(text, bigint, text, text, text, bigint, double precision, uuid),
                       desk.propose_order(text, bigint, text, text, text, bigint, numeric, numeric),
                       desk.claim_order(text, double precision),
                       desk.extend_order_lease(uuid, double precision),
                       desk.record_order_outcome(uuid, text, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.begin_order(text, bigint, text, text, text, bigint, double precision, uuid),
                          desk.propose_order(text, bigint, text, text, text, bigint, numeric, numeric),
                          desk.claim_order(text, double precision),
                          desk.extend_order_lease(uuid, double precision),
                          desk.record_order_outcome(uuid, text, bigint, text, text) TO desk_operator;
