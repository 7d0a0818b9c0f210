// Throwaway (not committed): the Approvals and Policy screens with a faked team answer, for screenshots.
import AxeBuilder from '@axe-core/playwright';
import type { Page, Route } from '@playwright/test';
import { screens } from './pages';
import { expect, test } from './support/fixtures';

const now = Date.now();
const user = { id: 1, email: 'ana@example.com', name: 'Ana', surname: 'Novak', phone: '+386', status: 'active', kycStatus: 'verified', fetchedAtMs: now };
const base = {
  kind: 'buy', userId: 1, pair: 'btceur', amount: '12000.00', bankAccountId: null, valueEur: '12000.00', state: 'pending', proposedBy: 'olga', proposedAtMs: now - 3600_000,
  expiresAtMs: now + 23 * 3600_000, rule: { id: 1, action: 'buy', thresholdEur: '10000.00', newAccountHours: null, approvalsNeeded: 2 }, approvals: 1,
  decisions: [{ approver: 'marko', decision: 'approve', reason: null, rate: '59123.45', atMs: now - 1800_000 }],
  rateAtProposal: '59000.00', rateNow: '60250.10', rateChangePercent: '2.12', user, balance: '40000.00', balanceCurrency: 'eur', mayDecide: true, whyNot: null,
};
const proposals = [
  { ...base, orderId: '11111111-1111-4111-8111-111111111111' },
  { ...base, orderId: '22222222-2222-4222-8222-222222222222', kind: 'withdraw', pair: null, amount: '500.00', valueEur: '500.00', bankAccountId: 2, proposedBy: 'petra', rule: { id: 2, action: 'withdraw', thresholdEur: null, newAccountHours: 48, approvalsNeeded: 1 }, approvals: 0, decisions: [], rateAtProposal: null, rateNow: null, rateChangePercent: null, mayDecide: false, whyNot: 'You proposed this order: another operator must approve it.' },
  { ...base, orderId: '33333333-3333-4333-8333-333333333333', state: 'rejected', kind: 'sell', amount: '0.50000000', decisions: [{ approver: 'marko', decision: 'reject', reason: 'The user asked to wait.', rate: null, atMs: now - 600_000 }], approvals: 0 },
];
const policy = {
  workspace: 'team', editable: true, withdrawHoldHours: null, rateMovePercent: '2', note: null,
  rules: [
    { id: 1, action: 'buy', thresholdEur: '10000.00', newAccountHours: null, approvalsNeeded: 2, expiryHours: 24, enabled: true, position: 0, updatedBy: 'petra', updatedAtMs: now },
    { id: 2, action: 'withdraw', thresholdEur: null, newAccountHours: 48, approvalsNeeded: 1, expiryHours: 24, enabled: true, position: 1, updatedBy: 'petra', updatedAtMs: now },
    { id: 3, action: 'change_user_status', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, expiryHours: 12, enabled: false, position: 2, updatedBy: 'petra', updatedAtMs: now },
  ],
};
let decideCalls = 0;
async function fake(page: Page): Promise<void> {
  const ok = (route: Route, value: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  await page.route('**/bridge/desk%3Apolicy.get', (r) => ok(r, policy));
  await page.route('**/bridge/desk%3Aapprovals.list', (r) => ok(r, proposals));
  await page.route('**/bridge/desk%3Aapprovals.decide', (r) => {
    decideCalls++;
    if (decideCalls === 1) return r.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { kind: 'conflict', message: 'The rate moved 2.12% since the proposal (the policy allows 2%): confirm at the new rate.' } }) });
    return ok(r, { ...proposals[0], state: 'approved', approvals: 2 });
  });
}

test('preview', async ({ desk }) => {
  const { page } = desk;
  await fake(page);
  await page.reload();
  const s = screens(page);
  await s.shell.ready();
  for (const [w, h] of [[1440, 900], [760, 900]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await s.shell.go('Approvals');
      await expect(page.getByRole('region').first()).toBeVisible();
      await page.screenshot({ path: `/tmp/preview/approvals-${w}-${scheme}.png`, fullPage: true });
      const a = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect.soft(a.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `approvals ${w} ${scheme}`).toEqual([]);
      await s.shell.go('Settings');
      await expect(s.settings.rules).toBeVisible();
      await s.settings.policy.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/preview/policy-${w}-${scheme}.png`, fullPage: true });
      const b = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect.soft(b.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `policy ${w} ${scheme}`).toEqual([]);
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await s.settings.addRule.click();
  await page.getByRole('combobox', { name: 'Action' }).selectOption('withdraw');
  await page.screenshot({ path: `/tmp/preview/rule-dialog.png` });
  await page.keyboard.press('Escape');
  await s.shell.go('Approvals');
  await page.getByRole('button', { name: /^Reject buy/ }).click();
  await page.getByRole('button', { name: 'Reject order' }).click();
  await page.screenshot({ path: `/tmp/preview/reject-dialog.png` });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Approve buy/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.screenshot({ path: `/tmp/preview/rate-dialog.png` });
  const c = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect.soft(c.violations.map((v) => v.id), 'rate dialog').toEqual([]);
  await page.getByRole('button', { name: 'Approve at the new rate' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: `/tmp/preview/after-approve.png`, fullPage: true });
  await expect(page.getByRole('status').filter({ hasText: /^Approved: Buy BTC/ })).toBeVisible();
});
