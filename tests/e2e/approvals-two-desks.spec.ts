// Issue 13, end to end: four-eyes approval between two desks on one team database
// and one sandbox, each in its own browser context. The admin's desk sets a rule in
// Settings → Policy; the operator's buy above the threshold is proposed, not sent;
// the admin's navigation counts it without a reload; the operator may not approve
// their own; the admin approves on the Approvals screen and the order is booked once.
// Then a rate move beyond the team's limit asks the approver to confirm at the new
// rate, and a rejection with a reason leaves the order unsent.
import { Decimal } from 'decimal.js';
import { advanceSandboxClock } from '../support/sandbox';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import type { SandboxState } from './support/sandbox-state';
import { newTransactions } from './support/sandbox-state';
import { markPage, stillMarked } from './support/page-mark';
import { expectAxeClean } from './support/axe-themes';
import { LIVE_MS, skipUnlessTeamDesks, startTeamDesks } from './support/team-desks';

const USER = 1; // Ana Novak: verified, active, rich in EUR.
const USER_LABEL = 'Ana Novak (#1)';

test('a buy above the rule waits for another operator: counted live on the approver’s desk, not approvable by its proposer, booked once when approved; a rate move asks again; a rejection is never sent', async ({
  browser,
}) => {
  skipUnlessTeamDesks();
  test.setTimeout(180_000);
  const team = await startTeamDesks(browser, ['olga', { name: 'petra', role: 'admin' }], { settleDelaySeconds: 1 });
  const sandboxState = async (): Promise<SandboxState> =>
    (await (await fetch(`${team.sandbox.origin}/__sandbox/state`)).json()) as SandboxState;
  try {
    const operator = team.desks[0]!;
    const approver = team.desks[1]!;
    const fmt = await moneyFormat(operator.page);
    const orderWords = `buy ${fmt.eur(20)}`;
    const title = `Buy BTC/EUR ${fmt.eur(20)} for ${USER_LABEL}`;

    // ── The admin sets a rule: buys from 10 EUR need one approval ────────
    await approver.s.shell.go('Settings');
    await approver.s.settings.addApprovalRule({ action: 'Buy', fromEur: '10', approvalsNeeded: 1 });
    const ruleRow = approver.s.settings.rules
      .getByRole('row')
      .filter({ has: approver.page.getByRole('rowheader', { name: 'Buy', exact: true }) });
    await expect(ruleRow).toContainText(fmt.eur(10));
    await expect(ruleRow).toContainText('petra');
    await expectAxeClean(approver.page, 'policy-admin');

    // The operator sees the rule read-only, and who may change it.
    await operator.s.shell.go('Settings');
    await expect(operator.s.settings.rules.getByRole('rowheader', { name: 'Buy', exact: true })).toBeVisible();
    await expect(operator.s.settings.policy).toContainText(/Only a desk admin may change the team.s policy\./);
    await expect(operator.s.settings.addRule).toHaveCount(0);
    await expect(operator.s.settings.rules.getByRole('button')).toHaveCount(0);

    // ── The approver waits on another screen; the operator places the buy ─
    await approver.s.shell.go('Trade');
    await expect(approver.s.approvals.navLink).toHaveAccessibleName('Approvals');
    await markPage(approver.page);
    const before = await sandboxState();

    await operator.s.shell.openUser(USER);
    await operator.s.user.shows(USER);
    await operator.s.user.tradeButton.click();
    const row = await operator.s.trade.place('buy', 'btceur', '20');
    await expect(row).toContainText(USER_LABEL);
    await expect(row).toContainText('Awaiting approval');
    await expect(
      operator.page.getByRole('status').filter({ hasText: /^Proposed for approval: buy .+ for Ana Novak \(#1\)\./ }),
    ).toBeVisible();
    await expect(row.getByRole('link', { name: 'Open Approvals' })).toBeVisible();
    // Proposed, not sent: nothing booked.
    expect(newTransactions(before, await sandboxState())).toEqual([]);

    // ── The approver's navigation counts it, without a reload ────────────
    await expect(approver.s.approvals.navLink).toHaveAccessibleName('Approvals, 1 pending', { timeout: LIVE_MS });
    expect(await stillMarked(approver.page)).toBe(true);

    // ── The proposer may not approve their own ───────────────────────────
    await operator.s.shell.go('Approvals');
    const ownCard = operator.s.approvals.proposal(title);
    await expect(ownCard).toContainText('olga');
    const ownApprove = operator.s.approvals.approve(ownCard, orderWords, USER_LABEL);
    await expect(ownApprove).toBeDisabled();
    await expect(ownApprove).toHaveAccessibleDescription(/\S/);
    const why = await ownApprove.evaluate((b) => document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    await expect(ownCard).toContainText(why);
    await expect(operator.s.approvals.reject(ownCard, orderWords, USER_LABEL)).toBeDisabled();
    await expectAxeClean(operator.page, 'approvals-own');

    // ── The approver opens Approvals: everything to decide on ────────────
    await approver.s.shell.go('Approvals');
    const card = approver.s.approvals.proposal(title);
    await expect(card).toContainText('Awaiting approval');
    await expect(card).toContainText('by olga');
    await expect(card).toContainText(`Buy from ${fmt.eur(10)} · 1 approval needed`);
    await expect(card).toContainText('KYC verified');
    await expect(card).toContainText('0 of 1');
    await expect(card).toContainText(/Expires.+\(in 2[34]:\d\d:\d\d\)/);
    await expect(card).toContainText(/now €[\d,.]+ · at the proposal €[\d,.]+/);
    await expectAxeClean(approver.page, 'approvals-pending');
    // Reject asks a reason first (cancelled here: the order is approved below).
    await approver.s.approvals.reject(card, orderWords, USER_LABEL).click();
    const rejectDialog = approver.page.getByRole('dialog', { name: `Reject: ${title}` });
    const reason = rejectDialog.getByRole('textbox', { name: 'Reason for rejecting' });
    await expect(reason).toBeFocused();
    await rejectDialog.getByRole('button', { name: 'Reject order' }).click();
    await expect(reason).toHaveAccessibleDescription(/Say why it is rejected\./);
    await expectAxeClean(approver.page, 'approvals-reject-dialog');
    await rejectDialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(rejectDialog).toBeHidden();
    const approve = approver.s.approvals.approve(card, orderWords, USER_LABEL);
    await expect(approve).toBeEnabled();
    await approve.click();

    // ── Booked once; the operator's order list follows it to Settled ─────
    for (const desk of [approver, operator]) await expect(desk.s.approvals.navLink).toHaveAccessibleName('Approvals', { timeout: LIVE_MS });
    await operator.s.shell.go('Trade');
    const settled = operator.s.trade.orders.getByRole('row').filter({ hasText: USER_LABEL }).first();
    await expect(settled).toContainText('Settled', { timeout: 20_000 });
    const booked = newTransactions(before, await sandboxState());
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ user_id: USER, type: 'buy', pair: 'btceur' });
    // A buy's total is the EUR the user spent: the proposed amount, sent once.
    expect(new Decimal(booked[0]!.total).equals(20)).toBe(true);
    await expect(settled.getByRole('cell').last()).toHaveText(String(booked[0]!.id));

    // The decided proposal is listed as approved, by the approver.
    await approver.s.approvals.decided.check();
    const decided = approver.s.approvals.proposal(title);
    await expect(decided).toContainText('Approved');
    await expect(decided).toContainText(/Approved by petra/);
    await expectAxeClean(approver.page, 'approvals-decided');

    // ── A rate move beyond the team's limit asks the approver again ──────
    await approver.s.shell.go('Settings');
    await approver.s.settings.rateMove.fill('0');
    await approver.s.settings.saveRateMove.click();
    await expect(approver.s.settings.policy.getByRole('status').filter({ hasText: 'Rate move saved.' })).toBeVisible();
    const second = { words: `buy ${fmt.eur(30)}`, title: `Buy BTC/EUR ${fmt.eur(30)} for ${USER_LABEL}` };
    const beforeSecond = await sandboxState();
    const secondRow = await operator.s.trade.place('buy', 'btceur', '30');
    await expect(secondRow).toContainText('Awaiting approval');
    await expect(approver.s.approvals.navLink).toHaveAccessibleName('Approvals, 1 pending', { timeout: LIVE_MS });
    await approver.s.shell.go('Approvals');
    const secondCard = approver.s.approvals.proposal(second.title);
    // The sandbox's rates walk with its clock: on, until the card (read again) shows a move.
    await expect
      .poll(
        async () => {
          await advanceSandboxClock(team.sandbox, 600);
          await approver.s.shell.go('Settings');
          await approver.s.shell.go('Approvals');
          return secondCard.getByText(/^now /).textContent();
        },
        { timeout: 40_000, intervals: [1_000] },
      )
      .toMatch(/ · [+−-]\d+\.\d\d%$/);
    await approver.s.approvals.approve(secondCard, second.words, USER_LABEL).click();
    const moved = approver.page.getByRole('dialog', { name: `The rate moved: ${second.title}` });
    await expect(moved).toContainText(/more than the team's limit of 0\.00%/);
    await expect(moved).toContainText(/Rate now €[\d,.]+; at the proposal €[\d,.]+ \([+−-]\d+\.\d\d%\)/);
    await expectAxeClean(approver.page, 'approvals-rate-moved');
    // Should the rate move again before the confirmation lands, the dialog asks at the newer rate.
    await expect
      .poll(
        async () => {
          await moved
            .getByRole('button', { name: 'Approve at the new rate' })
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return moved.isVisible();
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(false);
    await expect(approver.page.getByRole('status').filter({ hasText: `Approved: ${second.title}. It is sent now.` })).toBeVisible();
    await expect(secondRow).toContainText('Settled', { timeout: 20_000 });
    const bookedSecond = newTransactions(beforeSecond, await sandboxState());
    expect(bookedSecond).toHaveLength(1);
    expect(new Decimal(bookedSecond[0]!.total).equals(30)).toBe(true);

    // ── Rejected with a reason: never sent, and the operator's list says so ─
    const third = { words: `buy ${fmt.eur(40)}`, title: `Buy BTC/EUR ${fmt.eur(40)} for ${USER_LABEL}` };
    const beforeThird = await sandboxState();
    const thirdRow = await operator.s.trade.place('buy', 'btceur', '40');
    await expect(thirdRow).toContainText('Awaiting approval');
    const thirdCard = approver.s.approvals.proposal(third.title);
    await expect(thirdCard).toBeVisible({ timeout: LIVE_MS });
    await approver.s.approvals.reject(thirdCard, third.words, USER_LABEL).click();
    const rejecting = approver.page.getByRole('dialog', { name: `Reject: ${third.title}` });
    await rejecting.getByRole('textbox', { name: 'Reason for rejecting' }).fill('The user asked to wait.');
    await rejecting.getByRole('button', { name: 'Reject order' }).click();
    await expect(rejecting).toBeHidden();
    await expect(approver.page.getByRole('status').filter({ hasText: `Rejected: ${third.title}. It is not sent.` })).toBeVisible();
    await expect(thirdRow).toContainText('Rejected: not sent', { timeout: LIVE_MS });
    expect(newTransactions(beforeThird, await sandboxState())).toEqual([]);
    await approver.s.approvals.decided.check();
    await expect(approver.s.approvals.proposal(third.title)).toContainText(/Rejected by petra on .+: “The user asked to wait\.”/);

    // ── The admin removes the rule: buys are sent at once again ──────────
    await approver.s.shell.go('Settings');
    await approver.s.settings.rules.getByRole('button', { name: `Remove rule: Buy from ${fmt.eur(10)} · 1 approval needed` }).click();
    const removing = approver.page.getByRole('dialog', { name: 'Remove approval rule' });
    await removing.getByRole('button', { name: 'Remove rule' }).click();
    await expect(removing).toBeHidden();
    await expect(approver.s.settings.policy).toContainText('No approval rules: every order is sent as soon as it is confirmed.');
    await expect(approver.s.settings.rules).toHaveCount(0);
  } finally {
    await team.close();
  }
});

test('adding a bank account under a rule is proposed, not sent; the approver sees the IBAN masked, approves by name, and it is added once; a status change is proposed from the edit form and rejected with a reason', async ({
  browser,
}) => {
  skipUnlessTeamDesks();
  test.setTimeout(120_000);
  const team = await startTeamDesks(browser, ['olga', { name: 'petra', role: 'admin' }], { settleDelaySeconds: 1 });
  const ibansOf = async (userId: number): Promise<string[]> =>
    ((await (await fetch(`${team.sandbox.origin}/__sandbox/state`)).json()) as SandboxState).users
      .find((u) => u.id === userId)!
      .bank_accounts.map((b) => b.iban);
  const TOM = 4; // no bank account
  const tom = 'Tom Becker (#4)';
  const words = 'add bank account DE…3000';
  const title = `Add bank account DE…3000 for ${tom}`;
  try {
    const operator = team.desks[0]!;
    const approver = team.desks[1]!;
    await approver.s.shell.go('Settings');
    await approver.s.settings.addApprovalRule({ action: 'Add bank account', approvalsNeeded: 1 });
    await expect(approver.s.settings.rules.getByRole('rowheader', { name: 'Add bank account', exact: true })).toBeVisible();

    await operator.s.shell.openUser(TOM);
    await operator.s.user.shows(TOM);
    await operator.s.user.iban.fill('DE89 3704 0044 0532 0130 00');
    await operator.s.user.addBank.click();
    await expect(operator.s.user.banks.getByRole('status')).toHaveText(
      /^Proposed for approval: add bank account DE…3000 for user 4 needs 1 approval/,
    );
    await expectAxeClean(operator.page, 'user-bank-proposed');
    expect(await ibansOf(TOM)).toEqual([]);

    await expect(approver.s.approvals.navLink).toHaveAccessibleName('Approvals, 1 pending', { timeout: LIVE_MS });
    await operator.s.shell.go('Approvals');
    await expect(operator.s.approvals.approve(operator.s.approvals.proposal(title), words, tom)).toBeDisabled();

    await approver.s.shell.go('Approvals');
    const card = approver.s.approvals.proposal(title);
    await expect(card).toContainText('by olga');
    await expect(card).toContainText('Add bank account · 1 approval needed');
    await expect(card).not.toContainText('DE89370400440532013000');
    await expect(approver.s.approvals.reject(card, words, tom)).toBeEnabled();
    await expectAxeClean(approver.page, 'approvals-bank-pending');
    await approver.s.approvals.approve(card, words, tom).click();
    await expect(approver.page.getByRole('status').filter({ hasText: `Approved: ${title}. Done: Bank account` })).toBeVisible();
    expect(await ibansOf(TOM)).toEqual(['DE89370400440532013000']);
    await approver.s.approvals.decided.check();
    await expect(approver.s.approvals.proposal(title)).toContainText(/Outcome\s*Done: Bank account \d+ \(DE…3000\) added for user 4/);
    await expectAxeClean(approver.page, 'approvals-bank-done');

    // ── A status change under a rule: proposed from the edit form, rejected with a reason ─
    const PETRA = 10;
    const petra = 'Petra Vidmar (#10)';
    const statusWords = 'status change from active to disabled';
    const statusTitle = `Status change from active to disabled for ${petra}`;
    await approver.s.shell.go('Settings');
    await approver.s.settings.addApprovalRule({ action: "Change a user's status", approvalsNeeded: 1 });
    await operator.s.shell.openUser(PETRA);
    await operator.s.user.shows(PETRA);
    await operator.s.user.editUser.click();
    await operator.s.user.profile.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Disabled' });
    await operator.s.user.saveUser.click();
    await expect(operator.s.user.profile.getByRole('status')).toHaveText(
      /^Proposed for approval: change the status of user 10 from active to disabled/,
    );
    await expectAxeClean(operator.page, 'user-status-proposed');
    expect(
      ((await (await fetch(`${team.sandbox.origin}/__sandbox/state`)).json()) as SandboxState).users.find((u) => u.id === PETRA)!.status,
    ).toBe('active');

    await approver.s.shell.go('Approvals');
    await approver.s.approvals.pending.check();
    const statusCard = approver.s.approvals.proposal(statusTitle);
    await expect(statusCard).toContainText('KYC verified');
    await approver.s.approvals.reject(statusCard, statusWords, petra).click();
    const rejecting = approver.page.getByRole('dialog', { name: `Reject: ${statusTitle}` });
    await rejecting.getByRole('textbox', { name: 'Reason for rejecting' }).fill('She asked to stay active.');
    await rejecting.getByRole('button', { name: 'Reject change' }).click();
    await expect(approver.page.getByRole('status').filter({ hasText: `Rejected: ${statusTitle}. It is not made.` })).toBeVisible();
    expect(
      ((await (await fetch(`${team.sandbox.origin}/__sandbox/state`)).json()) as SandboxState).users.find((u) => u.id === PETRA)!.status,
    ).toBe('active');
  } finally {
    await team.close();
  }
});
