// Issue 20, item 9: defects a new operator met on the first day, each as the operator
// sees it — messages at their fields, notes that do not outlive the edit after them.
import { PER_ORDER_LIMIT_ZERO_WORDS } from '../../shared/policy-limits';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { sandboxState } from './support/sandbox-state';
import { expect, test } from './support/fixtures';

const GOOD_IBAN_SHOWN = 'DE89 3704 0044 0532 0130 00';
const BAD_IBAN = 'DE89 3704 0044 0532 0130 01'; // one digit off: the mod-97 check fails

test("a custom environment on Kriptomat's production host, or with a name in use, is refused at its field", async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Environments');
  const form = page.getByRole('region', { name: 'Add a custom environment' });
  const name = form.getByRole('textbox', { name: 'Profile name' });
  const baseUrl = form.getByRole('textbox', { name: 'Base URL' });
  const add = form.getByRole('button', { name: 'Add environment' });

  await name.fill('My prod');
  await baseUrl.fill('https://API.Kriptomat.io:443/api/v1/partners/');
  await add.click();
  await expect(baseUrl).toHaveAccessibleDescription(/use the built-in Production environment instead of a custom one/);
  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toHaveCount(0);

  await name.fill('  local SANDBOX ');
  await baseUrl.fill('https://proxy.example.com/v1');
  await add.click();
  await expect(name).toHaveAccessibleDescription('The name "Local sandbox" is already used by another environment: choose another name.');
  // Neither was added.
  expect((await deskCall(page, 'profiles.list', {})).map((p) => p.name)).toEqual(['Local sandbox', 'Staging', 'Production']);
});

test('a per-order limit of 0 is refused at the field, in words', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Settings');
  await s.settings.limit.fill('0.00');
  await expect(s.settings.limit).toHaveAccessibleDescription(new RegExp(PER_ORDER_LIMIT_ZERO_WORDS.replace(/[.:]/g, '\\$&')));
  await expect(s.settings.limit).toHaveAttribute('aria-invalid', 'true');
  await expect(s.settings.save).toBeDisabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a success note goes away at the next edit instead of standing beside a new error', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Settings');
  const deskSettings = page.getByRole('region', { name: 'Desk settings' });
  await s.settings.setPolling(5);
  await s.settings.limit.fill('0');
  await expect(s.settings.limit).toHaveAttribute('aria-invalid', 'true');
  await expect(deskSettings.getByRole('status')).toHaveCount(0);

  await s.shell.openUser(1);
  await s.user.shows(1);
  await s.user.iban.fill(GOOD_IBAN_SHOWN);
  await s.user.addBank.click();
  await expect(s.user.banks.getByRole('status')).toHaveText(`Added the bank account ${GOOD_IBAN_SHOWN}.`);
  await s.user.iban.fill(BAD_IBAN);
  await expect(s.user.iban).toHaveAccessibleDescription(/check digits do not match/);
  await expect(s.user.banks.getByRole('status')).toHaveCount(0);
});

test('Sign in is disabled while signed in; Switch to Solo is not offered in Solo', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Environments');
  await expect(page.getByTestId('session-panel-state')).toHaveText('Signed in');
  await expect(s.environments.signIn).toBeDisabled();
  await s.environments.signOut.click();
  await expect(page.getByTestId('session-panel-state')).toHaveText('Signed out');
  await expect(s.environments.signIn).toBeEnabled();

  await s.shell.go('Settings');
  const workspace = page.getByRole('region', { name: 'Workspace' });
  await expect(page.getByTestId('workspace-active')).toHaveText('Solo workspace');
  await expect(workspace.getByRole('button', { name: /^Switch to/ })).toHaveCount(0);
  // Choosing Team offers the switch; choosing Solo again takes it away.
  await workspace.getByRole('radio', { name: 'Team' }).check();
  await expect(workspace.getByRole('button', { name: 'Switch to Team…' })).toBeVisible();
  await workspace.getByRole('radio', { name: 'Solo' }).check();
  await expect(workspace.getByRole('button', { name: /^Switch to/ })).toHaveCount(0);
});

test('a count of one reads "1 transaction matches", not "1 transactions match"', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const t = s.transactions;
  await s.shell.ready();
  // A combination of filters that exactly one of the sandbox's transactions has.
  const { transactions } = await sandboxState(desk);
  const keyOf = (tx: (typeof transactions)[number]) => JSON.stringify([tx.user_id, tx.type, tx.pair ?? '', tx.state]);
  const counts = new Map<string, number>();
  for (const tx of transactions) counts.set(keyOf(tx), (counts.get(keyOf(tx)) ?? 0) + 1);
  const only = transactions.find((tx) => counts.get(keyOf(tx)) === 1);
  expect(only, 'the seeded history has a transaction alone in its user, type, pair and state').toBeDefined();

  await s.shell.go('Transactions');
  await t.sync.click();
  await expect(page.getByRole('status').filter({ hasText: /^Sync done: / })).toBeVisible();
  await t.userId.fill(String(only!.user_id));
  await t.type.selectOption(only!.type);
  if (only!.pair) await t.pair.selectOption(only!.pair);
  await t.state.selectOption(only!.state);
  await expect(t.total).toHaveText('1 transaction matches');
});
