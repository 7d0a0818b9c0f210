// Orders that need review, settled by the operator from the order progress list.
//
// Two journal rows are written before the desk starts, as the desk writes them
// before a POST, but 25 hours old and never confirmed: too old to re-send (their
// keys may be forgotten by now), so on sign-in the desk moves them to "Needs
// review" and looks through the user's transactions — where nothing like them is
// found. Then Kriptomat is found to hold the first one after all (booked here
// straight through the API, as the lost first attempt would have been): the
// operator settles it as booked with that transaction, and the second as not
// booked. Neither row's key ever reaches the sandbox.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { STORE_FILE_NAME } from '../../main/desk/options';
import { totpCode } from '../../main/session/totp';
import { LOCAL_SANDBOX_PROFILE_ID } from '../../main/settings/profile';
import { openStore } from '../../main/store/sqlite';
import { startSandbox } from '../../sandbox/server';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { sandboxState } from './support/sandbox-state';

const USER = 1;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const booked = { pair: 'btceur', amount: '23.45', key: `e2e-review-booked-${randomUUID()}` };
const notBooked = { pair: 'etheur', amount: '31.17', key: `e2e-review-not-booked-${randomUUID()}` };

test.use({
  beforeLaunch: {
    run: (launch) => {
      const store = openStore(join(launch.userDataDir, STORE_FILE_NAME), { now: () => Date.now() - 25 * 3_600_000 });
      try {
        for (const row of [booked, notBooked]) {
          store.journal.begin({
            profileId: LOCAL_SANDBOX_PROFILE_ID,
            userId: USER,
            kind: 'buy',
            pair: row.pair,
            amount: row.amount,
            idempotencyKey: row.key,
          });
        }
      } finally {
        store.close();
      }
    },
  },
});

test('the operator settles needs-review orders: one as booked with its transaction, one as not booked', async ({ desk }) => {
  test.setTimeout(120_000);
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Trade');
  const orders = s.trade.orders;
  const settleBooked = page.getByRole('button', { name: /^Settle order: Buy BTC\/EUR .*23\.45 for / });
  const settleNotBooked = page.getByRole('button', { name: /^Settle order: Buy ETH\/EUR .*31\.17 for / });
  await expect(settleBooked).toBeVisible();
  await expect(settleNotBooked).toBeVisible();
  await expect(orders.locator('tbody tr[data-state="needs_review"]')).toHaveCount(2);
  await expect(orders).toContainText('over 24 hours old');

  // Kriptomat holds the first order after all (and one more buy of another amount).
  const probe = await startSandbox({ port: 0, seed: desk.launch.seed });
  const partner = probe.partner;
  await probe.close();
  const clock = (await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 30 } })) as { now_ms: number };
  const api = `${desk.launch.sandboxOrigin}/v1`;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  const login = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      email: partner.email,
      password: partner.password,
      client_id: partner.client_id,
      client_secret: partner.client_secret,
      security_code: totpCode(partner.totp_secret, clock.now_ms),
    }),
  });
  expect(login.status).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const buy = async (amount: string): Promise<number> => {
    const res = await fetch(`${api}/users/${USER}/buy`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ amount, pair: booked.pair, idempotency_key: randomUUID() }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { transaction_id: number } }).data.transaction_id;
  };
  const transactionId = await buy(booked.amount);
  const other = await buy('99.00');

  // ── booked ───────────────────────────────────────────────────────────────
  await settleBooked.click();
  const dialog = page.getByRole('dialog', { name: /^Settle order: Buy BTC\/EUR .*23\.45/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('over 24 hours old');
  // Nothing to confirm before a choice.
  await expect(dialog.getByRole('button', { name: /^Settle as/ })).toBeDisabled();
  await dialog.getByRole('radio', { name: /^Booked/ }).check();
  const candidate = dialog.getByRole('radio', { name: new RegExp(`^Transaction #${transactionId} `) });
  await expect(candidate).toBeVisible();
  // Only what looks like the order is offered: not the buy of another amount.
  await expect(dialog.getByRole('radio', { name: new RegExp(`^Transaction #${other} `) })).toHaveCount(0);
  await expect(dialog.getByRole('radio', { name: /^Transaction #/ })).toHaveCount(1);
  const axe = await new AxeBuilder({ page }).include('dialog[open]').withTags(AXE_TAGS).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await candidate.check();
  await desk.snapshot('settle-order-dialog');
  await dialog.getByRole('button', { name: `Settle as booked: transaction #${transactionId}` }).click();
  await expect(dialog).toBeHidden();
  await expect(settleBooked).toHaveCount(0);
  const bookedRow = orders.locator('tbody tr', { hasText: 'BTC/EUR' });
  await expect(bookedRow).toHaveAttribute('data-state', /^(accepted|pending|success)$/);
  await expect(bookedRow.locator('td').last()).toHaveText(String(transactionId));
  // Followed until final like any accepted order.
  await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 10 } });
  await expect(bookedRow).toHaveAttribute('data-state', 'success', { timeout: 20_000 });

  // ── not booked (Escape first: nothing happens) ───────────────────────────
  await settleNotBooked.click();
  const second = page.getByRole('dialog', { name: /^Settle order: Buy ETH\/EUR .*31\.17/ });
  await expect(second).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(second).toBeHidden();
  await expect(orders.locator('tbody tr[data-state="needs_review"]')).toHaveCount(1);
  await settleNotBooked.click();
  await second.getByRole('radio', { name: /^Not booked/ }).check();
  await second.getByRole('button', { name: 'Settle as not booked' }).click();
  await expect(second).toBeHidden();
  const failedRow = orders.locator('tbody tr', { hasText: 'ETH/EUR' });
  await expect(failedRow).toHaveAttribute('data-state', 'failed');
  await expect(failedRow).toContainText('Settled by hand as not booked');
  await expect(orders.locator('tbody tr[data-state="needs_review"]')).toHaveCount(0);

  // Neither key ever reached Kriptomat; both settlements are in the audit log.
  const state = await sandboxState(desk);
  expect(state.transactions.filter((t) => t.idempotency_key === booked.key || t.idempotency_key === notBooked.key)).toEqual([]);
  const audit = await deskCall(page, 'audit.query', { filter: { action: 'order.settle' }, limit: 10, offset: 0 });
  expect(audit.rows.map((r) => r.outcome)).toEqual(['ok', 'ok']);
  expect(audit.rows[0]?.summary).toContain('settled by hand as not booked');
  expect(audit.rows[1]?.summary).toContain(`settled by hand as booked: transaction ${transactionId}`);
  await desk.snapshot('orders-review');
});
