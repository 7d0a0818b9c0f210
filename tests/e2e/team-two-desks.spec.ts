// Issue 12, end to end: two desks on one team database and one sandbox, each in
// its own browser context as its own operator. What operator A does — a new user,
// a buy for that user — shows on B's open screens without a reload (LISTEN/NOTIFY
// → desk events → the renderer), and each status bar names its own operator.
import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import { markPage, stillMarked } from './support/page-mark';
import { LIVE_MS, skipUnlessTeamDesks, startTeamDesks } from './support/team-desks';

test('a user and a buy made on desk A show on desk B without a reload; each status bar names its operator', async ({ browser }) => {
  skipUnlessTeamDesks();
  test.setTimeout(180_000);
  // A short KYC and settlement delay: the flow waits for both.
  const team = await startTeamDesks(browser, ['alice', 'bob'], { kycDelaySeconds: 1, settleDelaySeconds: 1 });
  try {
    const a = team.desks[0]!;
    const b = team.desks[1]!;
    const fmt = await moneyFormat(b.page);
    for (const desk of [a, b]) {
      await expect(desk.s.shell.statusBar.getByTestId('workspace-state')).toHaveText(`Team workspace · ${desk.operator}`);
    }

    // ── B looks at its directory; A creates a user ───────────────────────
    await b.s.shell.go('Users');
    // The directory has answered (a table, or the empty-directory text) before A writes.
    await expect(b.s.users.table.or(b.page.getByText('No users yet'))).toBeVisible();
    await markPage(b.page);
    const tag = randomBytes(3).toString('hex');
    const user = { email: `team-${tag}@example.com`, name: 'Teodora', surname: `Shared${tag}`, phone: '+38640555666' };
    const fullName = `${user.name} ${user.surname}`;
    await expect(b.s.users.table.getByRole('link', { name: fullName })).toHaveCount(0);

    await a.s.shell.go('Users');
    await a.s.users.create(user);
    await expect(a.page).toHaveURL(/#\/users\/\d+$/);
    const userId = Number(/#\/users\/(\d+)$/.exec(a.page.url())![1]);
    await a.s.user.shows(userId);

    const onB = b.s.users.table.getByRole('row').filter({ has: b.page.getByRole('link', { name: fullName }) });
    await expect(onB).toBeVisible({ timeout: LIVE_MS });
    await expect(onB).toContainText(user.email);
    await expect(onB.getByRole('cell').first()).toHaveText(String(userId));

    // ── A verifies the user's KYC and the user's EUR arrives ─────────────
    await a.s.user.shareToken.fill(`share-${tag}`);
    await a.s.user.importKyc.click();
    await expect(a.s.user.kycStatus).toHaveText('KYC verified', { timeout: 20_000 });
    await team.control(`users/${userId}/deposits`, { amount: '500.00' });

    // ── B watches its order list; A places a buy for the new user ────────
    await b.s.shell.go('Trade');
    await a.s.user.tradeButton.click();
    await expect(a.s.trade.user).toHaveValue(String(userId));
    const rowOnA = await a.s.trade.place('buy', 'btceur', '50');
    await expect(rowOnA).toContainText(`${fullName} (#${userId})`);

    const rowOnB = b.s.trade.orders.getByRole('row').filter({ hasText: `${fullName} (#${userId})` });
    await expect(rowOnB).toHaveCount(1, { timeout: LIVE_MS });
    await expect(rowOnB).toContainText('Buy BTC/EUR');
    await expect(rowOnB).toContainText(fmt.eur(50));
    // A follows the order to its end; B shows every step A's desk writes, up to the same end.
    await expect(rowOnA).toContainText('Settled', { timeout: 20_000 });
    await expect(rowOnB).toContainText('Settled', { timeout: LIVE_MS });
    const transactionOnA = (await rowOnA.getByRole('cell').last().innerText()).trim();
    expect(transactionOnA).toMatch(/^\d+$/);
    await expect(rowOnB.getByRole('cell').last()).toHaveText(transactionOnA);

    // B saw all of it on the page it had open.
    expect(await stillMarked(b.page)).toBe(true);
    for (const desk of [a, b]) {
      await expect(desk.s.shell.statusBar.getByTestId('workspace-state')).toHaveText(`Team workspace · ${desk.operator}`);
      await desk.page.screenshot({ path: test.info().outputPath(`team-desk-${desk.operator}.png`), fullPage: true });
    }
  } finally {
    await team.close();
  }
});
