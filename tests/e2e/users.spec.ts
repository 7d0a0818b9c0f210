// Issue 5, the user's side: create a user (field errors inline), import KYC and
// follow it to verified, bank accounts (a bad IBAN never leaves the desk),
// deposit instructions, the KYC gate on the ticket, and the audit trail of it all;
// then drafts, messages and late answers that stay with their user and environment.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { formatIban } from '../../shared/iban';
import { startSandbox } from '../../sandbox/server';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { sandboxState, userIn } from './support/sandbox-state';

const GOOD_IBAN = 'DE89370400440532013000';
const GOOD_IBAN_SHOWN = 'DE89 3704 0044 0532 0130 00';
const BAD_IBAN = 'DE89 3704 0044 0532 0130 01'; // one digit off: the mod-97 check fails

test('a new user: create, KYC to verified, bank account, deposit instructions, audit', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin })
    .catch(() => undefined);

  // ── create, with a field error first ────────────────────────────────────
  await s.shell.go('Users');
  const tag = randomBytes(4).toString('hex');
  const email = `e2e-${tag}@example.com`;
  const usersBefore = (await sandboxState(desk)).users.length;
  // An e-mail the sandbox already knows (user 1's) comes back as a field error under Email.
  await s.users.create({ email: 'ana.novak@example.com', name: 'Erika', surname: 'Test', phone: '+38640111222' });
  // The message is tied to the field (aria-describedby), so it is the field's description.
  await expect(s.users.field('Email')).toHaveAccessibleDescription(/already been taken/);
  await expect(s.users.field('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('region', { name: 'Create user' }).getByRole('alert')).toContainText('correct the fields marked above');
  expect((await sandboxState(desk)).users.length).toBe(usersBefore);
  await desk.snapshot('users');

  await s.users.field('Email').fill(email);
  await s.users.createButton.click();
  await expect(page).toHaveURL(/#\/users\/\d+$/);
  const userId = Number(/#\/users\/(\d+)$/.exec(page.url())![1]);
  await s.user.shows(userId);
  await expect(s.user.heading).toContainText('Erika Test');
  const created = userIn(await sandboxState(desk), userId);
  expect(created).toMatchObject({
    email,
    name: 'Erika',
    surname: 'Test',
    phone: '+38640111222',
    status: 'active',
    kyc_status: 'not_started',
  });
  expect((await sandboxState(desk)).users.length).toBe(usersBefore + 1);
  await expect(s.user.kycStatus).toHaveText('KYC not started');

  // ── not verified yet: the ticket says why and will not place an order ───
  await s.user.tradeButton.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Trade' })).toBeVisible();
  await expect(s.trade.user).toHaveValue(String(userId));
  await s.trade.amount.fill('50');
  await expect(s.trade.blockers).toContainText('KYC is not verified');
  await expect(s.trade.placeOrder).toBeDisabled();
  await s.shell.openUser(userId);
  await s.user.shows(userId);

  // ── KYC import, followed until it settles ──────────────────────────────
  await s.user.shareToken.fill(`share-${tag}`);
  await s.user.importKyc.click();
  await expect(s.user.kycStatus).toHaveText('KYC pending');
  await expect(s.user.kyc.getByRole('status')).toContainText('Following the KYC status');
  expect(userIn(await sandboxState(desk), userId).kyc_status).toBe('pending');
  // The sandbox decides after its KYC delay (60 s): move its clock instead of waiting.
  await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 61 } });
  // The desk re-checks every 5 s on its own; no click needed.
  await expect(s.user.kycStatus).toHaveText('KYC verified', { timeout: 20_000 });
  await expect(s.user.kyc).toContainText('the user can trade and withdraw');
  await expect(s.user.shareToken).toHaveCount(0);
  expect(userIn(await sandboxState(desk), userId).kyc_status).toBe('verified');

  // ── bank accounts: a bad IBAN is refused before anything is sent ───────
  await expect(s.user.banks).toContainText('No bank accounts yet.');
  await s.user.iban.fill(BAD_IBAN);
  await expect(s.user.iban).toHaveAttribute('aria-invalid', 'true');
  await expect(s.user.iban).toHaveAccessibleDescription(/check digits do not match/);
  await expect(s.user.iban).not.toHaveAccessibleDescription(/Checksum OK/);
  await expect(s.user.addBank).toBeDisabled();
  await s.user.iban.press('Enter'); // submitting the form anyway sends nothing
  await page.waitForTimeout(500);
  expect(userIn(await sandboxState(desk), userId).bank_accounts).toEqual([]);
  await expect(s.user.bankTable).toHaveCount(0);

  await s.user.iban.fill(GOOD_IBAN_SHOWN.toLowerCase());
  await expect(s.user.iban).toHaveAccessibleDescription(`Checksum OK: ${GOOD_IBAN_SHOWN}`);
  await expect(s.user.iban).not.toHaveAttribute('aria-invalid', 'true');
  await expect(s.user.addBank).toBeEnabled();
  await s.user.addBank.click();
  await expect(s.user.banks.getByRole('status')).toHaveText(`Added the bank account ${GOOD_IBAN_SHOWN}.`);
  await expect(s.user.bankRowButton('View', GOOD_IBAN_SHOWN)).toBeVisible();
  const banks = userIn(await sandboxState(desk), userId).bank_accounts;
  expect(banks.map((b) => b.iban)).toEqual([GOOD_IBAN]);
  await expect(s.user.iban).toHaveValue('');

  // View shows what the API knows about it.
  await s.user.bankRowButton('View', GOOD_IBAN_SHOWN).click();
  const bankDialog = page.getByRole('dialog', { name: `Bank account ${GOOD_IBAN_SHOWN}` });
  await expect(bankDialog).toBeVisible();
  await expect(bankDialog).toContainText(banks[0]!.reference_number ?? 'RF');
  if (banks[0]!.swift_bic) await expect(bankDialog).toContainText(banks[0]!.swift_bic);
  await bankDialog.getByRole('button', { name: 'Close' }).click();
  await expect(bankDialog).toBeHidden();

  // ── deposit instructions with copy buttons ─────────────────────────────
  await expect(s.user.deposit.getByRole('button', { name: 'Copy IBAN' })).toBeVisible();
  const depositIban = (await s.user.deposit.locator('dd .mono').first().innerText()).trim();
  expect(depositIban).toMatch(/^[A-Z]{2}\d{2}[A-Z0-9 ]+$/);
  for (const label of ['SWIFT/BIC', 'Recipient', 'Bank']) await expect(s.user.deposit.getByText(label, { exact: true })).toBeVisible();
  await s.user.deposit.getByRole('button', { name: 'Copy IBAN' }).click();
  await expect(s.user.deposit.getByRole('status').filter({ hasText: /^Copied$/ })).toBeVisible();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
  if (clipboard !== null) expect(clipboard).toBe(depositIban);
  await expect(s.user.deposit.getByRole('button', { name: 'Copy SWIFT/BIC' })).toBeVisible();
  await desk.snapshot('user-detail');

  // ── delete the bank account, with confirmation ────────────────────────
  await s.user.bankRowButton('Delete', GOOD_IBAN_SHOWN).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this bank account?' });
  await expect(confirm).toContainText(`user #${userId}`);
  await confirm.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(s.user.banks.getByRole('status')).toHaveText(`Deleted the bank account ${GOOD_IBAN_SHOWN}.`);
  await expect(s.user.banks).toContainText('No bank accounts yet.');
  expect(userIn(await sandboxState(desk), userId).bank_accounts).toEqual([]);

  // ── the directory finds the new user ───────────────────────────────────
  await s.shell.go('Users');
  await s.users.search.fill(tag);
  await expect(s.users.table.getByRole('row')).toHaveCount(2); // header + the one user
  await expect(s.users.table.getByRole('link', { name: 'Erika Test' })).toBeVisible();
  await expect(s.users.table).toContainText('KYC verified');

  // ── the audit log lists what the test did, each with outcome ok ───────
  await s.shell.go('Audit log');
  await s.audit.search.fill(String(userId));
  await s.audit.outcome.selectOption('ok');
  await expect(s.audit.table).toBeVisible();
  await expect
    .poll(async () => (await s.audit.entries()).map((e) => `${e.action} ${e.outcome}`).sort())
    .toEqual(expect.arrayContaining(['bank.add ok', 'bank.delete ok', 'kyc.import ok']));
  // The create is logged under the e-mail (its summary names the new id too).
  await s.audit.search.fill(email);
  await expect.poll(async () => (await s.audit.entries()).filter((e) => e.action === 'user.create' && e.outcome === 'ok').length).toBe(1);
  // The refused duplicate e-mail is there too, as an error.
  await s.audit.outcome.selectOption('error');
  await s.audit.search.fill('ana.novak@example.com');
  await expect.poll(async () => (await s.audit.entries()).filter((e) => e.action === 'user.create').length).toBe(1);
  await desk.snapshot('audit-log');
});

