-- Migration 3 of the team database: four-eyes approvals, judged by the database.
--
--  - desk.approval_rules: the team's approval policy per environment. Every desk
--    role reads it; only desk_admin may change it (grants); every change lands in
--    the hash-chained audit log (trigger). The actions a rule may cover are
--    APPROVAL_ACTIONS in constants.ts (the CHECK on action below).
--  - A proposal is a journal row (desk.orders) in state `awaiting_approval`: its id
--    and idempotency key are minted as for any order, and a trigger copies the
--    strictest matching rule onto it (desk.match_approval_rule: one truth for the
--    desk's preview and the database's judgement). The proposer is `placed_by`
--    (session_user). claimForSending only takes `sending` rows, and a guard
--    trigger lets no login move a proposal on by UPDATE: only the decision
--    functions below, which run as the schema's owner, can.
--  - desk.approvals: one row per decision. No desk role may write it directly;
--    desk.decide_proposal (SECURITY DEFINER, fixed search_path) checks who may
--    decide and records the decision, and once enough approvals are in, the row
--    becomes `sending` without a lease, so any desk claims it.
--  - desk.expire_proposals marks overdue proposals `expired`.
--
-- Refusals use SQLSTATEs of class KA (see APPROVAL_REFUSALS in errors.ts),
-- or 42501 for a login outside desk_approver/desk_admin, each with a message an
-- operator can act on. Each step (proposed, approved, rejected, expired, sent,
-- and every rule change) is a row of desk.audit_log.

-- Whether the statement runs as the schema's owner (or a superuser): true inside
-- the SECURITY DEFINER functions below, never for a desk login.
CREATE FUNCTION desk.acting_as_owner() RETURNS boolean LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT EXISTS (SELECT FROM pg_namespace n JOIN pg_roles r ON r.rolname = current_user
                  WHERE n.nspname = 'desk' AND (n.nspowner = r.oid OR r.rolsuper))
$fn$;

CREATE TABLE desk.approval_rules (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  environment       text NOT NULL REFERENCES desk.environments (key),
  position          integer NOT NULL DEFAULT 0 CHECK (position >= 0),   -- the order an admin lists them in
  action            text NOT NULL CHECK (action IN ('buy', 'sell', 'withdraw', 'add_bank_account', 'change_user_status')),
  threshold_eur     numeric(14, 2) CHECK (threshold_eur >= 0),         -- from this EUR value up; NULL: any amount
  new_account_hours integer CHECK (new_account_hours BETWEEN 1 AND 8760), -- bank account added less than N hours ago
  approvals_needed  smallint NOT NULL CHECK (approvals_needed BETWEEN 1 AND 3),
  expiry_seconds    integer NOT NULL DEFAULT 86400 CHECK (expiry_seconds BETWEEN 1 AND 2592000),
  enabled           boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL DEFAULT session_user,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text NOT NULL DEFAULT session_user,
  CONSTRAINT threshold_needs_amount CHECK (threshold_eur IS NULL OR action IN ('buy', 'sell', 'withdraw')),
  CONSTRAINT new_account_is_withdraw CHECK (new_account_hours IS NULL OR action = 'withdraw')
);
CREATE INDEX approval_rules_match ON desk.approval_rules (environment, action) WHERE enabled;

CREATE FUNCTION desk.approval_rules_stamp() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.id := OLD.id;
    NEW.created_at := OLD.created_at;
  ELSE
    NEW.created_at := clock_timestamp();
  END IF;
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END
$fn$;
CREATE TRIGGER stamp_time BEFORE INSERT OR UPDATE ON desk.approval_rules
  FOR EACH ROW EXECUTE FUNCTION desk.approval_rules_stamp();
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.approval_rules
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('created_by', '+updated_by');

