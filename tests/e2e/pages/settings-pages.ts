// Settings and Environments.
import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  readonly polling: Locator;
  readonly limit: Locator;
  /** The fat-finger guard's share of the balance, in percent. */
  readonly retype: Locator;
  /** The cool-off on withdrawals to bank accounts new to the desk, in hours. */
  readonly holdHours: Locator;
  readonly theme: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.polling = page.getByRole('textbox', { name: 'Polling interval (seconds)' });
    this.limit = page.getByRole('textbox', { name: 'Per-order limit (EUR)' });
    this.retype = page.getByRole('textbox', { name: 'Retype the amount from (% of the balance)' });
    this.holdHours = page.getByRole('textbox', { name: 'Hold withdrawals to new bank accounts (hours)' });
    this.theme = page.getByRole('combobox', { name: 'Theme' });
    this.save = page.getByRole('button', { name: 'Save settings' });
  }

  async setPolling(seconds: number): Promise<void> {
    await this.polling.fill(String(seconds));
    await this.save.click();
    await expect(this.page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
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
