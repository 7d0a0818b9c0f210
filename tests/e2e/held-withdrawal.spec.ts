// The cool-off on withdrawals to bank accounts new to the desk, as an operator
// meets it: set in Settings → Policy (Solo: the one rule that needs no second operator,
// and the section says approval rules need the team workspace); the withdraw ticket and the confirmation say the
// withdrawal will be held and until when; the order list shows it held with a
// countdown and a Cancel button that asks first; cancelled, it is never sent.
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { newTransactions, sandboxState } from './support/sandbox-state';

const USER = 1;

test('a withdrawal to a new bank account is held with a countdown, and a cancelled one is never sent', async ({ desk }) => {
  test.setTimeout(90_000);
  const { page } = desk;
  const s = screens(page);
  const t = s.trade;
  await s.shell.ready();

  await s.shell.go('Settings');
  // Solo: the Policy section holds the cool-off and says rules need the team workspace.
  await expect(s.settings.policy).toContainText(/team workspace/);
  await expect(s.settings.rules).toHaveCount(0);
  await expect(s.settings.holdHours).toHaveValue('0');
  await s.settings.holdHours.fill('200');
  await expect(s.settings.holdHours).toHaveAccessibleDescription(/A whole number of hours from 0 to 168\./);
  await expect(s.settings.savePolicy).toBeDisabled();
  await s.settings.holdHours.fill('2');
  await s.settings.savePolicy.click();
  await expect(s.settings.policy.getByRole('status').filter({ hasText: 'Policy saved.' })).toBeVisible();
  // The desk's own settings no longer carry it.
  await expect(page.getByRole('region', { name: 'Desk settings' }).getByRole('textbox', { name: /Hold withdrawals/ })).toHaveCount(0);
  expect((await deskCall(page, 'policy.get', {})).withdrawHoldHours).toBe(2);

  // Approvals in Solo: nothing to approve, and it says why.
  await s.shell.go('Approvals');
  await expect(page.getByRole('main')).toContainText('Approvals need the team workspace');
  await expect(s.approvals.navLink).toHaveAccessibleName('Approvals');

  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await s.user.tradeButton.click();
  await t.bankAccount.selectOption({ index: 1 });
  await expect(t.bankAccount).toHaveAccessibleDescription(
    /New to the desk: a withdrawal to it is held until .+, and can be cancelled until then\./,
  );
  await t.withdrawAmount.fill('12');
  await t.withdraw.click();
  const dialog = page.getByRole('dialog', { name: 'Confirm withdrawal in Local sandbox' });
  await expect(dialog).toContainText(/Held until .+: the bank account is new to the desk\./);
  const before = await sandboxState(desk);
  await dialog.getByRole('button', { name: 'Confirm withdrawal' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /^Withdrawal held: .+ goes at .+ unless cancelled\.$/ })).toBeVisible();

  const row = t.orders.locator('tbody tr').first();
  await expect(row).toContainText('Held: new bank account');
  // The countdown runs: about two hours left, and it moves.
  const countdown = row.getByText(/^Goes at .+ \(in 1:59:\d\d\)$/);
  await expect(countdown).toBeVisible();
  const first = await countdown.textContent();
  await expect.poll(async () => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
  await desk.snapshot('held-withdrawal');

  // Cancel asks first, naming the amount and the user; keeping it changes nothing.
  const cancelHeld = row.getByRole('button', { name: /^Cancel held order: Withdraw .+ for Ana Novak \(#1\)$/ });
  const ask = page.getByRole('dialog', { name: 'Cancel this held withdrawal?' });
  await cancelHeld.click();
  await expect(ask).toHaveAccessibleDescription(
    /^Withdraw \S*12[.,]00\S* for Ana Novak \(#1\) will never be sent \(it was to go at .+\)\./,
  );
  await ask.getByRole('button', { name: 'Keep it held' }).click();
  await expect(ask).toBeHidden();
  await expect(row).toContainText('Held: new bank account');
  await cancelHeld.click();
  await ask.getByRole('button', { name: 'Cancel withdrawal' }).click();
  await expect(ask).toBeHidden();
  await expect(row).toContainText('Cancelled');
  await expect(row).toContainText('Cancelled by the operator during its hold; never sent.');
  await expect(row.getByRole('button', { name: /^Cancel held order/ })).toHaveCount(0);
  // The ticket no longer says it goes at that time: the row says what became of it.
  await expect(page.getByRole('status').filter({ hasText: /^Withdrawal held:/ })).toHaveCount(0);
  const after = await sandboxState(desk);
  expect(newTransactions(before, after)).toEqual([]);

  await s.shell.go('Audit log');
  await expect(page.getByRole('table').getByText(/cancelled during its hold/)).toBeVisible();
});
