// Issue 5, the trading side for a verified user (user 1 of the demo partner):
// buy and sell, each seen in the user's transactions with the amounts the API
// booked, and with the fee and net the ticket and the confirm dialog showed
// beforehand; a withdrawal under 10 EUR refused before sending and one of 20 EUR
// accepted; an order placed with the keyboard alone; master balances; the audit trail;
// and a slow order, which cannot be cancelled once confirmed.
// "What an operator sees on day one": every refusal main would give (fee, balance,
// limit, a blocked user) is on the ticket first, with Place order / Withdraw
// disabled and described by the reason, and nothing is sent or listed; a large
// order (a share of the balance, or over the limit with the override) is confirmed
// only after its amount is typed again.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { Decimal } from 'decimal.js';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import { expectedBuy, expectedSell, feeFor, newTransactions, sandboxState, userIn, type SandboxTransaction } from './support/sandbox-state';

const USER = 1;

test('buy, sell, withdraw and a keyboard-only order for a verified user', async ({ desk }) => {
  test.setTimeout(120_000);
  const { page } = desk;
  const s = screens(page);
  const t = s.trade;
  await s.shell.ready();
  const fmt = await moneyFormat(page);
  const before = await sandboxState(desk);
  const ana = userIn(before, USER);

  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await s.user.tradeButton.click();
  await expect(t.user).toHaveValue(String(USER));
  // The ticket shows the user's EUR balance as the API has it.
  await expect(t.balance).toHaveText(fmt.eur(ana.balances['eur']!));
  await expect(t.liveRate).toContainText('rate age');

  // ── buy 100 EUR of BTC: the ticket shows the fee and the BTC received ─
  await t.buy.check();
  await t.pair.selectOption('btceur');
  await t.amount.fill('100');
  await expect(t.fee).toHaveText(fmt.eur('1.50'));
  await expect(t.estimate).toContainText(/^about [\d.,]+ BTC$/);
  // …and the confirmation repeats everything, with the rate and its age.
  await t.placeOrder.click();
  const dialog = t.confirmDialog();
  await expect(dialog).toHaveAccessibleName('Confirm buy in Local sandbox');
  for (const text of ['Local sandbox', 'Ana Novak (#1)', 'Buy', 'BTC/EUR', 'BTC received', '(buy price)'])
    await expect(dialog).toContainText(text);
  await expect(t.dialogFigure('amount')).toHaveText(fmt.eur(100));
  await expect(t.dialogFigure('rate-age')).toHaveText(/^\d+ s old$/);
  await expect(t.dialogFigure('fee')).toHaveText(fmt.eur('1.50'));
  // The BTC received is the sandbox's booking rule at the rate the dialog shows.
  const shown = await t.dialogFigures();
  expect(shown.net).toBe(`about ${fmt.crypto(expectedBuy(100, shown.price!).amount, 'btc')}`);
  await expect(dialog.getByRole('button', { name: 'Confirm order' })).toBeFocused();
  // Cancel first: nothing is sent.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await sandboxState(desk)).transactions.length).toBe(before.transactions.length);
  await expect(t.orders).toHaveCount(0);
  const buyRow = await t.place('buy', 'btceur', '100');
  const buyShown = t.lastConfirmed!;
  await expect(buyRow).toContainText('Buy BTC/EUR');
  await expect(buyRow).toContainText(fmt.eur(100));
  const buyId = await t.transactionIdOf(buyRow);
  await expect(buyRow).toContainText(new RegExp(`Accepted — transaction #${buyId}|Settled`));

  // ── sell 0.01 ETH ──────────────────────────────────────────────────────
  await t.sell.check();
  await t.pair.selectOption('etheur');
  await t.amount.fill('0.01');
  await expect(t.proceeds).toContainText(/^about €?[\d.,]+/);
  await expect(t.fee).toContainText('about');
  await expect(t.estimate).toContainText('about');
  const sellRow = await t.place('sell', 'etheur', '0.01');
  const sellShown = t.lastConfirmed!;
  // Proceeds, fee and EUR credited are the sandbox's booking rule at the rate the dialog showed.
  const sellAtShown = expectedSell('0.01', sellShown.price!);
  expect(sellShown).toMatchObject({
    amount: fmt.crypto('0.01', 'eth'),
    proceeds: `about ${fmt.eur(sellAtShown.total)}`,
    fee: `about ${fmt.eur(sellAtShown.fee)}`,
    net: `about ${fmt.eur(sellAtShown.subtotal)}`,
  });
  await expect(sellRow).toContainText('Sell ETH/EUR');
  await expect(sellRow).toContainText(fmt.crypto('0.01', 'eth'));
  const sellId = await t.transactionIdOf(sellRow);

  // ── withdraw: under 10 EUR is refused here, before anything is sent ────
  await expect(t.withdrawBlockers).toContainText('Choose the bank account to pay out to.');
  await t.bankAccount.selectOption('2');
  await t.withdrawAmount.fill('5');
  await expect(t.withdrawAmount).toHaveAccessibleDescription(/The minimum withdrawal is 10\.00 EUR\./);
  await expect(t.withdrawTicket.getByText('The minimum withdrawal is 10.00 EUR.')).toBeVisible();
  await expect(t.withdraw).toBeDisabled();
  await expect(t.withdraw).toHaveAccessibleDescription(/Correct the amount/);
  await t.withdrawAmount.press('Enter');
  await expect(t.confirmDialog()).toHaveCount(0);
  const afterRefusal = await sandboxState(desk);
  expect(newTransactions(before, afterRefusal).filter((tx) => tx.type === 'fiat_withdrawal')).toEqual([]);

  // …and 20 EUR goes through, to the chosen account: the fee and the EUR paid out are exact.
  await t.withdrawAmount.fill('20');
  await expect(t.withdrawAmount).not.toHaveAttribute('aria-invalid', 'true');
  await expect(t.withdrawFee).toHaveText(fmt.eur('0.30'));
  await expect(t.withdrawNet).toHaveText(fmt.eur('19.70'));
  await expect(t.withdrawBlockers).toHaveCount(0);
  await t.withdraw.click();
  const wDialog = page.getByRole('dialog', { name: 'Confirm withdrawal in Local sandbox' });
  await expect(wDialog).toContainText('SI56');
  const withdrawShown = await t.dialogFigures();
  expect(withdrawShown).toMatchObject({ amount: fmt.eur(20), fee: fmt.eur('0.30'), net: fmt.eur('19.70') });
  await wDialog.getByRole('button', { name: 'Confirm withdrawal' }).click();
  await expect(wDialog).toBeHidden();
  await expect(t.orders.locator('tbody tr')).toHaveCount(3);
  const withdrawRow = t.orders.locator('tbody tr').first();
  await expect(withdrawRow).toContainText('Withdraw');
  await expect(withdrawRow).toContainText(fmt.eur(20));
  const withdrawId = await t.transactionIdOf(withdrawRow);
  await desk.snapshot('trade');

  // ── the keyboard alone: Alt+T, Alt+S / Alt+B, amount, Enter, Enter ─────
  await s.shell.go('Users');
  await page.keyboard.press('Alt+KeyT');
  await expect(page.getByRole('heading', { level: 1, name: 'Trade' })).toBeVisible();
  await expect(t.amount).toBeFocused();
  await page.keyboard.press('Alt+KeyS');
  await expect(t.sell).toBeChecked();
  await page.keyboard.press('Alt+KeyB');
  await expect(t.buy).toBeChecked();
  await expect(t.amount).toBeFocused();
  await t.pair.evaluate((el) => (el as HTMLSelectElement).value).then((pair) => expect(pair).toBe('etheur'));
  await page.keyboard.type('25');
  await page.keyboard.press('Enter');
  await expect(t.confirmDialog()).toHaveAccessibleName('Confirm buy in Local sandbox');
  await expect(t.confirmDialog().getByRole('button', { name: 'Confirm order' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(t.confirmDialog()).toHaveCount(0);
  await expect(t.orders.locator('tbody tr')).toHaveCount(4);
  const keyboardRow = t.orders.locator('tbody tr').first();
  await expect(keyboardRow).toContainText('Buy ETH/EUR');
  await expect(keyboardRow).toContainText(fmt.eur(25));
  const keyboardId = await t.transactionIdOf(keyboardRow);

  // Every order settles (the sandbox books them pending for 5 s).
  for (const row of await t.orders.locator('tbody tr').all()) {
    await expect(row).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
    await expect(row).toContainText('Settled');
  }

  // ── what the API received ──────────────────────────────────────────────
  const after = await sandboxState(desk);
  const booked = newTransactions(before, after);
  expect(booked.map((tx) => tx.id).sort((a, b) => a - b)).toEqual([buyId, sellId, withdrawId, keyboardId].sort((a, b) => a - b));
  const byId = (id: number): SandboxTransaction => booked.find((tx) => tx.id === id)!;
  const buy = byId(buyId);
  const sell = byId(sellId);
  const withdrawal = byId(withdrawId);
  const keyboardBuy = byId(keyboardId);
  for (const tx of booked) expect(tx).toMatchObject({ user_id: USER, state: 'success' });
  expect(buy).toMatchObject({ type: 'buy', pair: 'btceur' });
  expect(sell).toMatchObject({ type: 'sell', pair: 'etheur' });
  expect(keyboardBuy).toMatchObject({ type: 'buy', pair: 'etheur' });
  expect(withdrawal).toMatchObject({
    type: 'fiat_withdrawal',
    bank_account_id: 2,
    amount: '20.00',
    subtotal: '20.00',
    fee: '0.30',
    total: '19.70',
  });
  // What the dialogs showed is what was booked: the withdrawal's fee and payout, the buy's fee.
  expect(withdrawShown).toMatchObject({ fee: fmt.eur(withdrawal.fee), net: fmt.eur(withdrawal.total) });
  expect(buyShown).toMatchObject({ amount: fmt.eur(buy.total), fee: fmt.eur(buy.fee) });

  const eq = (actual: string, expected: Decimal) =>
    expect(new Decimal(actual).equals(expected), `${actual} = ${expected.toFixed()}`).toBe(true);
  const expectations = [
    { tx: buy, want: expectedBuy(100, buy.price!) },
    { tx: keyboardBuy, want: expectedBuy(25, keyboardBuy.price!) },
    { tx: sell, want: expectedSell('0.01', sell.price!) },
  ];
  for (const { tx, want } of expectations) {
    eq(tx.total, want.total);
    eq(tx.fee, want.fee);
    eq(tx.subtotal, want.subtotal);
    eq(tx.amount, want.amount);
  }
  // The user's balances moved by exactly these amounts.
  const was = ana.balances;
  const now = userIn(after, USER).balances;
  eq(now['eur']!, new Decimal(was['eur']!).minus(100).minus(25).plus(sell.subtotal).minus(20));
  eq(now['btc']!, new Decimal(was['btc']!).plus(buy.amount));
  eq(now['eth']!, new Decimal(was['eth']!).minus('0.01').plus(keyboardBuy.amount));

  // ── each is in the user's transactions with those amounts ──────────────
  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await expect(s.user.transactionRow(keyboardId)).toBeVisible();
  for (const tx of booked) {
    const cells = await s.user.transactionCells(tx.id);
    const crypto = tx.pair ? tx.pair.replace(/eur$/, '') : null;
    expect(cells).toMatchObject({
      ID: String(tx.id),
      Type: { buy: 'Buy', sell: 'Sell', fiat_withdrawal: 'Withdrawal' }[tx.type]!,
      Amount: crypto ? fmt.crypto(tx.amount, crypto) : fmt.eur(tx.amount),
      Pair: crypto ? `${crypto.toUpperCase()}/EUR` : '—',
      Price: tx.price ? fmt.price(tx.price) : '—',
      State: 'success',
      Fee: fmt.eur(tx.fee),
      Subtotal: fmt.eur(tx.subtotal),
      Total: fmt.eur(tx.total),
    });
  }
  await expect(s.user.balances.getByRole('row', { name: /^EUR/ })).toContainText(fmt.eur(now['eur']!));

  // ── master balances: every fee went to the partner's EUR ──────────────
  await s.shell.go('Treasury');
  await expect(s.treasury.table).toBeVisible();
  for (const currency of ['eur', 'btc', 'eth', 'xrp']) await expect(s.treasury.row(currency)).toBeVisible();
  const partnerEur = new Decimal(before.partner.balances['eur']!).plus(buy.fee).plus(sell.fee).plus(withdrawal.fee).plus(keyboardBuy.fee);
  eq(after.partner.balances['eur']!, partnerEur);
  await expect(s.treasury.row('eur')).toContainText(fmt.eur(partnerEur));
  await expect(s.treasury.row('btc')).toContainText(fmt.crypto(after.partner.balances['btc']!, 'btc'));
  await expect(s.treasury.total).toContainText('€');
  await desk.snapshot('treasury');

  // ── the audit log: each order once, with outcome ok; the refused withdrawal never went out ──
  await s.shell.go('Audit log');
  await s.audit.search.fill('order.');
  await expect
    .poll(async () =>
      (await s.audit.entries())
        .filter((e) => e.action.startsWith('order.'))
        .map((e) => `${e.action} ${e.outcome}`)
        .sort(),
    )
    .toEqual(['order.buy ok', 'order.buy ok', 'order.sell ok', 'order.withdraw ok']);
  // The Action filter takes the exact action name.
  await s.audit.search.fill('');
  await s.audit.action.selectOption('order.withdraw');
  await expect.poll(async () => (await s.audit.entries()).map((e) => `${e.action} ${e.outcome}`)).toEqual(['order.withdraw ok']);
  await expect(s.audit.table).toContainText(/20(\.00)?/);
});

// A slow answer: once confirmed, the order is on its way — the dialog offers no way
// to take it back, and the journal row shows under Order progress while it is sent.
test('a slow order cannot be cancelled once confirmed and shows as sending until booked', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const t = s.trade;
  await s.shell.ready();
  const fmt = await moneyFormat(page);
  const before = await sandboxState(desk);

  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await s.user.tradeButton.click();
  await expect(t.balance).toHaveText(fmt.eur(userIn(before, USER).balances['eur']!));
  await t.buy.check();
  await t.pair.selectOption('btceur');
  await t.amount.fill('40');
  await expect(t.estimate).toContainText('about');
  await expect(t.orders).toHaveCount(0);

  await desk.sandbox('/__sandbox/faults', { body: { latency_ms: 3000 } });
  try {
    await t.placeOrder.click();
    const dialog = t.confirmDialog();
    await dialog.getByRole('button', { name: 'Confirm order' }).click();
    await expect(dialog.getByRole('button', { name: 'Working…' })).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await expect(dialog.getByRole('status')).toContainText('can no longer be cancelled');
    // Escape does not pretend to cancel it either.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeDisabled();

    // The journal row is listed as sending while the POST still waits for its answer.
    const row = t.orders.locator('tbody tr').first();
    await expect(row).toHaveAttribute('data-state', 'sending', { timeout: 30_000 });
    await expect(row).toContainText('Sending…');
    await expect(row).toContainText(fmt.eur(40));
    await expect(dialog.getByRole('button', { name: 'Working…' })).toBeVisible();
    expect(newTransactions(before, await sandboxState(desk))).toEqual([]);

    // Then the answer: the dialog closes and the same row moves on.
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(t.orders.locator('tbody tr')).toHaveCount(1);
    await expect(row).toHaveAttribute('data-state', /^(accepted|pending|success)$/);
    await expect(t.ticket.getByRole('status')).toContainText('Order sent: buy');
  } finally {
    await desk.sandbox('/__sandbox/faults', { method: 'DELETE' });
  }
  const row = t.orders.locator('tbody tr').first();
  await expect(row).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
  const booked = newTransactions(before, await sandboxState(desk));
  expect(booked).toHaveLength(1);
  expect(booked[0]).toMatchObject({ user_id: USER, type: 'buy', pair: 'btceur', total: '40.00' });
  expect(await t.transactionIdOf(row)).toBe(booked[0]!.id);
});

/** Axe (WCAG 2.1 A/AA and best practice) on the page as it is now. */
async function expectAxeClean(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe on ${where}`).toEqual([]);
}

// Everything main would refuse is said on the ticket, and nothing goes out.
test('the ticket refuses what the desk can know before sending, with the reason beside a disabled button', async ({ desk }) => {
  test.setTimeout(120_000);
  const { page } = desk;
  const s = screens(page);
  const t = s.trade;
  await s.shell.ready();
  const fmt = await moneyFormat(page);
  const before = await sandboxState(desk);
  const ana = userIn(before, USER);
  const eur = ana.balances['eur']!;
  const eth = ana.balances['eth']!;
  // Sara Weber (#7): verified but disabled, with one bank account; in the directory for the user picker.
  await deskCall(page, 'users.open', { userId: 7 });

  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await s.user.tradeButton.click();
  await expect(t.balance).toHaveText(fmt.eur(eur));

  // Nothing typed yet: the button says what it waits for.
  await expect(t.placeOrder).toBeDisabled();
  await expect(t.placeOrder).toHaveAccessibleDescription('Enter an amount.');

  // ── too small to cover the fee ──────────────────────────────────────────
  await t.buy.check();
  await t.pair.selectOption('btceur');
  await t.amount.fill('0.01');
  const tooSmallBuy = `${fmt.eur('0.01')} is too small: the fee of ${fmt.eur('0.01')} would leave the user nothing. The smallest buy is ${fmt.eur('0.02')}.`;
  await expect(t.blockers).toHaveText(tooSmallBuy);
  await expect(t.fee).toHaveText(fmt.eur('0.01'));
  await expect(t.estimate).toHaveText('nothing: the fee takes it all');
  await expect(t.placeOrder).toBeDisabled();
  await expect(t.placeOrder).toHaveAccessibleDescription(tooSmallBuy);
  await t.amount.press('Enter');
  await expect(t.confirmDialog()).toHaveCount(0);
  await t.amount.fill('0.02');
  await expect(t.blockers).toHaveCount(0);
  await expect(t.fee).toHaveText(fmt.eur('0.01'));
  await expect(t.placeOrder).toBeEnabled();

  await t.sell.check();
  await t.amount.fill('0.00000001');
  await expect(t.blockers).toContainText(
    /is too small: the fee of about €0\.01 would leave the user nothing\. The smallest sell at this rate is [\d.,]+ BTC\./,
  );
  await expect(t.placeOrder).toBeDisabled();

  // ── more than the balance ───────────────────────────────────────────────
  await t.pair.selectOption('etheur');
  await t.amount.fill(new Decimal(eth).plus('0.00000001').toFixed());
  await expect(t.blockers).toContainText(`More than the user's ETH balance of ${fmt.crypto(eth, 'eth')}.`);
  await expect(t.placeOrder).toBeDisabled();
  await t.buy.check();
  await t.amount.fill(new Decimal(eur).plus('0.01').toFixed(2));
  await expect(t.blockers).toContainText(`More than the user's EUR balance of ${fmt.eur(eur)}.`);
  await expect(t.placeOrder).toBeDisabled();

  await t.bankAccount.selectOption('2');
  await t.withdrawAmount.fill(new Decimal(eur).plus('0.01').toFixed(2));
  await expect(t.withdrawBlockers).toContainText(`More than the user's EUR balance of ${fmt.eur(eur)}.`);
  await expect(t.withdraw).toBeDisabled();
  await expect(t.withdraw).toHaveAccessibleDescription(/More than the user's EUR balance/);

  // ── over the per-order limit (lowered to 100 EUR in Settings) ──────────
  await s.shell.go('Settings');
  await s.settings.limit.fill('100');
  await s.settings.save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await s.shell.go('Trade');
  await t.amount.fill('150');
  const overLimit = `This buy is worth ${fmt.eur(150)}, over the per-order limit of ${fmt.eur(100)}. Tick “Override the per-order limit” to place it anyway.`;
  await expect(t.blockers).toHaveText(overLimit);
  await expect(t.placeOrder).toHaveAccessibleDescription(overLimit);
  await expect(t.placeOrder).toBeDisabled();
  await t.withdrawAmount.fill('150');
  await expect(t.withdrawBlockers).toContainText(`This withdrawal is worth ${fmt.eur(150)}, over the per-order limit of ${fmt.eur(100)}.`);
  await expect(t.withdraw).toBeDisabled();
  await expect(t.withdrawOverrideLimit).not.toBeChecked();

  // ── a blocked user: Withdraw is not clickable either ───────────────────
  await t.user.selectOption('7');
  await t.withdrawAmount.fill('20');
  await expect(t.withdrawBlockers).toContainText('This user is disabled: only active users can trade or withdraw.');
  await expect(t.withdraw).toBeDisabled();
  await expect(t.withdraw).toHaveAccessibleDescription(/This user is disabled/);
  await expect(t.placeOrder).toBeDisabled();

  // Nothing was sent, and no failed order is listed.
  expect(newTransactions(before, await sandboxState(desk))).toEqual([]);
  await expect(t.orders).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Order progress' })).toContainText('No orders yet.');

  // ── the override, then the amount typed again before Confirm ───────────
  await t.user.selectOption(String(USER));
  await t.buy.check();
  await t.pair.selectOption('btceur');
  await t.amount.fill('150');
  await expect(t.placeOrder).toBeDisabled();
  await t.overrideLimit.check();
  await expect(t.blockers).toHaveCount(0);
  await expect(t.retypeNote).toContainText(
    `This buy is worth ${fmt.eur(150)}, over the per-order limit of ${fmt.eur(100)} (override ticked).`,
  );
  await desk.snapshot('trade-override');
  await t.placeOrder.click();
  const dialog = t.confirmDialog();
  const confirm = dialog.getByRole('button', { name: 'Confirm order' });
  await expect(dialog).toContainText('Per-order limit overridden');
  await expect(dialog).toContainText('(override ticked)');
  await expect(t.retype()).toBeFocused();
  await expect(confirm).toBeDisabled();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAxeClean(page, 'the retype dialog (dark)');
  await page.emulateMedia({ colorScheme: 'light' });
  await t.retype().fill('150.00');
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(dialog).toBeHidden();
  const row = t.orders.locator('tbody tr').first();
  const id = await t.transactionIdOf(row);
  const booked = newTransactions(before, await sandboxState(desk));
  expect(booked).toHaveLength(1);
  expect(booked[0]).toMatchObject({ id, type: 'buy', pair: 'btceur', total: '150.00', fee: feeFor(150).toFixed(2) });
});

// The fat-finger guard: an order for at least the configured share of the user's
// balance (50 % by default) is confirmed only once its amount is typed again.
test('a large share of the balance asks for the amount again before Confirm', async ({ desk }) => {
  test.setTimeout(120_000);
  const { page } = desk;
  const s = screens(page);
  const t = s.trade;
  await s.shell.ready();
  const fmt = await moneyFormat(page);
  // A high limit, so only the share of the balance is in play.
  await s.shell.go('Settings');
  await s.settings.limit.fill('100000000');
  await s.settings.save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  const before = await sandboxState(desk);
  const ana = userIn(before, USER);
  const eth = new Decimal(ana.balances['eth']!);
  const sixtyPercent = eth.times('0.6').toDecimalPlaces(8, Decimal.ROUND_DOWN).toFixed();

  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await s.user.tradeButton.click();
  await expect(t.balance).toHaveText(fmt.eur(ana.balances['eur']!));

  // ── a sell of 60 % of the user's ETH ────────────────────────────────────
  await t.sell.check();
  await t.pair.selectOption('etheur');
  await t.amount.fill(sixtyPercent);
  await expect(t.retypeNote).toHaveText(
    `Large order: Confirm will ask for the amount to be typed again. It is ${shareOf(sixtyPercent, eth)} % of the user's ETH balance (the desk asks from 50 %).`,
  );
  await expect(t.placeOrder).toBeEnabled();
  // Enter, Enter no longer sends it: the first Enter opens the dialog, whose focus is on the retype field.
  await t.amount.press('Enter');
  const dialog = t.confirmDialog();
  const confirm = dialog.getByRole('button', { name: 'Confirm order' });
  await expect(dialog).toContainText('A large order: check the amount.');
  await expect(t.retype()).toBeFocused();
  await expect(confirm).toBeDisabled();
  await expect(t.retype()).toHaveAccessibleDescription("Confirm order stays off until this matches the order's amount.");
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  // A slip of the finger: a different amount keeps Confirm off and says so.
  await t.retype().fill(new Decimal(sixtyPercent).times(10).toFixed());
  await page.keyboard.press('Enter');
  await expect(t.retype()).toHaveAttribute('aria-invalid', 'true');
  await expect(t.retype()).toHaveAccessibleDescription(
    new RegExp(`That is not ${escape(fmt.crypto(sixtyPercent, 'eth'))}: check the order and type its amount again\\.`),
  );
  await expect(confirm).toBeDisabled();
  await expectAxeClean(page, 'the retype dialog with a mismatch (light)');
  await desk.snapshot('trade-retype');
  expect(newTransactions(before, await sandboxState(desk))).toEqual([]);
  // The right amount: Confirm comes on, and Enter in the field sends the order.
  await t.retype().fill(sixtyPercent);
  await expect(t.retype()).not.toHaveAttribute('aria-invalid', 'true');
  await expect(confirm).toBeEnabled();
  await t.retype().press('Enter');
  await expect(dialog).toBeHidden();
  const sellRow = t.orders.locator('tbody tr').first();
  const sellId = await t.transactionIdOf(sellRow);
  const afterSell = await sandboxState(desk);
  expect(newTransactions(before, afterSell)).toEqual([
    expect.objectContaining({ id: sellId, type: 'sell', pair: 'etheur', amount: new Decimal(sixtyPercent).toFixed(8) }),
  ]);

  // ── the share is a setting: at 95 %, a 60 % buy goes straight to Confirm ──
  const eurNow = userIn(afterSell, USER).balances['eur']!;
  await t.buy.check();
  await expect(t.balance).toHaveText(fmt.eur(eurNow));
  await s.shell.go('Settings');
  await expect(s.settings.retype).toHaveValue('50');
  await s.settings.retype.fill('0');
  await expect(s.settings.retype).toHaveAccessibleDescription(/A whole percent from 1 to 100\./);
  await expect(s.settings.save).toBeDisabled();
  await s.settings.retype.fill('95');
  await s.settings.save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  expect(await deskCall(page, 'settings.get', {})).toMatchObject({ retypeAtBalancePercent: 95 });
  await s.shell.go('Trade');
  await t.pair.selectOption('btceur');
  const sixtyOfEur = new Decimal(eurNow).times('0.6').toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
  await t.amount.fill(sixtyOfEur);
  await expect(t.placeOrder).toBeEnabled();
  await expect(t.retypeNote).toHaveCount(0);
  await t.placeOrder.click();
  await expect(t.retype()).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Confirm order' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // ── …and a withdrawal of 96 % of the EUR balance asks again ─────────────
  const banks = await deskCall(page, 'banks.list', { userId: USER });
  await t.bankAccount.selectOption(String(banks[0]!.id));
  const ninetySix = new Decimal(eurNow).times('0.96').toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
  await t.withdrawAmount.fill(ninetySix);
  await expect(t.withdrawRetypeNote).toContainText(
    `It is ${shareOf(ninetySix, new Decimal(eurNow))} % of the user's EUR balance (the desk asks from 95 %).`,
  );
  await t.withdraw.click();
  const wDialog = page.getByRole('dialog', { name: 'Confirm withdrawal in Local sandbox' });
  const wConfirm = wDialog.getByRole('button', { name: 'Confirm withdrawal' });
  await expect(t.retype()).toBeFocused();
  await expect(wConfirm).toBeDisabled();
  const shown = await t.dialogFigures();
  await t.retype().fill(ninetySix);
  await wConfirm.click();
  await expect(wDialog).toBeHidden();
  const wRow = t.orders.locator('tbody tr').first();
  const wId = await t.transactionIdOf(wRow);
  const withdrawal = newTransactions(afterSell, await sandboxState(desk)).find((tx) => tx.id === wId)!;
  expect(withdrawal).toMatchObject({ type: 'fiat_withdrawal', subtotal: ninetySix });
  // The dialog's fee and payout are what the sandbox booked.
  expect(shown).toMatchObject({ amount: fmt.eur(ninetySix), fee: fmt.eur(withdrawal.fee), net: fmt.eur(withdrawal.total) });
});

/** The share the ticket states: whole percent, rounded down. */
function shareOf(amount: string, balance: Decimal): number {
  return new Decimal(amount).div(balance).times(100).floor().toNumber();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
