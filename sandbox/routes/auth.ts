// POST auth/login and auth/logout.
import { login, logout } from '../auth';
import type { Route } from '../router';
import { Checker } from '../validation';

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: 'auth/login',
    auth: false,
    handler: (ctx) => {
      // Missing or mistyped fields are a 422; wrong values are a 401 (login.ts).
      const c = new Checker(ctx.body);
      const email = c.string('email');
      const password = c.string('password');
      const clientId = c.id('client_id');
      const clientSecret = c.string('client_secret');
      const securityCode = c.string('security_code', 16);
      c.done();
      const token = login(
        ctx.core.state,
        { email: email!, password: password!, clientId: clientId!, clientSecret: clientSecret!, securityCode: securityCode! },
        ctx.now,
        ctx.core.config.tokenTtlSeconds,
      );
      return { status: 200, body: { access_token: token.token, expires_in: ctx.core.config.tokenTtlSeconds } };
    },
  },
  {
    method: 'POST',
    path: 'auth/logout',
    auth: true,
    handler: (ctx) => {
      logout(ctx.core.state, ctx.token);
      return { status: 200, body: { status: true } };
    },
  },
];
