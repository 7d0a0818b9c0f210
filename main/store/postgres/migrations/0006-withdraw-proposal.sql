-- Migration 6 of the team database: the proposer may withdraw their own proposal
-- (an order in desk.orders or an account change in desk.account_changes) while
-- it still awaits approval — say, on seeing a mistake in it — instead of waiting
-- for an approver to reject it or for it to expire (and risking an approval
-- meanwhile).
--
-- A withdrawal ends the proposal exactly as a rejection does (state and approval
-- state 'rejected', decided now, the error/outcome saying who withdrew it and
-- why), so every guard and every desk already treats it as never to be sent or
-- done. It is recorded as a desk.approvals 'reject' row by the proposer, with the
-- reason prefixed 'Withdrawn by its proposer: ' (WITHDRAWN_PREFIX in
-- constants.ts, which the desk strips to show the proposer's own words):
-- decide_proposal never lets a proposer decide on their own proposal (KA001), so
-- a decision by the proposer can only be a withdrawal, and the queue, the decide
-- functions' "rejected by X (why)" refusal and older readers all read it right
-- without a new kind of decision. Audited as 'approval.withdraw'.
--
-- Only the login that proposed it may withdraw it (KA010, in words naming the
-- proposer); an approved, rejected or expired proposal is refused as
-- desk.decide_proposal refuses it (KA005, KA004, KA003); a reason is required
-- (KA006) and is at most 500 characters (MAX_WITHDRAW_REASON in constants.ts;
-- desk.approvals.reason holds 1000 with the prefix).

CREATE FUNCTION desk.withdraw_proposal(p_id uuid, p_reason text)
  RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  who text := session_user;
  why text := nullif(btrim(p_reason), '');
  o desk.orders;
  c desk.account_changes;
  what text;            -- 'order' or 'change', for the messages
  proposer text;
  verdict text;         -- its approval state: pending, approved, rejected, expired
  expires timestamptz;
  needed smallint;
  earlier desk.approvals;
BEGIN
  SELECT * INTO o FROM desk.orders WHERE id = p_id FOR UPDATE;
  IF FOUND AND o.approval_state IS NOT NULL THEN
    what := 'order'; proposer := o.placed_by; verdict := o.approval_state; expires := o.approval_expires_at; needed := o.approvals_needed;
    SELECT * INTO earlier FROM desk.approvals WHERE order_id = o.id AND decision = 'reject';
  ELSE
    SELECT * INTO c FROM desk.account_changes WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION '% is not a proposal awaiting approval', p_id USING ERRCODE = 'KA007';
    END IF;
    what := 'change'; proposer := c.proposed_by; verdict := desk.account_change_approval_state(c.state);
    expires := c.approval_expires_at; needed := c.approvals_needed;
    SELECT * INTO earlier FROM desk.approvals WHERE change_id = c.id AND decision = 'reject';
  END IF;

  IF proposer <> who THEN
    RAISE EXCEPTION 'Only its proposer, %, may withdraw % %: ask them, or reject it as an approver', proposer, what, p_id
      USING ERRCODE = 'KA010';
  END IF;
  IF verdict = 'rejected' THEN
    RAISE EXCEPTION '% % was rejected by % (%): there is nothing left to withdraw', initcap(what), p_id, earlier.approver, earlier.reason
      USING ERRCODE = 'KA004';
  END IF;
  IF verdict = 'expired' OR (verdict = 'pending' AND expires <= clock_timestamp()) THEN
    RAISE EXCEPTION 'The proposal of % % expired at % without enough approvals: there is nothing left to withdraw', what, p_id, expires
      USING ERRCODE = 'KA003';
  END IF;
  IF verdict = 'approved' THEN
    RAISE EXCEPTION '% % already has the % approval(s) it needs and was released: it can no longer be withdrawn', initcap(what), p_id, needed
      USING ERRCODE = 'KA005';
  END IF;
  IF why IS NULL THEN
    RAISE EXCEPTION 'Withdrawing % % needs a reason', what, p_id USING ERRCODE = 'KA006';
  END IF;
  IF length(why) > 500 THEN
    RAISE EXCEPTION 'A reason for withdrawing is at most 500 characters' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  IF what = 'order' THEN
    INSERT INTO desk.approvals (order_id, environment, decision, reason) VALUES (o.id, o.environment, 'reject', 'Withdrawn by its proposer: ' || why);
    UPDATE desk.orders SET state = 'rejected', approval_state = 'rejected', approval_decided_at = clock_timestamp(),
                           error = 'Withdrawn by ' || who || ': ' || why
     WHERE id = o.id RETURNING * INTO o;
    PERFORM desk.audit_proposal(o, 'approval.withdraw', 'Withdrew the proposal to ' || desk.describe_order(o) || ': ' || why, 'ok',
                                jsonb_build_object('reason', why));
    RETURN o.state;
  END IF;
  INSERT INTO desk.approvals (change_id, environment, decision, reason) VALUES (c.id, c.environment, 'reject', 'Withdrawn by its proposer: ' || why);
  UPDATE desk.account_changes SET state = 'rejected', approval_decided_at = clock_timestamp(),
                                  outcome = 'Withdrawn by ' || who || ': ' || why
   WHERE id = c.id RETURNING * INTO c;
  PERFORM desk.audit_account_change(c, 'approval.withdraw', 'Withdrew the proposal to ' || desk.describe_account_change(c) || ': ' || why,
                                    'ok', jsonb_build_object('reason', why));
  RETURN c.state;
END
$fn$;

REVOKE ALL ON FUNCTION desk.withdraw_proposal(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.withdraw_proposal(uuid, text) TO desk_operator;
