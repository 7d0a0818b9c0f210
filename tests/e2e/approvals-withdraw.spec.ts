// The proposer takes back their own proposal (issue 13, approvals.withdraw), end to
// end between two desks on one team database and one sandbox: the operator's buy
// above the admin's rule is proposed; only the operator's card offers Withdraw;
// withdrawn with a reason, it is never sent, the operator's order list says who
// withdrew it, and the admin's Approvals screen shows it withdrawn, with the reason,
// without a reload. Both themes are axe-clean at each step.
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import type { SandboxState } from './support/sandbox-state';
import { newTransactions } from './support/sandbox-state';
import { expectAxeClean } from './support/axe-themes';
import { LIVE_MS, skipUnlessTeamDesks, startTeamDesks } from './support/team-desks';

const USER = 1; // Ana Novak: verified, active, rich in EUR.
const USER_LABEL = 'Ana Novak (#1)';

test('the proposer withdraws their own proposal with a reason: never sent, and the other desk shows it withdrawn', async ({ browser }) => {
  skipUnlessTeamDesks();
  test.setTimeout(120_000);
  const team = await startTeamDesks(browser, ['olga', { name: 'petra', role: 'admin' }], { settleDelaySeconds: 1 });
  const [operator, approver] = [team.desks[0]!, team.desks[1]!];
  /** What the shared sandbox holds now: a withdrawn proposal must have booked nothing there. */
  const sandboxNow = async (): Promise<SandboxState> =>
    (await (await fetch(`${team.sandbox.origin}/__sandbox/state`)).json()) as SandboxState;
  try {
    // The rule is not what this spec is about: the admin sets it through the bridge.
    await deskCall(approver.page, 'policy.update', {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: '10.00',
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    });
    const fmt = await moneyFormat(operator.page);
    const orderWords = `buy ${fmt.eur(20)}`;
    const title = `Buy BTC/EUR ${fmt.eur(20)} for ${USER_LABEL}`;
    const before = await sandboxNow();
    await operator.s.shell.openUser(USER);
    await operator.s.user.shows(USER);
    await operator.s.user.tradeButton.click();
    const row = await operator.s.trade.place('buy', 'btceur', '20');
    await expect(row).toContainText('Awaiting approval');

    // ── Only the proposer's card offers Withdraw ─────────────────────────
    await approver.s.shell.go('Approvals');
    const theirCard = approver.s.approvals.proposal(title);
    await expect(theirCard).toContainText('Awaiting approval', { timeout: LIVE_MS });
    await expect(approver.s.approvals.approve(theirCard, orderWords, USER_LABEL)).toBeEnabled();
    await expect(theirCard.getByRole('button', { name: /^Withdraw/ })).toHaveCount(0);

    await operator.s.shell.go('Approvals');
    const ownCard = operator.s.approvals.proposal(title);
    const withdraw = operator.s.approvals.withdraw(ownCard, orderWords, USER_LABEL);
    await expect(withdraw).toBeEnabled();
    await expectAxeClean(operator.page, 'withdraw-offered');

    // ── It asks a reason first ───────────────────────────────────────────
    await withdraw.click();
    const dialog = operator.page.getByRole('dialog', { name: `Withdraw: ${title}` });
    const reason = dialog.getByRole('textbox', { name: 'Reason for withdrawing' });
    await expect(reason).toBeFocused();
    await dialog.getByRole('button', { name: 'Withdraw proposal' }).click();
    await expect(reason).toHaveAccessibleDescription(/Say why it is withdrawn\./);
    await expectAxeClean(operator.page, 'withdraw-dialog');
    await reason.fill('Wrong amount: the user asked for 200.');
    await dialog.getByRole('button', { name: 'Withdraw proposal' }).click();
    await expect(dialog).toBeHidden();
    await expect(operator.page.getByRole('status').filter({ hasText: `Withdrawn: ${title}. It is not sent.` })).toBeVisible();

    // ── Shown withdrawn on the proposer's desk, never sent ───────────────
    await operator.s.approvals.decided.check();
    const withdrawnCard = operator.s.approvals.proposal(title);
    await expect(withdrawnCard).toContainText('Withdrawn');
    await expect(withdrawnCard).toContainText(/Withdrawn by olga on .+: “Wrong amount: the user asked for 200\.”/);
    await expect(withdrawnCard.getByRole('button')).toHaveCount(0);
    await expectAxeClean(operator.page, 'withdrawn-own');
    expect(newTransactions(before, await sandboxNow())).toEqual([]);

    await operator.s.shell.go('Trade');
    await expect(row).toContainText('Withdrawn: not sent');
    await expect(row).toContainText('Withdrawn by olga: Wrong amount: the user asked for 200.');

    // ── The admin's screen follows without a reload: withdrawn, not approvable ─
    await expect(approver.s.approvals.navLink).toHaveAccessibleName('Approvals', { timeout: LIVE_MS });
    await expect(approver.s.approvals.approve(theirCard, orderWords, USER_LABEL)).toHaveCount(0, { timeout: LIVE_MS });
    await approver.s.approvals.decided.check();
    const seen = approver.s.approvals.proposal(title);
    await expect(seen).toContainText('Withdrawn');
    await expect(seen).toContainText(/Withdrawn by olga on .+: “Wrong amount: the user asked for 200\.”/);
    await expectAxeClean(approver.page, 'withdrawn-approver');
    expect(newTransactions(before, await sandboxNow())).toEqual([]);

    // ── Withdrawn from the order list too, where the proposal was made ───
    const secondWords = `buy ${fmt.eur(30)}`;
    const second = await operator.s.trade.place('buy', 'btceur', '30');
    await expect(second).toContainText('Awaiting approval');
    const fromList = second.getByRole('button', { name: `Withdraw your proposal: ${secondWords} for ${USER_LABEL}`, exact: true });
    await expect(fromList).toBeVisible({ timeout: LIVE_MS });
    await expectAxeClean(operator.page, 'withdraw-from-order-list');
    await fromList.click();
    const listDialog = operator.page.getByRole('dialog', { name: `Withdraw: Buy BTC/EUR ${fmt.eur(30)} for ${USER_LABEL}` });
    await listDialog.getByRole('textbox', { name: 'Reason for withdrawing' }).fill('Typed twice.');
    await listDialog.getByRole('button', { name: 'Withdraw proposal' }).click();
    await expect(listDialog).toBeHidden();
    await expect(second).toContainText('Withdrawn: not sent');
    await expect(second).toContainText('Withdrawn by olga: Typed twice.');
    await expect(second.getByRole('button', { name: /^Withdraw/ })).toHaveCount(0);
    // The ticket no longer promises it is sent once approved.
    await expect(operator.page.getByRole('status').filter({ hasText: /^Proposed for approval:/ })).toHaveCount(0);
    // Two withdrawn rows in the order list, neutral, with the reasons in muted text.
    await expectAxeClean(operator.page, 'withdrawn-in-order-list');
    expect(newTransactions(before, await sandboxNow())).toEqual([]);
  } finally {
    await team.close();
  }
});