-- "withdraw from 10000.00 EUR to a bank account added less than 48 h ago: 2 approvals within 24 h"
CREATE FUNCTION desk.describe_approval_rule(r desk.approval_rules) RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT replace(r.action, '_', ' ')
      || CASE WHEN r.threshold_eur IS NULL THEN '' ELSE ' from ' || r.threshold_eur || ' EUR' END
      || CASE WHEN r.new_account_hours IS NULL THEN '' ELSE ' to a bank account added less than ' || r.new_account_hours || ' h ago' END
      || ': ' || r.approvals_needed || CASE WHEN r.approvals_needed = 1 THEN ' approval' ELSE ' approvals' END
      || ' within ' || CASE WHEN r.expiry_seconds % 3600 = 0 THEN (r.expiry_seconds / 3600) || ' h' ELSE r.expiry_seconds || ' s' END
      || CASE WHEN r.enabled THEN '' ELSE ' (disabled)' END
$fn$;

-- Every change of the policy, with the rule before and after, in the audit log.
CREATE FUNCTION desk.audit_approval_rule() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r desk.approval_rules;
  verb text;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; verb := 'remove';
  ELSIF TG_OP = 'UPDATE' THEN r := NEW; verb := 'change';
  ELSE r := NEW; verb := 'add';
  END IF;
  INSERT INTO desk.audit_log (environment, action, summary, outcome, detail)
  VALUES (r.environment, 'approval.rule.' || verb,
          'Approval rule ' || r.id || ' ' || CASE verb WHEN 'add' THEN 'added' WHEN 'change' THEN 'changed' ELSE 'removed' END
            || ': ' || desk.describe_approval_rule(r),
          'ok',
          jsonb_build_object('rule', r.id,
                             'before', CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
                             'after', CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END)::text);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON desk.approval_rules
  FOR EACH ROW EXECUTE FUNCTION desk.audit_approval_rule();
-- desk.notify_change's payload, for a deleted rule too (notify_change reads NEW only).
CREATE FUNCTION desk.notify_rule_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r desk.approval_rules;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  PERFORM pg_notify('desk_changes', jsonb_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP),
                                                         'environment', r.environment, 'id', r.id::text)::text);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER notify AFTER INSERT OR UPDATE OR DELETE ON desk.approval_rules
  FOR EACH ROW EXECUTE FUNCTION desk.notify_rule_change();

-- The strictest enabled rule of an environment that matches: the highest
-- threshold (any amount counts as 0); among equal, the most approvals; then a
-- new-bank-account rule before a general one, the shortest expiry, the admin's
-- order. An unknown value or bank account age (NULL) fails closed: it matches
-- every threshold and every new-account rule.
CREATE FUNCTION desk.match_approval_rule(p_environment text, p_action text, p_value_eur numeric, p_bank_account_age_hours numeric)
  RETURNS SETOF desk.approval_rules LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT * FROM desk.approval_rules r
   WHERE r.environment = p_environment AND r.action = p_action AND r.enabled
     AND (r.threshold_eur IS NULL OR p_value_eur IS NULL OR p_value_eur >= r.threshold_eur)
     AND (r.new_account_hours IS NULL OR p_bank_account_age_hours IS NULL OR p_bank_account_age_hours < r.new_account_hours)
   ORDER BY coalesce(r.threshold_eur, 0) DESC, r.approvals_needed DESC, (r.new_account_hours IS NOT NULL) DESC,
            r.expiry_seconds, r.position, r.id
   LIMIT 1
$fn$;

