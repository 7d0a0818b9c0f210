// Issue 5, the trading side for a verified user (user 1 of the demo partner):
// buy and sell, each seen in the user's transactions with the amounts the API
// booked; a withdrawal under 10 EUR refused before sending and one of 20 EUR
// accepted; an order placed with the keyboard alone; master balances; the audit trail;
// and a slow order, which cannot be cancelled once confirmed.
import { Decimal } from 'decimal.js';
import { screens } from './pages';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import { expectedBuy, expectedSell, newTransactions, sandboxState, userIn, type SandboxTransaction } from './support/sandbox-state';

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

  // ── buy 100 EUR of BTC: the confirmation repeats everything ────────────
  await t.buy.check();
  await t.pair.selectOption('btceur');
  await t.amount.fill('100');
  await expect(t.estimate).toContainText(/about [\d.,]+ BTC/);
  await t.placeOrder.click();
  const dialog = t.confirmDialog();
  await expect(dialog).toHaveAccessibleName('Confirm buy in Local sandbox');
  for (const text of ['Local sandbox', 'Ana Novak (#1)', 'Buy', 'BTC/EUR', fmt.eur(100), '(before fees)']) await expect(dialog).toContainText(text);
  // Cancel first: nothing is sent.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await sandboxState(desk)).transactions.length).toBe(before.transactions.length);
  await expect(t.orders).toHaveCount(0);
  const buyRow = await t.place('buy', 'btceur', '100');
  await expect(buyRow).toContainText('Buy BTC/EUR');
  await expect(buyRow).toContainText(fmt.eur(100));
  const buyId = await t.transactionIdOf(buyRow);
  await expect(buyRow).toContainText(new RegExp(`Accepted — transaction #${buyId}|Settled`));

  // ── sell 0.01 ETH ──────────────────────────────────────────────────────
  const sellRow = await t.place('sell', 'etheur', '0.01');
  await expect(sellRow).toContainText('Sell ETH/EUR');
  await expect(sellRow).toContainText(fmt.crypto('0.01', 'eth'));
  const sellId = await t.transactionIdOf(sellRow);

  // ── withdraw: under 10 EUR is refused here, before anything is sent ────
  await t.bankAccount.selectOption('2');
  await t.withdrawAmount.fill('5');
  await expect(t.withdrawAmount).toHaveAccessibleDescription(/The minimum withdrawal is 10\.00 EUR\./);
  await expect(t.withdrawTicket.getByText('The minimum withdrawal is 10.00 EUR.')).toBeVisible();
  await t.withdraw.click();
  await expect(t.confirmDialog()).toHaveCount(0);
  await t.withdrawAmount.press('Enter');
  await expect(t.confirmDialog()).toHaveCount(0);
  const afterRefusal = await sandboxState(desk);
  expect(newTransactions(before, afterRefusal).filter((tx) => tx.type === 'fiat_withdrawal')).toEqual([]);

  // …and 20 EUR goes through, to the chosen account.
  await t.withdrawAmount.fill('20');
  await expect(t.withdrawAmount).not.toHaveAttribute('aria-invalid', 'true');
  await t.withdraw.click();
  const wDialog = page.getByRole('dialog', { name: 'Confirm withdrawal in Local sandbox' });
  await expect(wDialog).toContainText('SI56');
  await expect(wDialog).toContainText(fmt.eur(20));
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
  expect(withdrawal).toMatchObject({ type: 'fiat_withdrawal', bank_account_id: 2, amount: '20.00', subtotal: '20.00', fee: '0.30', total: '19.70' });

  const eq = (actual: string, expected: Decimal) => expect(new Decimal(actual).equals(expected), `${actual} = ${expected.toFixed()}`).toBe(true);
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
    .poll(async () => (await s.audit.entries()).filter((e) => e.action.startsWith('order.')).map((e) => `${e.action} ${e.outcome}`).sort())
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
