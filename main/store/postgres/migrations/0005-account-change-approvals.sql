-- Migration 5 of the team database: four-eyes approvals for account changes
-- (issue 13) — adding a bank account and changing a user's status.
--
-- They are not orders (no amount, pair or idempotency key at the API), so they
-- are journaled in a sibling of desk.orders, desk.account_changes, rather than
-- widening the order journal and every reader of it. What the database judges
-- is the same as for an order proposal, with the same refusals (SQLSTATEs of
-- class KA, see APPROVAL_REFUSALS in errors.ts):
--  - on INSERT a trigger picks the strictest matching rule (desk.match_approval_rule
--    with no EUR value: such rules have no threshold) and snapshots it; no rule → KA008;
--  - decisions are rows of desk.approvals (now for an order or a change, never
--    both), written only by desk.decide_account_change (SECURITY DEFINER), which
--    refuses the proposer, the same approver twice, a login outside
--    desk_approver/desk_admin, an expired or rejected proposal and a rejection
--    without a reason;
--  - once approved, one desk claims it (approved → performing, in its own name),
--    performs it once and records the outcome (done or failed, with a reason);
--    no login can move it any other way; a claim left unfinished for 600 seconds
--    (STALE_PERFORMING_SECONDS in constants.ts: its desk died) may be taken over.
--    Every step is in the audit log.
-- Running `init` again is a no-op: migrate.ts applies each version once, in a
-- transaction with its row in desk.schema_migrations.

