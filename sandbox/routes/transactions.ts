// Transaction lists (all users, one user) with `?page=N`, 8 per page, newest first,
// and one transaction by id.
import { notFound } from '../errors';
import { apiTransaction } from '../present';
import type { AuthedContext, Reply, Route } from '../router';
import type { TransactionRecord } from '../state';
import { queryPage } from '../validation';
import { userOf } from './lookup';

export const PER_PAGE = 8;

/** One page, newest (highest id, i.e. most recently booked) first. */
function page(list: readonly TransactionRecord[], ctx: AuthedContext): Reply {
  const current = queryPage(ctx.query);
  const total = list.length;
  const totalPages = Math.max(1, Math.ceil(total / PER_PAGE));
  const rows: TransactionRecord[] = [];
  if (current <= totalPages) {
    const start = total - 1 - (current - 1) * PER_PAGE;
    for (let i = start; i >= 0 && i > start - PER_PAGE; i--) rows.push(list[i]!);
  }
  return {
    status: 200,
    body: {
      status: true,
      data: {
        transactions: rows.map(apiTransaction),
        meta: {
          current_page: current,
          total_pages: totalPages,
          total_count: total,
          per_page: PER_PAGE,
          last_page: current >= totalPages,
          out_of_range: current > totalPages,
        },
      },
    },
  };
}

export const transactionRoutes: Route[] = [
  {
    method: 'GET',
    path: 'users-transactions',
    auth: true,
    handler: (ctx) => {
      const state = ctx.core.state;
      // With one partner (the sandbox's case) every transaction is theirs; skip the filter.
      const list =
        state.partners.size === 1
          ? state.transactions
          : state.transactions.filter((t) => state.users.get(t.user_id)?.partner_id === ctx.partner.id);
      return page(list, ctx);
    },
  },
  {
    method: 'GET',
    path: 'users/:user/transactions',
    auth: true,
    handler: (ctx) => page(ctx.core.state.transactionsByUser.get(userOf(ctx).id) ?? [], ctx),
  },
  {
    method: 'GET',
    path: 'users/:user/transactions/:transaction',
    auth: true,
    handler: (ctx) => {
      const user = userOf(ctx);
      const text = ctx.params.transaction ?? '';
      const tx = /^[1-9]\d{0,14}$/.test(text) ? ctx.core.state.transactionsById.get(Number(text)) : undefined;
      if (!tx || tx.user_id !== user.id) throw notFound('Transaction not found.');
      return { status: 200, body: { status: true, data: apiTransaction(tx) } };
    },
  },
];
