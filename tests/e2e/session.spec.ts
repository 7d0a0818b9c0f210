// Issue 4: the desk starts on the Local sandbox profile and signs in by itself;
// the session indicator shows time left and renews — when the sandbox hands out
// short-lived tokens, and when the sandbox clock jumps past the token's expiry.
// And a custom environment without a TOTP secret, whose codes the operator types:
// a wrong one is refused at once, "Later" leaves Sign in working, and nothing
// else waits for the code.
import type { Page } from '@playwright/test';
import { totpCode } from '../../main/session/totp';
import { startSandbox } from '../../sandbox/server';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test, type DeskFixture } from './support/fixtures';

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
    await expect(page.getByTestId('session-panel-state')).toHaveText('Signed in');
    await desk.snapshot('environments');

    const first = await deskCall(page, 'session.status', {});
    expect(first).toMatchObject({
      profileId: 'local-sandbox',
      profileKind: 'sandbox',
      state: 'active',
      logins: 1,
      needsTotp: false,
      error: null,
    });

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
    await expect
      .poll(async () => (await deskCall(page, 'session.status', {})).logins, { timeout: 40_000, intervals: [500] })
      .toBeGreaterThanOrEqual(2);
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

type Partner = Awaited<ReturnType<typeof startSandbox>>['partner'];

/** The desk's sandbox partner: deterministic for a seed, so a second sandbox tells the test its secrets. */
async function sandboxPartner(seed: number): Promise<Partner> {
  const probe = await startSandbox({ port: 0, seed });
  const { partner } = probe;
  await probe.close();
  return partner;
}

/** The sandbox's clock, which its TOTP check uses. */
async function sandboxNow(desk: DeskFixture): Promise<number> {
  return ((await desk.sandbox('/__sandbox/clock')) as { now_ms: number }).now_ms;
}

/** A six-digit code the sandbox accepts for none of the steps around `serverMs`. */
function wrongCode(secret: string, serverMs: number): string {
  const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, serverMs + d * 30_000)));
  let n = 0;
  while (valid.has(String(n).padStart(6, '0'))) n++;
  return String(n).padStart(6, '0');
}

/**
 * Adds `name`, a custom environment on the desk's own sandbox with every
 * credential but the TOTP secret, and switches to it: the desk asks for a code.
 */
async function switchToEnvironmentWithoutTotpSecret(desk: DeskFixture, name: string): Promise<Partner> {
  const { page } = desk;
  const s = screens(page);
  const partner = await sandboxPartner(desk.launch.seed);
  await s.shell.go('Environments');
  await page.getByRole('textbox', { name: 'Profile name' }).fill(name);
  await page.getByRole('textbox', { name: 'Base URL' }).fill(`${desk.launch.sandboxOrigin}/api/v1/partners`);
  await page.getByRole('button', { name: 'Add environment' }).click();
  await s.environments.credentials(name).click();
  const form = page.getByRole('form', { name: new RegExp(`Credentials for ${name}`) });
  const scope = (await form.count()) > 0 ? form : page;
  await scope.getByRole('textbox', { name: 'Email', exact: true }).fill(partner.email);
  await scope.getByRole('textbox', { name: 'Client ID' }).fill(String(partner.client_id));
  await scope.getByLabel('Password', { exact: true }).fill(partner.password);
  await scope.getByLabel('Client secret', { exact: true }).fill(partner.client_secret);
  await scope.getByRole('button', { name: 'Save credentials' }).click();
  await expect(scope.getByText('Stored', { exact: true })).toHaveCount(2);
  // The desk signed in to the sandbox in this 30-second step already, and a code is
  // spent once used: move the sandbox on so the operator's right code is a fresh one.
  await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 30 } });
  await s.environments.use(name).click();
  return partner;
}

function codeDialog(page: Page, name: string) {
  const dialog = page.getByRole('dialog', { name: `Sign-in code needed for ${name}` });
  return {
    dialog,
    code: dialog.getByRole('textbox', { name: 'Authenticator code' }),
    submit: dialog.getByRole('button', { name: 'Submit code' }),
    later: dialog.getByRole('button', { name: 'Later' }),
  };
}

test.describe('codes typed by the operator', () => {
  test('a wrong code is refused at once, nothing else waits for the code, and the next code signs in', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    await s.shell.ready();
    const partner = await switchToEnvironmentWithoutTotpSecret(desk, 'Typed codes');
    const prompt = codeDialog(page, 'Typed codes');
    await expect(prompt.dialog).toBeVisible();

    // While the question is open, other calls answer: settings as usual, reads that
    // need the session with the reason they cannot go through yet.
    expect(await deskCall(page, 'settings.get', {})).toHaveProperty('theme');
    await expect(deskCall(page, 'balances.master', {})).rejects.toThrow(/waiting for the authenticator code/);
    await expect(deskCall(page, 'users.directory', {})).resolves.toBeDefined();

    await prompt.code.fill(wrongCode(partner.totp_secret, await sandboxNow(desk)));
    await prompt.submit.click();
    await expect(prompt.dialog).toContainText('Kriptomat refused this code (The security code is invalid).');
    await expect(prompt.submit).toHaveText('Submit code');
    await expect(prompt.submit).toBeEnabled();
    expect(await deskCall(page, 'session.status', {})).toMatchObject({ state: 'signing-in', needsTotp: true });

    await prompt.code.fill(totpCode(partner.totp_secret, await sandboxNow(desk)));
    await prompt.submit.click();
    await expect(prompt.dialog).toBeHidden();
    await expect(s.shell.environment).toContainText('Typed codes');
    await expect(s.shell.sessionState).toHaveText('Signed in');
    await deskCall(page, 'balances.master', {});
  });

  test('"Later" leaves the environment signed out, and Sign in then asks again and works', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    await s.shell.ready();
    const partner = await switchToEnvironmentWithoutTotpSecret(desk, 'Typed codes');
    const prompt = codeDialog(page, 'Typed codes');
    await expect(prompt.dialog).toBeVisible();

    await prompt.later.click();
    await expect(prompt.dialog).toBeHidden();
    await expect(page.getByTestId('session-panel-state')).toHaveText('Signed out');
    await expect(s.environments.signIn).toBeEnabled();

    await s.environments.signIn.click();
    await expect(prompt.dialog).toBeVisible();
    await prompt.code.fill(totpCode(partner.totp_secret, await sandboxNow(desk)));
    await prompt.submit.click();
    await expect(prompt.dialog).toBeHidden();
    await expect(page.getByTestId('session-panel-state')).toHaveText('Signed in');
    await expect(s.shell.sessionState).toHaveText('Signed in');
    await expect(s.environments.signOut).toBeEnabled();
  });
});