test('users who are not verified cannot trade: the ticket says why', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  for (const [userId, kyc, why] of [
    [3, 'KYC pending', 'Pending: the KYC application is being reviewed'],
    [4, 'KYC not started', 'Not started: the user has not undergone KYC'],
    [6, 'KYC declined', 'Declined: the partner cannot serve this user'],
  ] as const) {
    await s.shell.openUser(userId);
    await s.user.shows(userId);
    await expect(s.user.kycStatus).toHaveText(kyc);
    await s.user.tradeButton.click();
    await expect(s.trade.user).toHaveValue(String(userId));
    await s.trade.amount.fill('25');
    await expect(s.trade.estimate).toContainText('about');
    await expect(s.trade.blockers).toContainText(`KYC is not verified — ${why}`);
    await expect(s.trade.placeOrder).toBeDisabled();
    // Enter in the amount field does not get around it.
    await s.trade.amount.press('Enter');
    await expect(s.trade.confirmDialog()).toHaveCount(0);
  }
  // A verified but disabled user is refused for that reason (chosen on the Trade
  // screen: the user's page offers no way to trade for them).
  await s.shell.openUser(7);
  await s.user.shows(7);
  await expect(s.user.tradeButton).toHaveCount(0);
  await s.shell.go('Trade');
  await s.trade.user.selectOption('7');
  await expect(s.trade.blockers).toContainText('This user is disabled');
  await expect(s.trade.placeOrder).toBeDisabled();
  const state = await sandboxState(desk);
  expect(state.transactions.filter((t) => [3, 4, 6, 7].includes(t.user_id) && t.idempotency_key !== null)).toEqual([]);
});