-- A proposal's facts (EUR value, rate, bank account age) and the matched rule's
-- snapshot: written once, with the row, and never changed.
ALTER TABLE desk.orders
  ADD COLUMN value_eur                  numeric CHECK (value_eur >= 0),
  ADD COLUMN rate_at_proposal           numeric CHECK (rate_at_proposal > 0),
  ADD COLUMN bank_account_age_hours     numeric CHECK (bank_account_age_hours >= 0),
  ADD COLUMN approval_state             text CHECK (approval_state IN ('pending', 'approved', 'rejected', 'expired')),
  ADD COLUMN approval_rule_id           bigint,
  ADD COLUMN approval_threshold_eur     numeric(14, 2),
  ADD COLUMN approval_new_account_hours integer,
  ADD COLUMN approvals_needed           smallint CHECK (approvals_needed BETWEEN 1 AND 3),
  ADD COLUMN approval_expires_at        timestamptz,
  ADD COLUMN approval_decided_at        timestamptz,
  ADD CONSTRAINT proposal_snapshot CHECK (
    (approval_state IS NULL) = (approval_rule_id IS NULL)
    AND (approval_state IS NULL) = (approvals_needed IS NULL)
    AND (approval_state IS NULL) = (approval_expires_at IS NULL)
    AND (approval_state IS NULL OR value_eur IS NOT NULL)),
  ADD CONSTRAINT awaiting_is_pending CHECK (
    (state = 'awaiting_approval') = (approval_state IS NOT DISTINCT FROM 'pending')
    AND (state <> 'awaiting_approval' OR claimed_by IS NULL));
CREATE INDEX orders_proposals ON desk.orders (environment, approval_expires_at) WHERE state = 'awaiting_approval';

-- A fixed search_path here and in desk.match_approval_rule, though neither is
-- SECURITY DEFINER: they judge writes of the login that runs them, and a login
-- able to create objects (CREATE on public, PostgreSQL 14) could otherwise put
-- its own = or >= ahead of pg_catalog's in its session and bend the judgement.
CREATE FUNCTION desk.orders_approval_guard() RETURNS trigger LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  rule desk.approval_rules;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- The EUR value is the database's, whatever a client sent: a buy's and a
    -- withdrawal's amount is in EUR already (shared/pairs orderCurrency); a sell's
    -- is crypto, valued at the rate the desk proposes at (recorded, so an approver
    -- sees it beside the rate of the moment).
    NEW.value_eur := CASE WHEN NEW.kind = 'sell' THEN NEW.amount::numeric * NEW.rate_at_proposal ELSE NEW.amount::numeric END;
    IF NEW.state = 'awaiting_approval' THEN
      IF NEW.value_eur IS NULL THEN
        RAISE EXCEPTION 'A sell proposal needs the rate it is valued at' USING ERRCODE = 'not_null_violation';
      END IF;
      SELECT * INTO rule FROM desk.match_approval_rule(NEW.environment, NEW.kind, NEW.value_eur, NEW.bank_account_age_hours);
      IF NOT FOUND THEN
        RAISE EXCEPTION 'No approval rule asks for approval of a % worth % EUR: send it as an ordinary order', NEW.kind, NEW.value_eur
          USING ERRCODE = 'KA008';
      END IF;
      NEW.approval_state := 'pending';
      NEW.approval_rule_id := rule.id;
      NEW.approval_threshold_eur := rule.threshold_eur;
      NEW.approval_new_account_hours := rule.new_account_hours;
      NEW.approvals_needed := rule.approvals_needed;
      NEW.approval_expires_at := clock_timestamp() + rule.expiry_seconds * interval '1 second';
      NEW.claimed_by := NULL;
      NEW.lease_expires_at := NULL;
      NEW.send_attempts := 0;
      NEW.transaction_id := NULL;
    ELSE
      NEW.approval_state := NULL;
      NEW.approval_rule_id := NULL;
      NEW.approval_threshold_eur := NULL;
      NEW.approval_new_account_hours := NULL;
      NEW.approvals_needed := NULL;
      NEW.approval_expires_at := NULL;
    END IF;
    NEW.approval_decided_at := NULL;
    RETURN NEW;
  END IF;

  NEW.value_eur := OLD.value_eur;
  NEW.rate_at_proposal := OLD.rate_at_proposal;
  NEW.bank_account_age_hours := OLD.bank_account_age_hours;
  NEW.approval_rule_id := OLD.approval_rule_id;
  NEW.approval_threshold_eur := OLD.approval_threshold_eur;
  NEW.approval_new_account_hours := OLD.approval_new_account_hours;
  NEW.approvals_needed := OLD.approvals_needed;
  NEW.approval_expires_at := OLD.approval_expires_at;
  -- An ordinary order (nearly every write): nothing more to judge.
  IF OLD.approval_state IS NULL AND NEW.state IS DISTINCT FROM 'awaiting_approval' THEN
    NEW.approval_state := NULL;
    NEW.approval_decided_at := NULL;
    RETURN NEW;
  END IF;
  -- desk.decide_proposal and desk.expire_proposals: they did their own checks.
  IF desk.acting_as_owner() THEN
    RETURN NEW;
  END IF;
  NEW.approval_state := OLD.approval_state;
  NEW.approval_decided_at := OLD.approval_decided_at;
  IF OLD.approval_state IN ('pending', 'rejected', 'expired')
     AND (NEW.state, NEW.transaction_id, NEW.claimed_by, NEW.lease_expires_at)
         IS DISTINCT FROM (OLD.state, OLD.transaction_id, OLD.claimed_by, OLD.lease_expires_at) THEN
    IF OLD.approval_state = 'pending' THEN
      RAISE EXCEPTION 'Order % awaits approval: only an approver''s decision can release it for sending', OLD.id USING ERRCODE = 'KA009';
    END IF;
    RAISE EXCEPTION 'Order % was a proposal that was %: it is never sent', OLD.id, OLD.approval_state
      USING ERRCODE = CASE OLD.approval_state WHEN 'rejected' THEN 'KA004' ELSE 'KA003' END;
  END IF;
  IF NEW.state = 'awaiting_approval' AND OLD.state <> 'awaiting_approval' THEN
    RAISE EXCEPTION 'Order % cannot be turned into a proposal after it was written: propose a new order', OLD.id USING ERRCODE = 'KA009';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER approval_guard BEFORE INSERT OR UPDATE ON desk.orders
  FOR EACH ROW EXECUTE FUNCTION desk.orders_approval_guard();

