// Issue 5, environments & session: a custom base URL (production-style path), a
// credentials form whose secrets are write-only, and the TOTP prompt when no
// TOTP secret is stored.
import { totpCode } from '../../main/session/totp';
import { startSandbox } from '../../sandbox/server';
import AxeBuilder from '@axe-core/playwright';
import { screens } from './pages';
import { expect, test } from './support/fixtures';

test('a custom environment without a TOTP secret asks for a code, then signs in', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  // The demo partner is deterministic for a seed: a second sandbox tells the test its secrets.
  const probe = await startSandbox({ port: 0, seed: desk.launch.seed });
  const partner = probe.partner;
  await probe.close();

  await s.shell.go('Environments');
  await page.getByRole('textbox', { name: 'Profile name' }).fill('Loopback copy');
  await page.getByRole('textbox', { name: 'Base URL' }).fill(`${desk.launch.sandboxOrigin}/api/v1/partners`);
  await page.getByRole('button', { name: 'Add environment' }).click();
  await page.getByRole('button', { name: 'Credentials for Loopback copy', exact: true }).click();

  const form = page.getByRole('form', { name: /Credentials for Loopback copy/ });
  const scope = (await form.count()) > 0 ? form : page;
  await scope.getByRole('textbox', { name: 'Email', exact: true }).fill(partner.email);
  await scope.getByRole('textbox', { name: 'Client ID' }).fill(String(partner.client_id));
  await scope.getByLabel('Password', { exact: true }).fill(partner.password);
  await scope.getByLabel('Client secret', { exact: true }).fill(partner.client_secret);
  await scope.getByRole('button', { name: 'Save credentials' }).click();

  // Write-only: the fields empty again, "Stored" shown, and the values nowhere in the page.
  await expect(scope.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(scope.getByLabel('Client secret', { exact: true })).toHaveValue('');
  await expect(scope.getByText('Stored', { exact: true })).toHaveCount(2);
  await expect(scope.getByText('Not stored', { exact: true })).toHaveCount(1);
  const html = await page.content();
  expect(html).not.toContain(partner.password);
  expect(html).not.toContain(partner.client_secret);

  // The desk signed in to the sandbox in this 30-second step already; a code is spent
  // once used, so move the sandbox to the next step before reading its clock.
  const clock = (await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 30 } })) as { now_ms: number };

  await page.getByRole('button', { name: 'Use Loopback copy', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Sign-in code needed for Loopback copy/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('No TOTP secret is stored for this environment');
  await desk.snapshot('totp-prompt');
  await dialog.getByRole('textbox', { name: 'Authenticator code' }).fill(totpCode(partner.totp_secret, clock.now_ms));
  await dialog.getByRole('button', { name: 'Submit code' }).click();
  await expect(dialog).toBeHidden();

  await expect(s.shell.environment).toContainText('Loopback copy');
  await expect(s.shell.sessionState).toHaveText(/Signed in/);
  await expect(s.shell.timeLeft).toHaveText(/Expires in (59|60):\d\d/);
  // Calls now go through the custom profile's production-style base path.
  await s.shell.go('Treasury');
  await expect(page.getByRole('table', { name: 'Master balances' }).getByRole('row', { name: /EUR/ }).first()).toBeVisible();

  await s.shell.go('Audit log');
  const entries = page.getByRole('table', { name: 'Audit entries' });
  await expect(entries.getByRole('row').filter({ hasText: 'login' }).filter({ hasText: 'loopback' }).first()).toBeVisible();
});

test('switching to production asks first and then is unmistakable', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Environments');
  await page.getByRole('button', { name: 'Use Production', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Switch to PRODUCTION (Production)?' });
  await expect(confirm).toContainText('real customers with real money at https://api.kriptomat.io/api/v1/partners');
  // Cancelling keeps the sandbox.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(s.shell.environment).toContainText('Local sandbox');
  await expect(page.getByRole('region', { name: 'Production warning' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Use Production', exact: true }).click();
  await confirm.getByRole('button', { name: 'Switch to production' }).click();
  await expect(page.getByRole('region', { name: 'Production warning' })).toHaveText('PRODUCTION — Production: real customers, real money');
  await expect(s.shell.environment).toContainText('PRODUCTION');
  await expect(page).toHaveTitle(/PRODUCTION/);
  // No credentials are stored for production: the desk says so instead of pretending to be signed in.
  await expect(s.shell.sessionState).not.toHaveText(/Signed in/);
  await desk.snapshot('production');
  // The band is a named landmark: axe's region rule holds on production too.
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