// Drafts and messages belong to one user of one environment: reaching another user
// by a link, Back or Forward starts that user's screen afresh.
test('drafts stay with their user across links, Back and Forward', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  // User 4 seen once before, so the desk has it at hand when it comes back.
  await s.shell.openUser(4);
  await s.user.shows(4);
  await expect(s.user.heading).toContainText('Tom Becker');

  // User 10 (verified): an IBAN typed and checked, the edit form open with a change.
  await s.shell.openUser(10);
  await s.user.shows(10);
  await s.user.iban.fill(GOOD_IBAN);
  await expect(s.user.iban).toHaveAccessibleDescription(`Checksum OK: ${GOOD_IBAN_SHOWN}`);
  await s.user.editUser.click();
  await s.user.profileField('Name').fill('Draft for ten');

  // A link to user 4: nothing of user 10's is there.
  await s.shell.openUser(4);
  await s.user.shows(4);
  await expect(s.user.heading).toContainText('Tom Becker');
  await expect(s.user.iban).toHaveValue('');
  await expect(s.user.banks).not.toContainText('Checksum OK');
  await expect(s.user.addBank).toBeDisabled();
  await expect(s.user.saveUser).toHaveCount(0);
  await expect(s.user.editUser).toBeVisible();
  // User 4 has not started KYC: a share token typed here…
  await s.user.shareToken.fill('share-token-for-four');

  // …is gone on the way Back to user 10, whose drafts are gone too.
  await page.goBack();
  await s.user.shows(10);
  await expect(s.user.heading).toContainText('Petra Vidmar');
  await expect(s.user.iban).toHaveValue('');
  await expect(s.user.saveUser).toHaveCount(0);
  await expect(s.user.profile).not.toContainText('Draft for ten');

  // Forward to user 4 again: the token is not waiting there either.
  await s.user.iban.fill(GOOD_IBAN);
  await page.goForward();
  await s.user.shows(4);
  await expect(s.user.shareToken).toHaveValue('');
  await expect(s.user.iban).toHaveValue('');

  // The transaction page belongs to the user too: page 2 of user 1 is not user 2's page.
  await deskCall(page, 'transactions.sync', {});
  await s.shell.openUser(1);
  await s.user.shows(1);
  await s.user.pageButton('Next page').click();
  await expect(s.user.transactionPages).toContainText(/Page 2 of/);
  await s.shell.openUser(2);
  await s.user.shows(2);
  await expect(s.user.transactions).toBeVisible();
  await expect(s.user.transactionsSection).not.toContainText(/Page 2 of/);
  await expect(s.user.transactionsSection).not.toContainText('No more transactions.');

  // The tickets are for one user too: amounts written for user 2 are not offered to user 1…
  await s.user.tradeButton.click();
  await expect(s.trade.user).toHaveValue('2');
  await s.trade.amount.fill('30');
  await s.trade.withdrawAmount.fill('20');
  await s.trade.user.selectOption('1');
  await expect(s.trade.amount).toHaveValue('');
  await expect(s.trade.withdrawAmount).toHaveValue('');
  // …while a trip to another screen keeps the draft of the same user.
  await s.trade.amount.fill('35');
  await s.shell.go('Users');
  await s.shell.go('Trade');
  await expect(s.trade.user).toHaveValue('1');
  await expect(s.trade.amount).toHaveValue('35');

  // Nothing was sent for anyone on the way.
  const state = await sandboxState(desk);
  expect(userIn(state, 4).bank_accounts).toEqual([]);
  expect(userIn(state, 10).bank_accounts).toEqual([]);
  expect(userIn(state, 10).name).toBe('Petra');
});

