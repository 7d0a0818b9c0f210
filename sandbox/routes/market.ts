// Market data and balances: pairs, currencies, exchange rates, user and master balances.
import { BALANCE_CURRENCIES, CURRENCIES, PAIRS } from '../catalog';
import { balanceOf } from '../ledger';
import type { Route } from '../router';
import { queryOneOf } from '../validation';
import { userOf } from './lookup';

export const marketRoutes: Route[] = [
  {
    method: 'GET',
    path: 'pairs',
    auth: true,
    handler: () => ({ status: 200, body: { status: true, data: [...PAIRS] } }),
  },
  {
    method: 'GET',
    path: 'currencies',
    auth: true,
    handler: () => ({ status: 200, body: { status: true, data: CURRENCIES.map((c) => ({ name: c.name, code: c.code })) } }),
  },
  {
    method: 'GET',
    path: 'exchange-rates',
    auth: true,
    handler: (ctx) => {
      const pair = queryOneOf(ctx.query, 'pair', PAIRS);
      const q = ctx.core.rates.quote(pair, ctx.now)!;
      return {
        status: 200,
        body: {
          status: true,
          data: {
            pair: q.pair,
            price: q.price.toNumber(),
            price_buy: q.price_buy.toNumber(),
            price_sell: q.price_sell.toNumber(),
            date: q.date,
            timestamp: q.timestamp,
          },
        },
      };
    },
  },
  {
    method: 'GET',
    path: 'users/:user/balances',
    auth: true,
    handler: (ctx) => {
      const user = userOf(ctx);
      const code = queryOneOf(ctx.query, 'currency_code', BALANCE_CURRENCIES);
      return { status: 200, body: { status: true, data: { balance: balanceOf(user, code).toNumber(), currency_code: code } } };
    },
  },
  {
    method: 'GET',
    path: 'balances',
    auth: true,
    handler: (ctx) => {
      const code = queryOneOf(ctx.query, 'currency_code', BALANCE_CURRENCIES);
      return { status: 200, body: { status: true, data: { balance: balanceOf(ctx.partner, code).toNumber(), currency_code: code } } };
    },
  },
];
