// The proposer takes back their own proposal (issue 13, approvals.withdraw), end to
// end between two desks on one team database and one sandbox: the operator's buy
// above the admin's rule is proposed; only the operator's card offers Withdraw;
// withdrawn with a reason, it is never sent, the operator's order list says who
// withdrew it, and the admin's Approvals screen shows it withdrawn, with the reason,
// without a reload. Both themes are axe-clean at each step.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { findPostgresBinDir } from '../../main/team/pg-binaries';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import type { SandboxState } from './support/sandbox-state';
import { newTransactions } from './support/sandbox-state';
import { skipWithReason } from './support/skip';
import { LIVE_MS, startTeamDesks } from './support/team-desks';

const USER = 1; // Ana Novak: verified, active, rich in EUR.
const USER_LABEL = 'Ana Novak (#1)';

/** Both themes of the page as it is are axe-clean; a picture of each is kept. */
async function expectAxeClean(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`${name}-${scheme}.png`), fullPage: true });
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect.soft(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${name}, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the proposer withdraws their own proposal with a reason: never sent, and the other desk shows it withdrawn', async ({ browser }) => {
  skipWithReason(test.info().project.name !== 'browser', 'the two desks are harness processes shown in browser contexts');
  skipWithReason(findPostgresBinDir() === null, 'no PostgreSQL server programs (initdb, pg_ctl) on this machine; scripts/system-deps.sh installs them');
  test.setTimeout(120_000);
  const team = await startTeamDesks(browser, ['olga', { name: 'petra', role: 'admin' }], { settleDelaySeconds: 1 });
  const sandboxState = async (): Promise<SandboxState> => (await (await fetch(`${team.sandbox.origin}/__sandbox/state`)).json()) as SandboxState;
  try {
    const operator = team.desks[0]!;
    const approver = team.desks[1]!;
    const fmt = await moneyFormat(operator.page);
    const orderWords = `buy ${fmt.eur(20)}`;
    const title = `Buy BTC/EUR ${fmt.eur(20)} for ${USER_LABEL}`;

    await approver.s.shell.go('Settings');
    await approver.s.settings.addApprovalRule({ action: 'Buy', fromEur: '10', approvalsNeeded: 1 });
    await expect(approver.s.settings.rules.getByRole('rowheader', { name: 'Buy', exact: true })).toBeVisible();

    const before = await sandboxState();
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
    expect(newTransactions(before, await sandboxState())).toEqual([]);

    await operator.s.shell.go('Trade');
    await expect(row).toContainText('Rejected: not sent');
    await expect(row).toContainText('Withdrawn by olga: Wrong amount: the user asked for 200.');

    // ── The admin's screen follows without a reload: withdrawn, not approvable ─
    await expect(approver.s.approvals.navLink).toHaveAccessibleName('Approvals', { timeout: LIVE_MS });
    await expect(approver.s.approvals.approve(theirCard, orderWords, USER_LABEL)).toHaveCount(0, { timeout: LIVE_MS });
    await approver.s.approvals.decided.check();
    const seen = approver.s.approvals.proposal(title);
    await expect(seen).toContainText('Withdrawn');
    await expect(seen).toContainText(/Withdrawn by olga on .+: “Wrong amount: the user asked for 200\.”/);
    await expectAxeClean(approver.page, 'withdrawn-approver');
    expect(newTransactions(before, await sandboxState())).toEqual([]);
  } finally {
    await team.close();
  }
});