// An answer that arrives after the operator moved on belongs to the user it was for.
test('a slow bank-account add finishes on its own user, not on the one shown next', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.openUser(4);
  await s.user.shows(4);
  await expect(s.user.heading).toContainText('Tom Becker');
  await s.shell.openUser(10);
  await s.user.shows(10);
  await expect(s.user.banks).toContainText('No bank accounts yet.');
  await s.user.iban.fill(GOOD_IBAN);
  await expect(s.user.addBank).toBeEnabled();

  await desk.sandbox('/__sandbox/faults', { body: { latency_ms: 3000 } });
  try {
    await s.user.addBank.click();
    await expect(s.user.banks.getByRole('button', { name: 'Adding…' })).toBeVisible();
    await s.shell.openUser(4);
    await s.user.shows(4);
    // The account was booked on user 10, and the answer has come back by the time
    // user 4's own (equally slow, later) list is shown.
    await expect
      .poll(async () => userIn(await sandboxState(desk), 10).bank_accounts.map((b) => b.iban), { timeout: 15_000 })
      .toEqual([GOOD_IBAN]);
    await expect(s.user.banks).toContainText('No bank accounts yet.');
    await expect(s.user.banks.getByRole('status')).toHaveCount(0);
    await expect(s.user.banks).not.toContainText(GOOD_IBAN_SHOWN);
    await expect(s.user.iban).toHaveValue('');
  } finally {
    await desk.sandbox('/__sandbox/faults', { method: 'DELETE' });
  }
  expect(userIn(await sandboxState(desk), 4).bank_accounts).toEqual([]);

  // Back on user 10 the account is listed, without a message from the earlier visit.
  await page.goBack();
  await s.user.shows(10);
  await expect(s.user.bankRowButton('View', GOOD_IBAN_SHOWN)).toBeVisible();
  await expect(s.user.banks.getByRole('status')).toHaveCount(0);
});

