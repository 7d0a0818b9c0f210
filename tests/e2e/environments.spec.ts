// Issue 5, environments & session: a custom base URL (production-style path), a
// credentials form whose secrets are write-only, and the TOTP prompt when no
// TOTP secret is stored.
import type { Locator, Page } from '@playwright/test';
import { totpCode } from '../../main/session/totp';
import { startSandbox } from '../../sandbox/server';
import AxeBuilder from '@axe-core/playwright';
import { screens } from './pages';
import { expect, test } from './support/fixtures';
import { skipWithReason } from './support/skip';

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
  await expect(entries.getByRole('row').filter({ hasText: 'Sign in' }).filter({ hasText: 'Loopback copy' }).first()).toBeVisible();
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

// ── Issue "What an operator sees on day one", items 6 and 7 ──────────────────

test('Sign in is the main action only while signed out, and the state is in words', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Environments');
  const state = page.getByTestId('session-panel-state');
  await expect(state).toHaveText('Signed in');
  await expect(s.environments.signIn).not.toHaveClass(/primary/);
  await s.environments.signOut.click();
  await expect(state).toHaveText('Signed out');
  await expect(s.environments.signIn).toHaveClass(/primary/);
  await expect(page.getByRole('main')).not.toContainText(/signed-out|signing-in/);
});

/** The element's box lies inside the container's box (a pixel of rounding allowed). */
async function expectInside(element: Locator, container: Locator, what: string): Promise<void> {
  const inner = await element.boundingBox();
  const outer = await container.boundingBox();
  expect(inner && outer, what).toBeTruthy();
  expect(inner!.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer!.x - 1);
  expect(inner!.x + inner!.width, `${what}: right edge`).toBeLessThanOrEqual(outer!.x + outer!.width + 1);
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  await expect
    .poll(() => page.getByRole('main').evaluate((el) => el.scrollWidth - el.clientWidth), { message: what })
    .toBeLessThanOrEqual(0);
}

test('a long profile name and base URL: refused past the limit, then kept inside the table', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Environments');
  const nameField = page.getByRole('textbox', { name: 'Profile name' });
  const add = page.getByRole('button', { name: 'Add environment' });
  // 61 characters stay as typed, with the reason, and nothing is added.
  const name = 'Partner proxy for the night shift, with a long name: 60 char';
  expect(name).toHaveLength(60);
  const tooLong = `${name}s`;
  await nameField.fill(tooLong);
  await page.getByRole('textbox', { name: 'Base URL' }).fill(`https://proxy.example.com/${'segment/'.repeat(30)}v1`);
  await expect(nameField).toHaveValue(tooLong);
  await expect(nameField).toHaveAccessibleDescription('A profile name can be at most 60 characters; this one has 61.');
  await expect(add).toBeDisabled();
  await nameField.fill(name);
  await expect(nameField).toHaveAccessibleDescription('60 of 60 characters');
  await add.click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${name}.` })).toBeVisible();

  const table = page.getByRole('table', { name: 'Environment profiles' });
  const region = page.getByRole('region', { name: 'Environment profiles' });
  for (const [width, height] of [
    [1440, 900],
    [1000, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    const remove = page.getByRole('button', { name: `Remove ${name}`, exact: true });
    await expect(remove).toBeVisible();
    await expectInside(remove, region, `Remove at ${width}`);
    // The action cells are table cells (with a flex wrapper inside), so the row lines hold.
    const displays = await table.locator('td').evaluateAll((cells) => [...new Set(cells.map((c) => getComputedStyle(c).display))]);
    expect(displays).toEqual(['table-cell']);
    await expectNoSidewaysScroll(page, `environments at ${width}`);
    await desk.snapshot(`environments-long-${width}`);
  }
});

test('without a keychain the credentials form says one thing', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  skipWithReason(
    !desk.harnessUrl,
    "it stands in main's keychain answer by routing the browser harness's HTTP bridge (POST /bridge/desk:profiles.credentials); the electron project has no harness, its bridge is IPC",
  );
  await s.shell.ready();
  const reason =
    'No Secret Service (gnome-keyring or KWallet) is running on this Linux session; secrets will be kept in memory for this session only and must be typed again after a restart. Details: could not connect.';
  // Main's answer for a machine without a keychain, as the memory vault gives it.
  await page.route(/\/bridge\/desk(%3A|:)profiles\.credentials$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
    body.value['keychain'] = { available: false, reason };
    body.value['stored'] = { password: true, clientSecret: true, totpSecret: false };
    await route.fulfill({ response, json: body });
  });
  await s.shell.go('Environments');
  const banner = page.getByRole('alert').filter({ hasText: 'Secret Service' });
  await expect(banner).toHaveText(reason);
  await expect(banner).not.toContainText('cannot be stored');
  await expect(page.getByText('Held for this session', { exact: true })).toHaveCount(2);
  await expect(page.getByText('Stored', { exact: true })).toHaveCount(0);
  await desk.snapshot('credentials-no-keychain');
});
