// /__sandbox/ control endpoints for tests and demos. No auth, no faults: they
// describe or steer the sandbox itself and are only reachable on its own host.
import { EUR_PLACES } from '../../shared/money';
import { apiDate, clockTimeAllowed, LATEST_CLOCK_MS } from '../clock';
import type { SandboxCore } from '../core';
import { failure, fieldError, notFound, unprocessable } from '../errors';
import { NO_FAULTS, parseFaults } from '../faults';
import { book, failTransaction, LedgerRefusal, priceDeposit } from '../ledger';
import { dumpState, dumpTransaction } from '../present';
import type { Context, Reply, Route } from '../router';
import { Checker } from '../validation';

function clockReply(core: SandboxCore): Reply {
  const now = core.now();
  return { status: 200, body: { now_ms: now, date: apiDate(now), http_date: new Date(now).toUTCString(), offset_ms: core.clock.offset } };
}

/** Checked before the clock moves, so a refused request leaves it where it was. */
function requireClockTime(field: string, ms: number): void {
  if (!clockTimeAllowed(ms)) {
    throw fieldError(field, `The clock must stay between ${new Date(0).toISOString()} and ${new Date(LATEST_CLOCK_MS).toISOString()}.`);
  }
}

function idParam(ctx: Context, name: string): number | null {
  const text = ctx.params[name] ?? '';
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null;
}

export const controlRoutes: Route[] = [
  {
    method: 'GET',
    path: 'state',
    auth: false,
    handler: (ctx) => ({ status: 200, body: dumpState(ctx.core.state) }),
  },
  {
    method: 'GET',
    path: 'faults',
    auth: false,
    handler: (ctx) => ({ status: 200, body: { faults: ctx.core.faults } }),
  },
  {
    method: 'POST',
    path: 'faults',
    auth: false,
    handler: (ctx) => {
      ctx.core.faults = parseFaults(ctx.body);
      return { status: 200, body: { faults: ctx.core.faults } };
    },
  },
  {
    method: 'DELETE',
    path: 'faults',
    auth: false,
    handler: (ctx) => {
      ctx.core.faults = { ...NO_FAULTS };
      return { status: 200, body: { faults: ctx.core.faults } };
    },
  },
  {
    method: 'GET',
    path: 'clock',
    auth: false,
    handler: (ctx) => clockReply(ctx.core),
  },
  {
    method: 'POST',
    path: 'clock',
    auth: false,
    handler: (ctx) => {
      const { advance_seconds: advance, set_ms: set, ...rest } = ctx.body;
      const unknown = Object.keys(rest);
      if (unknown.length > 0)
        throw unprocessable(Object.fromEntries(unknown.map((k) => [k, ['Unknown clock setting; use advance_seconds or set_ms.']])));
      if ((advance === undefined) === (set === undefined)) {
        throw fieldError('advance_seconds', 'Send exactly one of advance_seconds or set_ms.');
      }
      if (advance !== undefined) {
        if (typeof advance !== 'number' || !Number.isFinite(advance) || Math.abs(advance) > 10 * 365 * 86400) {
          throw fieldError('advance_seconds', 'The advance seconds must be a number of seconds (at most ten years either way).');
        }
        requireClockTime('advance_seconds', ctx.core.now() + Math.round(advance * 1000));
        ctx.core.clock.advance(advance);
      } else {
        if (typeof set !== 'number' || !Number.isSafeInteger(set) || set < 0) {
          throw fieldError('set_ms', 'The set ms must be a non-negative integer of epoch milliseconds.');
        }
        requireClockTime('set_ms', set);
        ctx.core.clock.set(set);
      }
      ctx.core.tick();
      return clockReply(ctx.core);
    },
  },
  {
    method: 'POST',
    path: 'reset',
    auth: false,
    handler: (ctx) => {
      ctx.core.reset();
      return { status: 200, body: { status: true } };
    },
  },
  {
    // A fiat deposit arriving from the user's bank: booked now (pending), credited
    // at once like every booking, settled after the settle delay.
    method: 'POST',
    path: 'users/:user/deposits',
    auth: false,
    handler: (ctx) => {
      const id = idParam(ctx, 'user');
      const user = id === null ? undefined : ctx.core.state.users.get(id);
      if (!user) throw notFound('User not found.');
      const partner = ctx.core.state.partners.get(user.partner_id)!;
      const c = new Checker(ctx.body);
      const amount = c.amount('amount', EUR_PLACES);
      c.done();
      try {
        const tx = book(
          ctx.core.state,
          { kind: 'fiat_deposit', user, partner, nowMs: ctx.now, settlesAtMs: ctx.now + ctx.core.config.settleDelaySeconds * 1000 },
          priceDeposit(amount!),
          { pair: null, price: null, bankAccountId: null },
        );
        return { status: 200, body: { transaction: dumpTransaction(tx) } };
      } catch (err) {
        if (err instanceof LedgerRefusal) throw fieldError(err.field, err.message);
        throw err;
      }
    },
  },
  {
    // The deterministic way to see a transaction fail: its balance changes are reversed.
    method: 'POST',
    path: 'transactions/:transaction/fail',
    auth: false,
    handler: (ctx) => {
      const id = idParam(ctx, 'transaction');
      const tx = id === null ? undefined : ctx.core.state.transactionsById.get(id);
      if (!tx) throw notFound('Transaction not found.');
      try {
        failTransaction(ctx.core.state, tx);
      } catch (err) {
        if (err instanceof LedgerRefusal) throw failure(409, err.message);
        throw err;
      }
      return { status: 200, body: { transaction: dumpTransaction(tx) } };
    },
  },
];
