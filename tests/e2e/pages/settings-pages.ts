// Settings and Environments.
import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  readonly polling: Locator;
  /** Settings → Policy: the approval rules (Team) or the withdrawal hold (Solo). */
  readonly policy: Locator;
  readonly savePolicy: Locator;
  readonly rules: Locator;
  readonly addRule: Locator;
  /** Team admins: how far the rate may move between a proposal and its approval. */
  readonly rateMove: Locator;
  readonly saveRateMove: Locator;
  readonly limit: Locator;
  /** The fat-finger guard's share of the balance, in percent. */
  readonly retype: Locator;
  /** The cool-off on withdrawals to bank accounts new to the desk, in hours (Solo; in the Policy section). */
  readonly holdHours: Locator;
  readonly theme: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.polling = page.getByRole('textbox', { name: 'Polling interval (seconds)' });
    this.policy = page.getByRole('region', { name: 'Policy' });
    this.savePolicy = this.policy.getByRole('button', { name: 'Save policy' });
    this.rules = this.policy.getByRole('table', { name: 'Approval rules' });
    this.addRule = this.policy.getByRole('button', { name: 'Add rule…' });
    this.rateMove = this.policy.getByRole('textbox', { name: 'Rate may move before approving again (%)' });
    this.saveRateMove = this.policy.getByRole('button', { name: 'Save rate move' });
    this.limit = page.getByRole('textbox', { name: 'Per-order limit (EUR)' });
    this.retype = page.getByRole('textbox', { name: 'Retype the amount from (% of the balance)' });
    this.holdHours = this.policy.getByRole('textbox', { name: 'Hold withdrawals to new bank accounts (hours)' });
    this.theme = page.getByRole('combobox', { name: 'Theme' });
    this.save = page.getByRole('button', { name: 'Save settings' });
  }

  async setPolling(seconds: number): Promise<void> {
    await this.polling.fill(String(seconds));
    await this.save.click();
    await expect(this.page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  }

  /** Adds an approval rule through the dialog (a desk admin's desk); waits for the table to list it. */
  /** `fromEur`: orders only (an account change's rule has no amount). */
  async addApprovalRule(rule: { action: string; fromEur?: string; approvalsNeeded: number }): Promise<void> {
    await this.addRule.click();
    const dialog = this.page.getByRole('dialog', { name: 'Add approval rule' });
    await dialog.getByRole('combobox', { name: 'Action' }).selectOption({ label: rule.action });
    if (rule.fromEur !== undefined) await dialog.getByRole('textbox', { name: 'From (EUR)' }).fill(rule.fromEur);
    await dialog.getByRole('combobox', { name: 'Approvals needed' }).selectOption(String(rule.approvalsNeeded));
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      this.rules.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: rule.action, exact: true }) }),
    ).toHaveCount(1);
  }
}

export class EnvironmentsPage {
  readonly signIn: Locator;
  readonly signOut: Locator;

  constructor(readonly page: Page) {
    this.signIn = page.getByRole('button', { name: 'Sign in', exact: true });
    this.signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  }

  use(profileName: string): Locator {
    return this.page.getByRole('button', { name: `Use ${profileName}`, exact: true });
  }

  credentials(profileName: string): Locator {
    return this.page.getByRole('button', { name: `Credentials for ${profileName}`, exact: true });
  }
}
