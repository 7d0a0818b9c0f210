// Each runtime constant of the team database (postgres/constants.ts) is also a
// literal in a shipped migration. Shipped migrations never change, so a constant
// edited without a new migration that changes the database too would leave the
// desk and its database disagreeing: these tests fail instead. Each looks at the
// newest file that states the value, so a later migration may change it.
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_ACTIONS,
  CHANGE_CHANNEL,
  DEFAULT_RATE_MOVE_PERCENT,
  MAX_WITHDRAW_REASON,
  RATE_FRESH_SECONDS,
  STALE_PERFORMING_SECONDS,
  WITHDRAWN_PREFIX,
} from '../../../main/store/postgres/constants';
import { TEAM_MIGRATIONS } from '../../../main/store/postgres/migration-files';
import { AWAITING_APPROVAL, FINAL_ORDER_STATES, HELD, NEEDS_REVIEW } from '../../../shared/order-states';

/** Every match of `pattern` in the migrations' SQL (comments dropped), in file order. */
function matches(pattern: RegExp): RegExpMatchArray[] {
  const sql = TEAM_MIGRATIONS.map((m) => m.sql.replace(/--[^\n]*/g, '')).join('\n');
  return [...sql.matchAll(new RegExp(pattern.source, 'g'))];
}

function newest(pattern: RegExp): string {
  const found = matches(pattern);
  expect(found.length, `no migration matches ${pattern}`).toBeGreaterThan(0);
  return found.at(-1)![1]!;
}

describe('the team database constants match the shipped migrations', () => {
  it('CHANGE_CHANNEL is the channel of every pg_notify', () => {
    const channels = matches(/pg_notify\(\s*([^,]*),/).map((m) => m[1]);
    expect(channels.length).toBeGreaterThanOrEqual(3);
    expect(new Set(channels)).toEqual(new Set([`'${CHANGE_CHANNEL}'`]));
  });

  it("APPROVAL_ACTIONS is desk.approval_rules' CHECK on action", () => {
    const list = newest(/CREATE TABLE desk\.approval_rules \([^;]*?\baction\s+text NOT NULL CHECK \(action IN \(([^)]*)\)\)/);
    expect(list).toBe(APPROVAL_ACTIONS.map((a) => `'${a}'`).join(', '));
  });

  it("DEFAULT_RATE_MOVE_PERCENT is desk.policy.rate_move_percent's DEFAULT", () => {
    expect(newest(/rate_move_percent numeric\(4, 2\) NOT NULL DEFAULT ([0-9.]+)/)).toBe(DEFAULT_RATE_MOVE_PERCENT);
  });

  it("STALE_PERFORMING_SECONDS is the account changes guard's stale claim", () => {
    expect(Number(newest(/OLD\.state = 'performing' AND OLD\.updated_at < clock_timestamp\(\) - (\d+) \* interval '1 second'/))).toBe(
      STALE_PERFORMING_SECONDS,
    );
  });

  it("MAX_WITHDRAW_REASON is desk.withdraw_proposal's limit, in its check and its words", () => {
    expect(Number(newest(/IF length\(why\) > (\d+) THEN/))).toBe(MAX_WITHDRAW_REASON);
    expect(Number(newest(/A reason for withdrawing is at most (\d+) characters/))).toBe(MAX_WITHDRAW_REASON);
  });

  it('WITHDRAWN_PREFIX is how desk.withdraw_proposal writes the reason, for an order and for a change', () => {
    const prefixes = matches(/'reject', '([^']*)' \|\| why\)/).map((m) => m[1]);
    expect(prefixes).toHaveLength(2);
    expect(new Set(prefixes)).toEqual(new Set([WITHDRAWN_PREFIX]));
  });

  it("RATE_FRESH_SECONDS is desk.order_value_eur's freshness window", () => {
    expect(Number(newest(/r\.recorded_at >= clock_timestamp\(\) - (\d+) \* interval '1 second'/))).toBe(RATE_FRESH_SECONDS);
  });

  it("FINAL_ORDER_STATES and the journal's own states are desk.is_final_order_state's and desk.is_unsettled_api_state's", () => {
    const list = (pattern: RegExp): string[] => [...newest(pattern).matchAll(/'([^']*)'/g)].map((m) => m[1]!);
    expect(list(/FUNCTION desk\.is_final_order_state[^;]*?= ANY \(ARRAY\[([^\]]*)\]\)/)).toEqual(FINAL_ORDER_STATES);
    expect(new Set(list(/FUNCTION desk\.is_unsettled_api_state[^;]*?<> ALL \(ARRAY\[([^\]]*)\]\)/))).toEqual(
      new Set([HELD, AWAITING_APPROVAL, 'sending', 'accepted', NEEDS_REVIEW]),
    );
  });
});