test('switching environment starts the user screen afresh', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  // A second environment on the same sandbox, so user 10 exists in both.
  const probe = await startSandbox({ port: 0, seed: desk.launch.seed });
  const partner = probe.partner;
  await probe.close();
  const copy = await deskCall(page, 'profiles.addCustom', {
    name: 'Loopback copy',
    baseUrl: `${desk.launch.sandboxOrigin}/api/v1/partners`,
  });
  await deskCall(page, 'profiles.saveCredentials', {
    profileId: copy.id,
    email: partner.email,
    clientId: partner.client_id,
    password: partner.password,
    clientSecret: partner.client_secret,
    totpSecret: partner.totp_secret,
  });

  // A ticket written for user 10, then back to the user's screen with drafts open.
  await s.shell.openUser(10);
  await s.user.shows(10);
  await s.user.tradeButton.click();
  await expect(s.trade.user).toHaveValue('10');
  await s.trade.amount.fill('30');
  await page.goBack();
  await s.user.shows(10);
  await s.user.iban.fill(GOOD_IBAN);
  await expect(s.user.iban).toHaveAccessibleDescription(`Checksum OK: ${GOOD_IBAN_SHOWN}`);
  await s.user.editUser.click();
  await s.user.profileField('Name').fill('Draft for ten');

  // The desk signed in to this sandbox in this 30-second step already, and a code is
  // spent once used: move to the next step so the copy signs in at once.
  await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 30 } });
  // Switched from elsewhere (another window of the harness, say) while this screen is open.
  await deskCall(page, 'profiles.select', { profileId: copy.id });
  await expect(s.shell.environment).toContainText('Loopback copy');
  await expect(s.shell.sessionState).toHaveText(/Signed in/);
  await s.user.shows(10);
  await expect(s.user.iban).toHaveValue('');
  await expect(s.user.banks).not.toContainText('Checksum OK');
  await expect(s.user.saveUser).toHaveCount(0);
  await expect(s.user.editUser).toBeVisible();
  // The ticket's user and amount were for the other environment.
  await s.shell.go('Trade');
  await expect(s.trade.user).toHaveValue('');
  await expect(s.trade.amount).toHaveValue('');
});

// ── Issue "What an operator sees on day one", items 4, 6 and 7 ───────────────

/** The element's box lies inside the container's box (a pixel of rounding allowed). */
async function expectInside(element: Locator, container: Locator, what: string): Promise<void> {
  const inner = await element.boundingBox();
  const outer = await container.boundingBox();
  expect(inner, `${what}: the element is on screen`).not.toBeNull();
  expect(outer, `${what}: the container is on screen`).not.toBeNull();
  expect(inner!.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer!.x - 1);
  expect(inner!.x + inner!.width, `${what}: right edge`).toBeLessThanOrEqual(outer!.x + outer!.width + 1);
}

/** The main area does not scroll sideways: nothing on it is wider than the window allows. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  await expect
    .poll(() => page.getByRole('main').evaluate((el) => el.scrollWidth - el.clientWidth), { message: what })
    .toBeLessThanOrEqual(0);
}

/** Every cell of a table is laid out as a table cell (a flex td would break the row's lines). */
async function cellDisplays(table: Locator): Promise<string[]> {
  return [...new Set(await table.locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c).display)))];
}

/** Calls a bridge method as the renderer would, keeping a refusal as it comes (deskCall throws on it). */
async function deskRaw(
  page: Page,
  method: string,
  input: unknown,
): Promise<{ ok: boolean; error?: { message: string; fieldErrors?: Record<string, string[]> } }> {
  return page.evaluate(
    async ({ method, input }) => {
      const [area, name] = method.split('.') as [string, string];
      const desk = (window as unknown as { desk: Record<string, Record<string, (i: unknown) => Promise<unknown>>> }).desk;
      return desk[area]![name]!(input);
    },
    { method, input },
  ) as Promise<{ ok: boolean; error?: { message: string; fieldErrors?: Record<string, string[]> } }>;
}

