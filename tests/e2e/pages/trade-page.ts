// Trade: the user picker, the buy/sell ticket, the withdraw ticket and the order progress list.
import { expect, type Locator, type Page } from '@playwright/test';

export class TradePage {
  readonly user: Locator;
  readonly ticket: Locator;
  readonly buy: Locator;
  readonly sell: Locator;
  readonly pair: Locator;
  readonly amount: Locator;
  readonly liveRate: Locator;
  readonly estimate: Locator;
  readonly balance: Locator;
  readonly blockers: Locator;
  readonly placeOrder: Locator;
  readonly withdrawTicket: Locator;
  readonly bankAccount: Locator;
  readonly withdrawAmount: Locator;
  readonly withdraw: Locator;
  readonly orders: Locator;
  /** Shown when the chosen user's KYC is not verified: KYC is done on their page. */
  readonly kycLink: Locator;

  constructor(readonly page: Page) {
    this.user = page.getByRole('combobox', { name: 'User', exact: true });
    this.ticket = page.getByRole('form', { name: 'Order ticket' });
    this.buy = this.ticket.getByRole('radio', { name: 'Buy' });
    this.sell = this.ticket.getByRole('radio', { name: 'Sell' });
    this.pair = this.ticket.getByRole('combobox', { name: 'Pair', exact: true });
    this.amount = this.ticket.getByRole('textbox', { name: 'Amount', exact: true });
    this.liveRate = this.ticket.getByTestId('live-rate');
    this.estimate = this.ticket.getByTestId('estimate');
    this.balance = this.ticket.getByTestId('ticket-balance');
    this.blockers = this.ticket.getByRole('list', { name: 'Why the order cannot be placed' });
    this.placeOrder = this.ticket.getByRole('button', { name: 'Place order' });
    this.withdrawTicket = page.getByRole('form', { name: 'Withdraw ticket' });
    this.bankAccount = this.withdrawTicket.getByRole('combobox', { name: 'Bank account' });
    this.withdrawAmount = this.withdrawTicket.getByRole('textbox', { name: 'Withdrawal amount' });
    this.withdraw = this.withdrawTicket.getByRole('button', { name: 'Withdraw', exact: true });
    this.orders = page.getByRole('table', { name: 'Orders' });
    this.kycLink = page.getByRole('link', { name: 'KYC on the user’s page' });
  }

  confirmDialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Fills and places a buy or sell through the confirmation; returns the new order's row. */
  async place(side: 'buy' | 'sell', pair: string, amount: string): Promise<Locator> {
    const rowsBefore = await this.orders.locator('tbody tr').count().catch(() => 0);
    await (side === 'buy' ? this.buy : this.sell).check();
    await this.pair.selectOption(pair);
    await this.amount.fill(amount);
    await expect(this.estimate).toContainText('about');
    await expect(this.placeOrder).toBeEnabled();
    await this.placeOrder.click();
    const dialog = this.confirmDialog();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Confirm order' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.orders.locator('tbody tr')).toHaveCount(rowsBefore + 1);
    // Newest first.
    return this.orders.locator('tbody tr').first();
  }

  /** The transaction id an accepted order row names ("Accepted — transaction #N" or the Transaction column). */
  async transactionIdOf(row: Locator): Promise<number> {
    await expect(row).toHaveAttribute('data-state', /^(accepted|pending|success)$/);
    const text = (await row.locator('td').last().innerText()).trim();
    const id = Number(text);
    if (!Number.isInteger(id) || id <= 0) throw new Error(`order row has no transaction id: ${text}`);
    return id;
  }
}
