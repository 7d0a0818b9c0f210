// Issue 5, the user's side: create a user (field errors inline), import KYC and
// follow it to verified, bank accounts (a bad IBAN never leaves the desk),
// deposit instructions, the KYC gate on the ticket, and the audit trail of it all;
// then drafts, messages and late answers that stay with their user and environment.
import { randomBytes } from 'node:crypto';
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
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin }).catch(() => undefined);

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
  expect(created).toMatchObject({ email, name: 'Erika', surname: 'Test', phone: '+38640111222', status: 'active', kyc_status: 'not_started' });
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
  // A verified but disabled user is refused for that reason.
  await s.shell.openUser(7);
  await s.user.shows(7);
  await s.user.tradeButton.click();
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
  await s.shell.openUser(1);
  await s.user.shows(1);
  await s.user.transactionsSection.getByRole('button', { name: 'Next page' }).click();
  await expect(s.user.transactionsSection).toContainText(/Page 2 ·/);
  await s.shell.openUser(2);
  await s.user.shows(2);
  await expect(s.user.transactions).toBeVisible();
  await expect(s.user.transactionsSection).not.toContainText(/Page 2 ·/);
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
    await expect.poll(async () => userIn(await sandboxState(desk), 10).bank_accounts.map((b) => b.iban), { timeout: 15_000 }).toEqual([GOOD_IBAN]);
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
  const copy = await deskCall(page, 'profiles.addCustom', { name: 'Loopback copy', baseUrl: `${desk.launch.sandboxOrigin}/api/v1/partners` });
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