test('what a user page says and offers follows KYC and the user status (seed users 1, 3–8)', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();

  // Verified but disabled (7) or deleted (8): no "carry on", nothing to trade, import or add.
  for (const [userId, status] of [
    [7, 'disabled'],
    [8, 'deleted'],
  ] as const) {
    await s.shell.openUser(userId);
    await s.user.shows(userId);
    await expect(s.user.kycStatus).toHaveText('KYC verified');
    await expect(s.user.kyc).toContainText(`Verified, but the user is ${status}: no trading or withdrawals`);
    await expect(s.user.kyc).not.toContainText('carry on');
    await expect(s.user.tradeButton).toHaveCount(0);
    await expect(s.user.inactiveNote).toContainText(`This user is ${status}: no trading, withdrawals, new bank accounts or KYC imports`);
    await expect(s.user.shareToken).toHaveCount(0);
    await expect(s.user.iban).toHaveCount(0);
    await expect(s.user.banks).toContainText(`No bank account can be added while the user is ${status}.`);
    await desk.snapshot(`user-${status}`);
  }

  // Failed (5): a new import is possible, so the box is there, and it is taken.
  await s.shell.openUser(5);
  await s.user.shows(5);
  await expect(s.user.kycStatus).toHaveText('KYC failed');
  await expect(s.user.kyc).toContainText('A new KYC import is possible');
  await expect(s.user.shareToken).toBeVisible();
  // Active, so the ticket is reachable, but trading is not the page's main action.
  await expect(s.user.tradeButton).toBeVisible();
  await expect(s.user.tradeButton).not.toHaveClass(/primary/);
  await desk.snapshot('user-kyc-failed');
  await s.user.shareToken.fill('second-try-token');
  await s.user.importKyc.click();
  await expect(s.user.kycStatus).toHaveText('KYC pending');
  await expect(s.user.shareToken).toHaveCount(0);
  expect(userIn(await sandboxState(desk), 5).kyc_status).toBe('pending');

  // Declined (6) is final and pending (3) waits: no box for either.
  await s.shell.openUser(6);
  await s.user.shows(6);
  await expect(s.user.kyc).toContainText('A declined KYC is final: no new import is possible.');
  await expect(s.user.shareToken).toHaveCount(0);
  await s.shell.openUser(3);
  await s.user.shows(3);
  await expect(s.user.kycStatus).toHaveText('KYC pending');
  await expect(s.user.shareToken).toHaveCount(0);

  // Not started (4): the box, until the user is disabled; then the words say when.
  await s.shell.openUser(4);
  await s.user.shows(4);
  await expect(s.user.shareToken).toBeVisible();
  await s.user.editUser.click();
  await s.user.profile.getByRole('combobox', { name: 'Status' }).selectOption('disabled');
  await s.user.saveUser.click();
  await expect(s.user.kyc).toContainText('A KYC import is possible once the user is active again (now disabled).');
  await expect(s.user.shareToken).toHaveCount(0);
  await expect(s.user.tradeButton).toHaveCount(0);
  expect(userIn(await sandboxState(desk), 4).status).toBe('disabled');

  // Active and verified (1): trading is the main action and the words say carry on.
  await s.shell.openUser(1);
  await s.user.shows(1);
  await expect(s.user.kyc).toContainText('Verified: carry on — the user can trade and withdraw.');
  await expect(s.user.tradeButton).toHaveClass(/primary/);
  await expect(s.user.inactiveNote).toHaveCount(0);
});

test('the Trade screen sends the operator to the user page for KYC', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  for (const userId of [1, 4]) await deskCall(page, 'users.open', { userId });
  await s.shell.go('Trade');
  await s.trade.user.selectOption('4');
  await expect(s.trade.blockers).toContainText("then import the share token on the user's page.");
  await expect(s.trade.blockers).not.toContainText('token here');
  await s.trade.kycLink.click();
  await s.user.shows(4);
  await expect(s.user.shareToken).toBeVisible();
  // A verified user needs no such link.
  await s.shell.go('Trade');
  await s.trade.user.selectOption('1');
  await expect(s.trade.kycLink).toHaveCount(0);
});

