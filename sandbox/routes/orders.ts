// Buy, sell and fiat withdraw. Order of checks: unknown user (404); field
// validation (422); a known idempotency key (replay, or 409 for a different
// request); checks against the current state — the withdrawal's bank account,
// then the user's state (422); pricing and funds (422); then booking. Only a
// booked order stores its key. Validation comes before the key so the
// fingerprint only ever sees valid fields; state checks come after it so a
// replay answers the booked result even if the state has moved on since.
import { EUR_PLACES, CRYPTO_PLACES, type Decimal } from '../../shared/money';
import { PAIRS } from '../catalog';
import { fieldError } from '../errors';
import { fingerprint, remember, replay } from '../idempotency';
import { book, LedgerRefusal, MIN_WITHDRAWAL, priceBuy, priceSell, priceWithdrawal, type Priced } from '../ledger';
import type { AuthedContext, Reply, Route } from '../router';
import type { TxType, UserRecord } from '../state';
import { Checker } from '../validation';
import { requireVerified, userOf } from './lookup';

interface Plan {
  kind: TxType;
  /** Refusals that depend on the current state rather than on the request's shape. */
  checkState?: () => void;
  price: (ctx: AuthedContext) => { priced: Priced; pair: string | null; price: Decimal | null; bankAccountId: number | null };
}

function orderHandler(
  action: 'buy' | 'sell' | 'withdraw',
  fields: readonly string[],
  plan: (ctx: AuthedContext, c: Checker, user: UserRecord) => Plan,
) {
  const printed = [...fields, 'idempotency_key'];
  return (ctx: AuthedContext): Reply => {
    const user = userOf(ctx);
    const state = ctx.core.state;
    const c = new Checker(ctx.body);
    const key = c.string('idempotency_key', 255);
    const p = plan(ctx, c, user);
    c.done();

    const print = fingerprint(action, user.id, ctx.body, printed);
    const previous = replay(state, ctx.partner.id, key, print);
    if (previous) return previous;
    p.checkState?.();
    requireVerified(user);

    let tx;
    try {
      const { priced, ...extra } = p.price(ctx);
      const settlesAtMs = ctx.now + ctx.core.config.settleDelaySeconds * 1000;
      tx = book(state, { kind: p.kind, user, partner: ctx.partner, nowMs: ctx.now, settlesAtMs, idempotencyKey: key! }, priced, extra);
    } catch (err) {
      if (err instanceof LedgerRefusal) throw fieldError(err.field, err.message);
      throw err;
    }
    const reply: Reply = { status: 200, body: { status: true, data: { transaction_id: tx.id } } };
    remember(state, ctx.partner.id, key!, print, reply);
    return reply;
  };
}

function quote(ctx: AuthedContext, pair: string) {
  // The pair was validated against PAIRS, so a quote always exists.
  return ctx.core.rates.quote(pair, ctx.now)!;
}

export const orderRoutes: Route[] = [
  {
    method: 'POST',
    path: 'users/:user/buy',
    auth: true,
    handler: orderHandler('buy', ['amount', 'pair'], (_ctx, c) => {
      // `amount` is what the user pays, in EUR.
      const amount = c.amount('amount', EUR_PLACES);
      const pair = c.oneOf('pair', PAIRS);
      return {
        kind: 'buy',
        price: (ctx) => {
          const q = quote(ctx, pair!);
          return { priced: priceBuy(amount!, q.price_buy), pair: pair!, price: q.price_buy, bankAccountId: null };
        },
      };
    }),
  },
  {
    method: 'POST',
    path: 'users/:user/sell',
    auth: true,
    handler: orderHandler('sell', ['amount', 'pair'], (_ctx, c) => {
      // `amount` is what the user sells, in the crypto currency.
      const amount = c.amount('amount', CRYPTO_PLACES);
      const pair = c.oneOf('pair', PAIRS);
      return {
        kind: 'sell',
        price: (ctx) => {
          const q = quote(ctx, pair!);
          return { priced: priceSell(amount!, q.price_sell), pair: pair!, price: q.price_sell, bankAccountId: null };
        },
      };
    }),
  },
  {
    method: 'POST',
    path: 'users/:user/withdraw',
    auth: true,
    handler: orderHandler('withdraw', ['amount', 'bank_account_id'], (ctx, c, user) => {
      const amount = c.amount('amount', EUR_PLACES);
      if (amount !== undefined && amount.lt(MIN_WITHDRAWAL)) c.add('amount', 'The amount must be at least 10.00 EUR.');
      const bankId = c.id('bank_account_id');
      return {
        kind: 'fiat_withdrawal',
        // A state check: the account may be deleted after a booked withdrawal, whose replay must still answer.
        checkState: () => {
          const bank = ctx.core.state.bankAccounts.get(bankId!);
          if (!bank || bank.user_id !== user.id) throw fieldError('bank_account_id', 'The selected bank account id is invalid.');
        },
        price: () => ({ priced: priceWithdrawal(amount!), pair: null, price: null, bankAccountId: bankId! }),
      };
    }),
  },
];