-- "buy 2500.00 btceur for user 6", as the audit summaries say it.
CREATE FUNCTION desk.describe_order(o desk.orders) RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT o.kind || ' ' || o.amount || CASE WHEN o.kind = 'withdraw' THEN ' EUR' ELSE ' ' || o.pair END
      || ' for user ' || o.user_id
      || CASE WHEN o.value_eur IS NULL OR o.kind = 'withdraw' THEN '' ELSE ' (' || round(o.value_eur, 2) || ' EUR)' END
$fn$;

CREATE FUNCTION desk.audit_proposal(o desk.orders, p_action text, p_summary text, p_outcome text, p_extra jsonb)
  RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO desk.audit_log (environment, action, summary, outcome, detail)
  VALUES (o.environment, p_action, p_summary, p_outcome,
          (jsonb_build_object('order', o.id, 'idempotencyKey', o.idempotency_key, 'userId', o.user_id, 'kind', o.kind,
                              'amount', o.amount, 'pair', o.pair, 'bankAccountId', o.bank_account_id,
                              'valueEur', o.value_eur, 'rateAtProposal', o.rate_at_proposal, 'rule', o.approval_rule_id,
                              'approvalsNeeded', o.approvals_needed, 'proposedBy', o.placed_by) || p_extra)::text)
$fn$;

CREATE FUNCTION desk.audit_proposed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM desk.audit_proposal(NEW, 'approval.propose',
    'Proposed ' || desk.describe_order(NEW) || ': needs ' || NEW.approvals_needed
      || CASE WHEN NEW.approvals_needed = 1 THEN ' approval' ELSE ' approvals' END || ' (rule ' || NEW.approval_rule_id || ')',
    'ok', jsonb_build_object('expiresAt', NEW.approval_expires_at));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER audit_proposed AFTER INSERT ON desk.orders
  FOR EACH ROW WHEN (NEW.approval_state = 'pending') EXECUTE FUNCTION desk.audit_proposed();