test('words, not codes: statuses, audit actions and pairs', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  for (const userId of [1, 3, 4, 5, 6, 7, 8]) await deskCall(page, 'users.open', { userId });
  const session = await deskCall(page, 'session.status', {});
  await deskCall(page, 'orders.place', { profileId: session.profileId, userId: 1, side: 'buy', pair: 'btceur', amount: '20' });
  const main = page.getByRole('main');
  const codes = /not_started|order\.(buy|sell|withdraw)|bank\.add|kyc\.import|btceur|etheur|xrpeur|signed-out/;

  await s.shell.go('Users');
  await expect(s.users.table).toContainText('KYC not started');
  await expect(main).not.toContainText(codes);

  await s.shell.openUser(4);
  await s.user.shows(4);
  await expect(s.user.kycStatus).toHaveText('KYC not started');
  await expect(main).not.toContainText(codes);

  await s.shell.go('Trade');
  await s.trade.user.selectOption('4');
  await expect(s.trade.user.locator('option:checked')).toHaveText(/Tom Becker \(#4\) — KYC not started/);
  await expect(main).not.toContainText(codes);

  await s.shell.go('Audit log');
  await expect(s.audit.action).toContainText('Buy order');
  await expect
    .poll(async () => (await s.audit.entries()).filter((e) => e.action === 'order.buy').map((e) => e.actionShown))
    .toEqual(['Buy order']);
  await expect(s.audit.table).toContainText('BTC/EUR');
  await expect(s.audit.table).toContainText('Local sandbox');
  await expect(main).not.toContainText(codes);
  await expect(main).not.toContainText('local-sandbox');
});

test('one rule for a user’s fields, in plain words, and nothing cut off', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  const longName = 'N'.repeat(300);
  const usersBefore = (await sandboxState(desk)).users.length;

  // Create: a 300-character name and the phone "abc" are refused before anything is sent.
  await s.shell.go('Users');
  await s.users.create({ email: 'one.rule@example.com', name: longName, surname: 'Rule', phone: 'abc' });
  await expect(s.users.field('Name')).toHaveValue(longName);
  await expect(s.users.field('Name')).toHaveAccessibleDescription('The name can be at most 100 characters; this one has 300.');
  await expect(s.users.field('Phone')).toHaveAccessibleDescription(/Enter the phone number in international format/);
  await expect(page.getByRole('region', { name: 'Create user' }).getByRole('alert')).toHaveText(
    'The user was not created: correct the fields marked above.',
  );
  // Near the limit a counter says how much room is left.
  await s.users.field('Name').fill('N'.repeat(95));
  await expect(s.users.field('Name')).toHaveAccessibleDescription('95 of 100 characters');
  expect((await sandboxState(desk)).users.length).toBe(usersBefore);

  // Edit: the same rule.
  const phoneBefore = userIn(await sandboxState(desk), 10).phone;
  await s.shell.openUser(10);
  await s.user.shows(10);
  await s.user.editUser.click();
  await s.user.profileField('Phone').fill('abc');
  await s.user.profileField('Name').fill(longName);
  await s.user.saveUser.click();
  await expect(s.user.profileField('Phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(s.user.profileField('Phone')).toHaveAccessibleDescription(/Enter the phone number in international format/);
  await expect(s.user.profileField('Name')).toHaveValue(longName);
  await expect(s.user.profileField('Name')).toHaveAccessibleDescription('The name can be at most 100 characters; this one has 300.');
  await expect(s.user.profile.getByRole('alert')).toHaveText('The user was not saved: correct the fields marked above.');
  await desk.snapshot('user-edit-refused');
  let petra = userIn(await sandboxState(desk), 10);
  expect([petra.name, petra.phone]).toEqual(['Petra', phoneBefore]);

  // A phone written for reading is taken and saved in international format.
  await s.user.profileField('Name').fill('Petra');
  await s.user.profileField('Phone').fill('+386 40 111-222');
  await s.user.saveUser.click();
  await expect(s.user.editUser).toBeVisible();
  petra = userIn(await sandboxState(desk), 10);
  expect(petra.phone).toBe('+38640111222');
  await expect(s.user.profile).toContainText('+38640111222');

  // Main says it in the same words to a caller that skips the forms.
  const refused = await deskRaw(page, 'users.update', {
    userId: 10,
    email: petra.email,
    name: ' ',
    surname: 'Vidmar',
    phone: 'abc',
    status: 'active',
  });
  expect(refused.ok).toBe(false);
  expect(refused.error?.fieldErrors?.['name']).toEqual(['Enter the name.']);
  expect(refused.error?.fieldErrors?.['phone']?.[0]).toMatch(/^Enter the phone number in international format/);
  expect(refused.error?.message).not.toMatch(/Too small|expected string/);
});

const RU_IBAN = 'RU44044525600407028104123456789012'; // 34 characters, the longest an IBAN can be

test('a long name and a long IBAN stay inside their boxes, at 1440 and 1000 px', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  const name = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(3).slice(0, 100);
  const user = await deskCall(page, 'users.create', {
    email: `long-${randomBytes(3).toString('hex')}@example.com`,
    name,
    surname: 'Tester',
    phone: '+38640111333',
  });
  for (const userId of [1, 2, 4]) await deskCall(page, 'users.open', { userId });

  await s.shell.openUser(user.id);
  await s.user.shows(user.id);
  await s.user.iban.fill(RU_IBAN);
  await s.user.addBank.click();
  await expect(s.user.banks.getByRole('status')).toHaveText(`Added the bank account ${formatIban(RU_IBAN)}.`);

  for (const [width, height] of [
    [1440, 900],
    [1000, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    // The title keeps the whole name in its tooltip and stays on the page.
    await s.shell.openUser(user.id);
    await s.user.shows(user.id);
    await expect(s.user.heading.getByTitle(`${name} Tester`, { exact: true })).toBeVisible();
    await expectInside(s.user.heading, page.getByRole('main'), `title at ${width}`);
    // The longest IBAN leaves Delete on its card, and the rows keep their lines.
    const remove = s.user.bankRowButton('Delete', formatIban(RU_IBAN));
    await expect(remove).toBeVisible();
    await expectInside(remove, s.user.banks, `Delete at ${width}`);
    expect(await cellDisplays(s.user.bankTable)).toEqual(['table-cell']);
    await expectNoSidewaysScroll(page, `user page at ${width}`);
    await desk.snapshot(`user-long-name-${width}`);

    // The directory and the Trade screen do not stretch.
    await s.shell.go('Users');
    await expect(s.users.table.getByRole('link', { name: `${name} Tester` })).toHaveAttribute('title', `${name} Tester`);
    await expectInside(s.users.table, page.getByRole('region', { name: 'Directory' }), `directory at ${width}`);
    await expectNoSidewaysScroll(page, `users at ${width}`);
    await s.shell.go('Trade');
    await s.trade.user.selectOption(String(user.id));
    await expectInside(s.trade.user, page.getByRole('main'), `user select at ${width}`);
    await expectNoSidewaysScroll(page, `trade at ${width}`);
  }
});

test('a user’s transactions page through the cache', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  const ids = (await sandboxState(desk)).transactions
    .filter((t) => t.user_id === 1)
    .map((t) => t.id)
    .sort((a, b) => b - a);
  expect(ids.length).toBeGreaterThan(40);
  const pages = Math.ceil(ids.length / 20);

  await s.shell.openUser(1);
  await s.user.shows(1);
  await expect(s.user.transactions).toBeVisible();
  // Until a sync has filled the cache, the section says how many it does not have yet.
  const note = s.user.transactionsSection.getByTestId('cache-note');
  if (await note.isVisible()) await expect(note).toContainText(`of this user’s ${ids.length} transactions: sync`);
  await s.user.syncTransactions.click();
  await expect(note).toHaveCount(0);
  await expect(s.user.transactionPages).toContainText(`Page 1 of ${pages} · 1–20 of ${ids.length} transactions`);
  await expect(s.user.pageButton('Previous page')).toBeDisabled();
  expect(await s.user.transactionIds()).toEqual(ids.slice(0, 20));

  await s.user.pageButton('Next page').click();
  await expect(s.user.transactionPages).toContainText(`Page 2 of ${pages} · 21–40 of ${ids.length} transactions`);
  await expect.poll(() => s.user.transactionIds()).toEqual(ids.slice(20, 40));
  await desk.snapshot('user-transactions-page-2');

  await s.user.pageButton('Last page').click();
  await expect(s.user.transactionPages).toContainText(`Page ${pages} of ${pages}`);
  await expect.poll(() => s.user.transactionIds()).toEqual(ids.slice((pages - 1) * 20));
  await expect(s.user.pageButton('Next page')).toBeDisabled();
  await s.user.pageButton('First page').click();
  await expect.poll(() => s.user.transactionIds()).toEqual(ids.slice(0, 20));
});

test('the "no user with that id" message speaks of the id typed, and goes when the id changes', async ({ desk }) => {
  const s = screens(desk.page);
  await s.shell.ready();
  await s.shell.go('Users');
  await s.users.userId.fill('999');
  await s.users.openUserButton.click();
  const missing = desk.page.getByText('There is no user with id 999 in this environment.');
  await expect(missing).toBeVisible();
  await s.users.userId.fill('99');
  await expect(missing).toHaveCount(0);
});