CREATE TABLE desk.account_changes (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                 bigint GENERATED ALWAYS AS IDENTITY,
  environment         text NOT NULL REFERENCES desk.environments (key),
  user_id             bigint NOT NULL CHECK (user_id > 0),
  action              text NOT NULL CHECK (action IN ('add_bank_account', 'change_user_status')),
  -- add_bank_account: {"iban"}; change_user_status: {"fields": the API's update body, "fromStatus"}
  payload             jsonb NOT NULL,
  state               text NOT NULL DEFAULT 'awaiting_approval'
                        CHECK (state IN ('awaiting_approval', 'rejected', 'expired', 'approved', 'performing', 'done', 'failed')),
  approval_rule_id    bigint NOT NULL,
  approvals_needed    smallint NOT NULL CHECK (approvals_needed BETWEEN 1 AND 3),
  approval_expires_at timestamptz NOT NULL,
  approval_decided_at timestamptz,
  outcome             text CHECK (length(outcome) <= 2000),
  proposed_by         text NOT NULL DEFAULT session_user,
  performed_by        text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payload_fits CHECK (CASE action
    WHEN 'add_bank_account' THEN jsonb_typeof(payload -> 'iban') = 'string'
    ELSE jsonb_typeof(payload -> 'fields') = 'object' AND jsonb_typeof(payload -> 'fields' -> 'status') = 'string' END),
  CONSTRAINT finished_has_outcome CHECK (state NOT IN ('done', 'failed') OR outcome IS NOT NULL)
);
CREATE INDEX account_changes_pending ON desk.account_changes (environment, approval_expires_at) WHERE state = 'awaiting_approval';
CREATE INDEX account_changes_recent ON desk.account_changes (environment, created_at, seq);

-- The pending, decided state an approver sees (as desk.orders.approval_state).
CREATE FUNCTION desk.account_change_approval_state(state text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE state WHEN 'awaiting_approval' THEN 'pending' WHEN 'rejected' THEN 'rejected' WHEN 'expired' THEN 'expired' ELSE 'approved' END
$fn$;

-- "add bank account DE…3000 for user 2", "change the status of user 3 from active to disabled"
CREATE FUNCTION desk.describe_account_change(c desk.account_changes) RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT CASE c.action
    WHEN 'add_bank_account' THEN 'add bank account ' || left(c.payload ->> 'iban', 2) || '…' || right(c.payload ->> 'iban', 4)
    ELSE 'change the status' || coalesce(' from ' || (c.payload ->> 'fromStatus'), '') || ' to ' || (c.payload -> 'fields' ->> 'status')
  END || ' for user ' || c.user_id
$fn$;

CREATE FUNCTION desk.audit_account_change(c desk.account_changes, p_action text, p_summary text, p_outcome text, p_extra jsonb)
  RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO desk.audit_log (environment, action, summary, outcome, detail)
  VALUES (c.environment, p_action, p_summary, p_outcome,
          (jsonb_build_object('change', c.id, 'action', c.action, 'userId', c.user_id,
                              'summary', desk.describe_account_change(c), 'rule', c.approval_rule_id,
                              'approvalsNeeded', c.approvals_needed, 'proposedBy', c.proposed_by) || p_extra)::text)
$fn$;

-- What a client may write: a proposal (the rule and times are the database's),
-- the claim of an approved change in its own name, and the outcome of its own
-- claim. Everything else is the decision functions' (they run as the owner).
CREATE FUNCTION desk.account_changes_guard() RETURNS trigger LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  rule desk.approval_rules;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT * INTO rule FROM desk.match_approval_rule(NEW.environment, NEW.action, NULL, NULL);
    IF NOT FOUND THEN
      RAISE EXCEPTION 'No approval rule asks for approval to % : do it directly', replace(NEW.action, '_', ' ')
        USING ERRCODE = 'KA008';
    END IF;
    NEW.id := gen_random_uuid();
    NEW.state := 'awaiting_approval';
    NEW.approval_rule_id := rule.id;
    NEW.approvals_needed := rule.approvals_needed;
    NEW.approval_expires_at := clock_timestamp() + rule.expiry_seconds * interval '1 second';
    NEW.approval_decided_at := NULL;
    NEW.outcome := NULL;
    NEW.proposed_by := session_user;
    NEW.performed_by := NULL;
    NEW.created_at := clock_timestamp();
    NEW.updated_at := NEW.created_at;
    RETURN NEW;
  END IF;
  NEW.id := OLD.id;
  NEW.environment := OLD.environment;
  NEW.user_id := OLD.user_id;
  NEW.action := OLD.action;
  NEW.payload := OLD.payload;
  NEW.approval_rule_id := OLD.approval_rule_id;
  NEW.approvals_needed := OLD.approvals_needed;
  NEW.approval_expires_at := OLD.approval_expires_at;
  NEW.proposed_by := OLD.proposed_by;
  NEW.created_at := OLD.created_at;
  NEW.updated_at := clock_timestamp();
  IF desk.acting_as_owner() THEN
    RETURN NEW;
  END IF;
  NEW.approval_decided_at := OLD.approval_decided_at;
  -- Claimed when approved; or taken over from a desk that claimed it and then
  -- went silent (it died while doing it). Doing it again is safe: the desk lists
  -- the user's accounts before adding one, and setting a status is idempotent.
  IF NEW.state = 'performing' AND (OLD.state = 'approved'
       OR (OLD.state = 'performing' AND OLD.updated_at < clock_timestamp() - 600 * interval '1 second')) THEN
    NEW.performed_by := session_user;
    NEW.outcome := NULL;
    RETURN NEW;
  END IF;
  IF OLD.state = 'performing' AND NEW.state IN ('done', 'failed') AND OLD.performed_by = session_user THEN
    NEW.performed_by := OLD.performed_by;
    RETURN NEW;
  END IF;
  IF OLD.state = 'awaiting_approval' THEN
    RAISE EXCEPTION 'Change % awaits approval: only an approver''s decision can release it', OLD.id USING ERRCODE = 'KA009';
  END IF;
  IF OLD.state IN ('rejected', 'expired') THEN
    RAISE EXCEPTION 'Change % was a proposal that was %: it is never done', OLD.id, OLD.state
      USING ERRCODE = CASE OLD.state WHEN 'rejected' THEN 'KA004' ELSE 'KA003' END;
  END IF;
  RAISE EXCEPTION 'Change % is % : it cannot become %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'KA009';
END
$fn$;
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON desk.account_changes
  FOR EACH ROW EXECUTE FUNCTION desk.account_changes_guard();
CREATE TRIGGER notify AFTER INSERT OR UPDATE ON desk.account_changes
  FOR EACH ROW EXECUTE FUNCTION desk.notify_change('id', 'state');

CREATE FUNCTION desk.audit_account_change_steps() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM desk.audit_account_change(NEW, 'approval.propose',
      'Proposed to ' || desk.describe_account_change(NEW) || ': needs ' || NEW.approvals_needed
        || CASE WHEN NEW.approvals_needed = 1 THEN ' approval' ELSE ' approvals' END || ' (rule ' || NEW.approval_rule_id || ')',
      'ok', jsonb_build_object('expiresAt', NEW.approval_expires_at));
  ELSE
    PERFORM desk.audit_account_change(NEW, 'approval.perform',
      'Approved change to ' || desk.describe_account_change(NEW) || ': ' || NEW.state || ' (' || NEW.outcome || ')',
      CASE NEW.state WHEN 'done' THEN 'ok' ELSE 'error' END,
      jsonb_build_object('state', NEW.state, 'outcome', NEW.outcome, 'performedBy', NEW.performed_by));
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER audit_proposed AFTER INSERT ON desk.account_changes
  FOR EACH ROW EXECUTE FUNCTION desk.audit_account_change_steps();
CREATE TRIGGER audit_performed AFTER UPDATE ON desk.account_changes
  FOR EACH ROW WHEN (OLD.state = 'performing' AND NEW.state IN ('done', 'failed'))
  EXECUTE FUNCTION desk.audit_account_change_steps();

-- desk.approvals: a decision on an order or on an account change, never both.
ALTER TABLE desk.approvals
  ALTER COLUMN order_id DROP NOT NULL,
  ADD COLUMN change_id uuid REFERENCES desk.account_changes (id),
  ADD CONSTRAINT one_subject CHECK (num_nonnulls(order_id, change_id) = 1),
  ADD CONSTRAINT one_change_decision_per_approver UNIQUE (change_id, approver);

-- The one way to decide on a proposed account change: desk.decide_proposal's
-- checks, in its order and words, for this table.
CREATE FUNCTION desk.decide_account_change(p_change uuid, p_decision text, p_reason text DEFAULT NULL)
  RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  who text := session_user;
  why text := nullif(btrim(p_reason), '');
  c desk.account_changes;
  earlier desk.approvals;
  approved integer;
BEGIN
  IF p_decision IS NULL OR p_decision NOT IN ('approve', 'reject') THEN
    RAISE EXCEPTION 'A decision is approve or reject, not %', coalesce(p_decision, 'nothing') USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO c FROM desk.account_changes WHERE id = p_change FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Change % is not a proposal awaiting approval', p_change USING ERRCODE = 'KA007';
  END IF;
  IF c.proposed_by = who THEN
    RAISE EXCEPTION 'You proposed change % yourself: another operator must decide on it', c.id USING ERRCODE = 'KA001';
  END IF;
  IF NOT pg_has_role(who, 'desk_approver', 'MEMBER') THEN
    RAISE EXCEPTION '% may not decide on proposals: only desk_approver or desk_admin logins may', who
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF c.state = 'rejected' THEN
    SELECT * INTO earlier FROM desk.approvals WHERE change_id = c.id AND decision = 'reject';
    RAISE EXCEPTION 'Change % was rejected by % (%): it can no longer be decided on', c.id, earlier.approver, earlier.reason
      USING ERRCODE = 'KA004';
  END IF;
  IF c.state = 'expired' OR (c.state = 'awaiting_approval' AND c.approval_expires_at <= clock_timestamp()) THEN
    RAISE EXCEPTION 'The proposal of change % expired at % without enough approvals: propose it again', c.id, c.approval_expires_at
      USING ERRCODE = 'KA003';
  END IF;
  IF c.state <> 'awaiting_approval' THEN
    RAISE EXCEPTION 'Change % already has the % approval(s) it needs: no more decisions are taken', c.id, c.approvals_needed
      USING ERRCODE = 'KA005';
  END IF;
  SELECT * INTO earlier FROM desk.approvals WHERE change_id = c.id AND approver = who;
  IF FOUND THEN
    RAISE EXCEPTION 'You have already approved change %: the next approval must come from another operator', c.id
      USING ERRCODE = 'KA002';
  END IF;
  IF p_decision = 'reject' AND why IS NULL THEN
    RAISE EXCEPTION 'Rejecting change % needs a reason', c.id USING ERRCODE = 'KA006';
  END IF;

  INSERT INTO desk.approvals (change_id, environment, decision, reason) VALUES (c.id, c.environment, p_decision, why);
  IF p_decision = 'reject' THEN
    UPDATE desk.account_changes SET state = 'rejected', approval_decided_at = clock_timestamp(),
                                    outcome = 'Rejected by ' || who || ': ' || why
     WHERE id = c.id RETURNING * INTO c;
    PERFORM desk.audit_account_change(c, 'approval.reject', 'Rejected the change to ' || desk.describe_account_change(c) || ': ' || why,
                                      'ok', jsonb_build_object('reason', why));
    RETURN c.state;
  END IF;
  SELECT count(*) INTO approved FROM desk.approvals WHERE change_id = c.id AND decision = 'approve';
  IF approved >= c.approvals_needed THEN
    UPDATE desk.account_changes SET state = 'approved', approval_decided_at = clock_timestamp()
     WHERE id = c.id RETURNING * INTO c;
  END IF;
  PERFORM desk.audit_account_change(c, 'approval.approve',
    'Approved the change to ' || desk.describe_account_change(c) || ' (' || approved || ' of ' || c.approvals_needed || ')'
      || CASE WHEN c.state = 'approved' THEN ': released to be done' ELSE '' END,
    'ok', jsonb_build_object('approvals', approved));
  RETURN c.state;
END
$fn$;

-- Marks overdue proposed changes expired, audited in the caller's name; how many.
CREATE FUNCTION desk.expire_account_changes(p_environment text DEFAULT NULL)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  c desk.account_changes;
  n integer := 0;
BEGIN
  FOR c IN SELECT * FROM desk.account_changes
            WHERE state = 'awaiting_approval' AND approval_expires_at <= clock_timestamp()
              AND (p_environment IS NULL OR environment = p_environment)
            ORDER BY approval_expires_at, seq FOR UPDATE LOOP
    UPDATE desk.account_changes SET state = 'expired', approval_decided_at = clock_timestamp(),
                                    outcome = 'Not approved in time: the proposal expired at ' || c.approval_expires_at
     WHERE id = c.id RETURNING * INTO c;
    PERFORM desk.audit_account_change(c, 'approval.expire', 'Proposal expired: ' || desk.describe_account_change(c), 'ok',
                                      jsonb_build_object('expiresAt', c.approval_expires_at));
    n := n + 1;
  END LOOP;
  RETURN n;
END
$fn$;

GRANT SELECT, INSERT, UPDATE ON desk.account_changes TO desk_operator;
REVOKE ALL ON FUNCTION desk.decide_account_change(uuid, text, text), desk.expire_account_changes(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.decide_account_change(uuid, text, text), desk.expire_account_changes(text) TO desk_operator;
