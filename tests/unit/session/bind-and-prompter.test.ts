import { afterEach, describe, expect, it } from 'vitest';
import { bindSession } from '../../../main/session/bind';
import type { Session } from '../../../main/session/session';
import { createTotpPrompter } from '../../../main/session/totp-prompter';
import { FakeClock } from '../../support/fake-clock';
import { sessionFor, startAuthStub, type AuthStub } from './helpers';

describe('bindSession', () => {
  let rig: AuthStub | undefined;
  let session: Session | undefined;
  afterEach(async () => {
    session?.dispose();
    await rig?.stub.close();
  });

  it('calls endpoints with the session token and heals a 401 like authorized()', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 9, 0, 10));
    rig = await startAuthStub(clock);
    rig.onApi = (req) =>
      req.path === '/v1/users/4'
        ? {
            status: 200,
            body: { status: true, data: { email: 'a@b.c', name: 'A', surname: 'B', phone: '1', status: 'active', kyc_status: 'verified' } },
          }
        : { status: 200, body: { status: true, data: { balance: 0.5, currency_code: 'btc' } } };
    session = sessionFor(rig);
    const api = bindSession(session);
    expect(await api.showUser(4)).toMatchObject({ email: 'a@b.c', kyc_status: 'verified', city: null });
    rig.revokeAll();
    expect(await clock.runUntil(api.userBalance(4, 'btc'))).toEqual({ balance: '0.5', currency_code: 'btc' });
    expect(rig.stub.requests.filter((r) => r.path === '/v1/users/4/balances').map((r) => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });
});

describe('createTotpPrompter', () => {
  it('announces one question, shares it between askers and resolves with the typed code', async () => {
    const prompter = createTotpPrompter();
    const announced: string[] = [];
    prompter.onNeeded((r) => announced.push(r.reason));
    const a = prompter.prompt({ reason: 'renewal', expiresAt: 123 });
    const b = prompter.prompt({ reason: 'renewal', expiresAt: 123 });
    expect(announced).toEqual(['renewal']);
    expect(prompter.pending).toEqual({ reason: 'renewal', expiresAt: 123 });
    expect(prompter.submit('12a456')).toBe(false);
    expect(prompter.submit(' 123456 ')).toBe(true);
    expect(await a).toBe('123456');
    expect(await b).toBe('123456');
    expect(prompter.pending).toBeNull();
    expect(prompter.submit('123456')).toBe(false);
  });

  it('cancel rejects the open question', async () => {
    const prompter = createTotpPrompter();
    const asked = prompter.prompt({ reason: 'sign-in', expiresAt: null });
    prompter.cancel('Operator closed the dialog.');
    await expect(asked).rejects.toThrow('Operator closed the dialog.');
  });
});