-- An approved proposal leaving 'sending': what the send came to.
CREATE FUNCTION desk.audit_proposal_sent() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM desk.audit_proposal(NEW, 'approval.send',
    'Approved ' || desk.describe_order(NEW) || ' sent: '
      || CASE WHEN NEW.transaction_id IS NOT NULL THEN 'transaction ' || NEW.transaction_id || ', ' ELSE '' END
      || NEW.state || coalesce(' (' || NEW.error || ')', ''),
    CASE WHEN NEW.transaction_id IS NOT NULL THEN 'ok' ELSE 'error' END,
    jsonb_build_object('state', NEW.state, 'transactionId', NEW.transaction_id, 'sendAttempts', NEW.send_attempts));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER audit_proposal_sent AFTER UPDATE ON desk.orders
  FOR EACH ROW WHEN (OLD.approval_state = 'approved' AND OLD.state = 'sending' AND NEW.state <> 'sending')
  EXECUTE FUNCTION desk.audit_proposal_sent();

-- One row per decision. Written only by desk.decide_proposal (no desk role has
-- INSERT); one decision per approver and proposal.
CREATE TABLE desk.approvals (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES desk.orders (id),
  environment text NOT NULL REFERENCES desk.environments (key),
  approver    text NOT NULL DEFAULT session_user,
  decision    text NOT NULL CHECK (decision IN ('approve', 'reject')),
  reason      text CHECK (length(reason) <= 1000),
  rate        numeric CHECK (rate > 0),              -- the rate the decider saw, beside the order's rate_at_proposal
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT rejection_has_reason CHECK (decision = 'approve' OR btrim(coalesce(reason, '')) <> ''),
  CONSTRAINT one_decision_per_approver UNIQUE (order_id, approver)
);
CREATE TRIGGER stamp_who BEFORE INSERT OR UPDATE ON desk.approvals
  FOR EACH ROW EXECUTE FUNCTION desk.stamp_session_user('approver');
CREATE TRIGGER notify AFTER INSERT ON desk.approvals
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('order_id');

-- The one way to decide on a proposal. Runs as the schema's owner so it can
-- write desk.approvals and move the order on; session_user is still the
-- caller's login, and that is who decides.
CREATE FUNCTION desk.decide_proposal(p_order uuid, p_decision text, p_reason text DEFAULT NULL, p_rate numeric DEFAULT NULL)
  RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  who text := session_user;
  why text := nullif(btrim(p_reason), '');
  o desk.orders;
  earlier desk.approvals;
  approved integer;
