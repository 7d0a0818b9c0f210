// Issue 4: the desk starts on the Local sandbox profile and signs in by itself;
// the session indicator shows time left and renews — when the sandbox hands out
// short-lived tokens, and when the sandbox clock jumps past the token's expiry.
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';

test.describe('the session', () => {
  test('starts on the Local sandbox, signs in by itself, and survives a clock jump past its token', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    await s.shell.ready();

    // Signed in without anyone touching the desk.
    await expect(s.shell.environment).toContainText('Local sandbox');
    await expect(s.shell.environment).toContainText('(sandbox)');
    await expect(s.shell.sessionState).toHaveText('Signed in');
    await expect(s.shell.timeLeft).toHaveText(/^Expires in \d+:\d\d(:\d\d)?$/);
    // The default token lives an hour: the countdown starts just under it.
    expect(await s.shell.secondsLeft()).toBeGreaterThan(55 * 60);
    expect(await s.shell.secondsLeft()).toBeLessThanOrEqual(60 * 60);
    await expect(s.shell.lastRenewal).toBeVisible();

    await s.shell.go('Environments');
    await expect(s.environments.use('Local sandbox')).toBeDisabled();
    await expect(s.environments.use('Local sandbox')).toHaveText('In use');
    await expect(page.getByTestId('session-panel-state')).toHaveText('active');
    await desk.snapshot('environments');

    const first = await deskCall(page, 'session.status', {});
    expect(first).toMatchObject({ profileId: 'local-sandbox', profileKind: 'sandbox', state: 'active', logins: 1, needsTotp: false, error: null });

    // The sandbox clock jumps 4000 s: the hour-long token is dead on the server,
    // though the desk's own clock says it has most of its life left.
    await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 4000 } });
    // The next authenticated call meets a 401, the desk logs in again and the call goes through.
    const balances = await deskCall(page, 'balances.master', {});
    expect(balances.find((b) => b.currency.toLowerCase() === 'eur')).toBeTruthy();
    const after = await deskCall(page, 'session.status', {});
    expect(after.state).toBe('active');
    expect(after.logins).toBeGreaterThanOrEqual(2);
    expect(after.lastRenewedAtMs ?? 0).toBeGreaterThan(first.lastRenewedAtMs ?? 0);
    await expect(s.shell.sessionState).toHaveText('Signed in');
    expect(await s.shell.secondsLeft()).toBeGreaterThan(55 * 60);
  });
});

test.describe('a session with 30-second tokens', () => {
  test.use({ deskArgs: ['--sandbox-token-ttl', '30'] });

  test('counts down and renews before the token lapses', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    await s.shell.ready();
    await expect(s.shell.sessionState).toHaveText('Signed in');
    const first = await deskCall(page, 'session.status', {});
    expect(first.logins).toBe(1);
    // The token's life is what the sandbox said: 30 s.
    expect(await s.shell.secondsLeft()).toBeLessThanOrEqual(30);
    const renewalBefore = await s.shell.lastRenewal.textContent();

    // The countdown runs down…
    await expect.poll(() => s.shell.secondsLeft(), { timeout: 30_000, intervals: [500] }).toBeLessThanOrEqual(12);
    // …then the desk logs in again on its own, before the token lapses.
    await expect.poll(async () => (await deskCall(page, 'session.status', {})).logins, { timeout: 40_000, intervals: [500] }).toBeGreaterThanOrEqual(2);
    // The indicator jumped back up and names the new renewal.
    await expect.poll(() => s.shell.secondsLeft(), { timeout: 5_000 }).toBeGreaterThan(20);
    await expect(s.shell.lastRenewal).not.toHaveText(renewalBefore ?? '');
    await expect(s.shell.sessionState).toHaveText(/Signed in|Renewing session…/);
    const renewed = await deskCall(page, 'session.status', {});
    expect(renewed.state).toMatch(/^(active|refreshing)$/);
    expect(renewed.error).toBeNull();
    expect(renewed.expiresAtMs ?? 0).toBeGreaterThan(first.expiresAtMs ?? 0);
    // Nothing lapsed in between: an authenticated call still works.
    await deskCall(page, 'balances.master', {});
  });
});
