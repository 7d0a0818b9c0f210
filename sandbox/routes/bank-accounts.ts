// A user's bank accounts: add (IBAN checked with mod-97), list, view, delete.
import { bankFor, referenceForAccount } from '../banks';
import { apiBankAccount } from '../present';
import type { Route } from '../router';
import { Checker } from '../validation';
import { bankAccountOf, requireActive, userOf } from './lookup';

export const bankAccountRoutes: Route[] = [
  {
    method: 'POST',
    path: 'users/:user/bank-accounts',
    auth: true,
    handler: (ctx) => {
      const user = userOf(ctx);
      const state = ctx.core.state;
      const c = new Checker(ctx.body);
      const iban = c.iban();
      if (iban !== undefined && state.bankAccountsOf(user.id).some((b) => b.iban === iban)) {
        c.add('iban', 'This IBAN is already one of the user’s bank accounts.');
      }
      c.done();
      requireActive(user);
      const id = state.nextIds.bank_account++;
      const bank = {
        id,
        user_id: user.id,
        ...bankFor(iban!),
        iban: iban!,
        reference_number: referenceForAccount(user.id, id),
        state: 'verified',
      };
      state.bankAccounts.set(id, bank);
      return { status: 200, body: { status: true, data: { id, reference_number: bank.reference_number } } };
    },
  },
  {
    method: 'GET',
    path: 'users/:user/bank-accounts',
    auth: true,
    handler: (ctx) => {
      const user = userOf(ctx);
      return { status: 200, body: { status: true, data: ctx.core.state.bankAccountsOf(user.id).map(apiBankAccount) } };
    },
  },
  {
    method: 'GET',
    path: 'users/:user/bank-accounts/:bank',
    auth: true,
    handler: (ctx) => ({ status: 200, body: { status: true, data: apiBankAccount(bankAccountOf(ctx, userOf(ctx))) } }),
  },
  {
    method: 'DELETE',
    path: 'users/:user/bank-accounts/:bank',
    auth: true,
    handler: (ctx) => {
      const bank = bankAccountOf(ctx, userOf(ctx));
      ctx.core.state.bankAccounts.delete(bank.id);
      return { status: 200, body: { status: true } };
    },
  },
];
