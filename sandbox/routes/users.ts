// Users: create, update, show, KYC import, deposit instructions.
import { DEPOSIT_INSTRUCTIONS, FIAT, CURRENCIES } from '../catalog';
import { startKyc } from '../kyc';
import { apiUser } from '../present';
import type { Route } from '../router';
import { USER_STATUSES, type UserRecord } from '../state';
import { Checker } from '../validation';
import { requireActive, userOf } from './lookup';

function checkEmailFree(c: Checker, users: Iterable<UserRecord>, email: string | undefined, self: UserRecord | null): void {
  if (email === undefined) return;
  for (const u of users) {
    if (u !== self && u.email.toLowerCase() === email.toLowerCase()) {
      c.add('email', 'The email has already been taken.');
      return;
    }
  }
}

export const userRoutes: Route[] = [
  {
    method: 'POST',
    path: 'users',
    auth: true,
    handler: (ctx) => {
      const c = new Checker(ctx.body);
      const email = c.email();
      const name = c.string('name', 100);
      const surname = c.string('surname', 100);
      const phone = c.phone();
      checkEmailFree(c, ctx.core.state.users.values(), email, null);
      c.done();
      const state = ctx.core.state;
      const user: UserRecord = {
        id: state.nextIds.user++,
        partner_id: ctx.partner.id,
        email: email!,
        name: name!,
        surname: surname!,
        phone: phone!,
        date_of_birth: null,
        address: null,
        building_number: null,
        city: null,
        postal_code: null,
        country: null,
        status: 'active',
        kyc_status: 'not_started',
        kyc_target: null,
        kyc_settles_at_ms: null,
        balances: Object.fromEntries([[FIAT, '0.00'], ...CURRENCIES.map((cur) => [cur.code, '0.00000000'])]),
      };
      state.users.set(user.id, user);
      return { status: 200, body: { status: true, data: { id: user.id } } };
    },
  },
  {
    method: 'PUT',
    path: 'users/:user',
    auth: true,
    handler: (ctx) => {
      const user = userOf(ctx);
      const c = new Checker(ctx.body);
      const email = c.email();
      const name = c.string('name', 100);
      const surname = c.string('surname', 100);
      const phone = c.phone();
      const status = c.oneOf('status', USER_STATUSES);
      checkEmailFree(c, ctx.core.state.users.values(), email, user);
      c.done();
      Object.assign(user, { email: email!, name: name!, surname: surname!, phone: phone!, status: status! });
      return { status: 200, body: { status: true } };
    },
  },
  {
    method: 'GET',
    path: 'users/:user',
    auth: true,
    handler: (ctx) => ({ status: 200, body: { status: true, data: apiUser(userOf(ctx)) } }),
  },
  {
    method: 'POST',
    path: 'users/:user/kyc-import',
    auth: true,
    handler: (ctx) => {
      const user = userOf(ctx);
      const c = new Checker(ctx.body);
      const token = c.string('token', 1000);
      c.done();
      requireActive(user);
      startKyc(user, token!, ctx.now, ctx.core.config.kycDelaySeconds);
      return { status: 200, body: { status: true } };
    },
  },
  {
    method: 'GET',
    path: 'users/:user/deposit-instructions',
    auth: true,
    handler: (ctx) => {
      userOf(ctx);
      return { status: 200, body: { status: true, data: { ...DEPOSIT_INSTRUCTIONS } } };
    },
  },
];
