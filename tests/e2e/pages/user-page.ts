// One user (#/users/{id}): KYC, bank accounts, deposit instructions, balances and transactions.
import { expect, type Locator, type Page } from '@playwright/test';

export class UserPage {
  readonly heading: Locator;
  readonly tradeButton: Locator;
  readonly profile: Locator;
  readonly editUser: Locator;
  readonly saveUser: Locator;
  readonly kyc: Locator;
  readonly kycStatus: Locator;
  readonly shareToken: Locator;
  readonly importKyc: Locator;
  readonly banks: Locator;
  readonly iban: Locator;
  readonly addBank: Locator;
  readonly bankTable: Locator;
  readonly deposit: Locator;
  readonly balances: Locator;
  readonly transactions: Locator;
  readonly transactionsSection: Locator;
  readonly syncTransactions: Locator;
  readonly transactionPages: Locator;
  /** The note under the heading of a disabled or deleted user. */
  readonly inactiveNote: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.tradeButton = page.getByRole('button', { name: 'Trade for this user' });
    this.profile = page.getByRole('region', { name: 'Profile' });
    this.editUser = this.profile.getByRole('button', { name: 'Edit user' });
    this.saveUser = this.profile.getByRole('button', { name: 'Save user' });
    this.kyc = page.getByRole('region', { name: 'KYC' });
    this.kycStatus = this.kyc.getByTestId('kyc-status');
    this.shareToken = this.kyc.getByRole('textbox', { name: 'Share token' });
    this.importKyc = this.kyc.getByRole('button', { name: 'Import KYC' });
    this.banks = page.getByRole('region', { name: 'Bank accounts' });
    this.iban = this.banks.getByRole('textbox', { name: 'IBAN' });
    this.addBank = this.banks.getByRole('button', { name: 'Add bank account' });
    this.bankTable = this.banks.getByRole('table', { name: 'Bank accounts' });
    this.deposit = page.getByRole('region', { name: 'Deposit instructions' });
    this.balances = page.getByRole('table', { name: 'User balances' });
    this.transactions = page.getByRole('table', { name: 'User transactions' });
    this.transactionsSection = page.getByRole('region', { name: 'Transactions of this user' });
    this.syncTransactions = this.transactionsSection.getByRole('button', { name: 'Sync transactions' });
    this.transactionPages = this.transactionsSection.getByRole('navigation', { name: 'Pages of this user’s transactions' });
    this.inactiveNote = page.getByTestId('inactive-note');
  }

  /** A button of the user's transaction pager. */
  pageButton(name: 'First page' | 'Previous page' | 'Next page' | 'Last page'): Locator {
    return this.transactionPages.getByRole('button', { name, exact: true });
  }

  /** The ids of the transactions on the page shown, in order. */
  async transactionIds(): Promise<number[]> {
    const ids = await this.transactions
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-transaction-id'))));
    return ids;
  }

  /** A text field of the edit-user form in the Profile section. */
  profileField(label: 'Email' | 'Name' | 'Surname' | 'Phone'): Locator {
    return this.profile.getByRole('textbox', { name: label, exact: true });
  }

  async shows(userId: number): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`#/users/${userId}$`));
    await expect(this.heading).toContainText(`#${userId}`);
  }

  bankRowButton(action: 'View' | 'Delete', formattedIban: string): Locator {
    return this.banks.getByRole('button', { name: `${action} bank account ${formattedIban}`, exact: true });
  }

  /** The row of the user's transactions table for one transaction id. */
  transactionRow(id: number): Locator {
    return this.transactions.locator(`tr[data-transaction-id="${id}"]`);
  }

  /** Cell texts of a transaction row keyed by column header. */
  async transactionCells(id: number): Promise<Record<string, string>> {
    // textContent, not innerText: headers are uppercased by CSS.
    const headers = await this.transactions.locator('thead th').allTextContents();
    const cells = await this.transactionRow(id).locator('td').allTextContents();
    return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
  }
}