BEGIN
  IF p_decision IS NULL OR p_decision NOT IN ('approve', 'reject') THEN
    RAISE EXCEPTION 'A decision is approve or reject, not %', coalesce(p_decision, 'nothing') USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO o FROM desk.orders WHERE id = p_order FOR UPDATE;
  IF NOT FOUND OR o.approval_state IS NULL THEN
    RAISE EXCEPTION 'Order % is not a proposal awaiting approval', p_order USING ERRCODE = 'KA007';
  END IF;
  IF o.placed_by = who THEN
    RAISE EXCEPTION 'You proposed order % yourself: another operator must decide on it', o.id USING ERRCODE = 'KA001';
  END IF;
  IF NOT pg_has_role(who, 'desk_approver', 'MEMBER') THEN
    RAISE EXCEPTION '% may not decide on proposals: only desk_approver or desk_admin logins may', who
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF o.approval_state = 'rejected' THEN
    SELECT * INTO earlier FROM desk.approvals WHERE order_id = o.id AND decision = 'reject';
    RAISE EXCEPTION 'Order % was rejected by % (%): it can no longer be decided on', o.id, earlier.approver, earlier.reason
      USING ERRCODE = 'KA004';
  END IF;
  IF o.approval_state = 'expired' OR (o.approval_state = 'pending' AND o.approval_expires_at <= clock_timestamp()) THEN
    RAISE EXCEPTION 'The proposal of order % expired at % without enough approvals: propose it again', o.id, o.approval_expires_at
      USING ERRCODE = 'KA003';
  END IF;
  IF o.approval_state = 'approved' THEN
    RAISE EXCEPTION 'Order % already has the % approval(s) it needs: no more decisions are taken', o.id, o.approvals_needed
      USING ERRCODE = 'KA005';
  END IF;
  SELECT * INTO earlier FROM desk.approvals WHERE order_id = o.id AND approver = who;
  IF FOUND THEN
    RAISE EXCEPTION 'You have already approved order %: the next approval must come from another operator', o.id
      USING ERRCODE = 'KA002';
  END IF;
  IF p_decision = 'reject' AND why IS NULL THEN
    RAISE EXCEPTION 'Rejecting order % needs a reason', o.id USING ERRCODE = 'KA006';
  END IF;

  INSERT INTO desk.approvals (order_id, environment, decision, reason, rate) VALUES (o.id, o.environment, p_decision, why, p_rate);
  IF p_decision = 'reject' THEN
    UPDATE desk.orders SET state = 'rejected', approval_state = 'rejected', approval_decided_at = clock_timestamp(),
                           error = 'Rejected by ' || who || ': ' || why
     WHERE id = o.id RETURNING * INTO o;
    PERFORM desk.audit_proposal(o, 'approval.reject', 'Rejected ' || desk.describe_order(o) || ': ' || why, 'ok',
                                jsonb_build_object('reason', why, 'rate', p_rate));
    RETURN o.state;
  END IF;

  SELECT count(*) INTO approved FROM desk.approvals WHERE order_id = o.id AND decision = 'approve';
  IF approved >= o.approvals_needed THEN
    -- No lease: whichever desk claims it first sends it (claimForSending).
    UPDATE desk.orders SET state = 'sending', approval_state = 'approved', approval_decided_at = clock_timestamp(),
                           claimed_by = NULL, lease_expires_at = NULL
     WHERE id = o.id RETURNING * INTO o;
  END IF;
  PERFORM desk.audit_proposal(o, 'approval.approve',
    'Approved ' || desk.describe_order(o) || ' (' || approved || ' of ' || o.approvals_needed || ')'
      || CASE WHEN o.approval_state = 'approved' THEN ': released for sending' ELSE '' END,
    'ok', jsonb_build_object('approvals', approved, 'reason', why, 'rate', p_rate));
  RETURN o.state;
END
$fn$;

-- Marks overdue proposals expired (any desk login may call it: EXECUTE is
-- granted to desk_operator only; each one is audited in the caller's name).
-- Returns how many it expired.
CREATE FUNCTION desk.expire_proposals(p_environment text DEFAULT NULL)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  o desk.orders;
  n integer := 0;
BEGIN
  FOR o IN SELECT * FROM desk.orders
            WHERE state = 'awaiting_approval' AND approval_expires_at <= clock_timestamp()
              AND (p_environment IS NULL OR environment = p_environment)
            ORDER BY approval_expires_at, seq
            -- Waits (not SKIP LOCKED) for a decision in flight: a row is then
            -- expired now, not at some later call. A second desk expiring at the
            -- same time waits too and then finds the row no longer awaiting.
            FOR UPDATE LOOP
    UPDATE desk.orders SET state = 'expired', approval_state = 'expired', approval_decided_at = clock_timestamp(),
                           error = 'Not approved in time: the proposal expired at ' || o.approval_expires_at
     WHERE id = o.id RETURNING * INTO o;
    PERFORM desk.audit_proposal(o, 'approval.expire',
      'Proposal expired: ' || desk.describe_order(o) || ' had '
        || (SELECT count(*) FROM desk.approvals WHERE order_id = o.id AND decision = 'approve')
        || ' of ' || o.approvals_needed || ' approvals',
      'ok', jsonb_build_object('expiresAt', o.approval_expires_at));
    n := n + 1;
  END LOOP;
  RETURN n;
END
$fn$;

GRANT SELECT ON desk.approval_rules, desk.approvals TO desk_operator;
GRANT INSERT, UPDATE, DELETE ON desk.approval_rules TO desk_admin;
REVOKE ALL ON FUNCTION desk.decide_proposal(uuid, text, text, numeric), desk.expire_proposals(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.decide_proposal(uuid, text, text, numeric), desk.expire_proposals(text) TO desk_operator;
