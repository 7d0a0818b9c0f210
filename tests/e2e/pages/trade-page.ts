// Trade: the user picker, the buy/sell ticket, the withdraw ticket and the order progress list.
import { expect, type Locator, type Page } from '@playwright/test';

/** The confirm dialog's figures as shown at one instant (they follow the live rate). */
export interface DialogFigures {
  /** The exact price the figures were computed at (decimal text); null for a withdrawal. */
  price: string | null;
  amount: string;
  rateAge: string | null;
  fee: string;
  net: string;
  proceeds: string | null;
}

export class TradePage {
  readonly user: Locator;
  readonly ticket: Locator;
  readonly buy: Locator;
  readonly sell: Locator;
  readonly pair: Locator;
  readonly amount: Locator;
  readonly liveRate: Locator;
  /** What the user gets: crypto received (buy) or EUR credited (sell), "about …". */
  readonly estimate: Locator;
  readonly fee: Locator;
  /** A sell's EUR proceeds before the fee. */
  readonly proceeds: Locator;
  readonly balance: Locator;
  readonly blockers: Locator;
  readonly overrideLimit: Locator;
  /** Said when Confirm will ask for the amount again (the fat-finger guard). */
  readonly retypeNote: Locator;
  readonly placeOrder: Locator;
  readonly withdrawTicket: Locator;
  readonly bankAccount: Locator;
  readonly withdrawAmount: Locator;
  readonly withdrawFee: Locator;
  /** EUR paid out. */
  readonly withdrawNet: Locator;
  readonly withdrawBlockers: Locator;
  readonly withdrawOverrideLimit: Locator;
  readonly withdrawRetypeNote: Locator;
  readonly withdraw: Locator;
  readonly orders: Locator;
  /** The figures the last `place` confirmed. */
  lastConfirmed: DialogFigures | null = null;
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
    this.estimate = this.ticket.getByTestId('net');
    this.fee = this.ticket.getByTestId('fee');
    this.proceeds = this.ticket.getByTestId('proceeds');
    this.balance = this.ticket.getByTestId('ticket-balance');
    this.blockers = this.ticket.getByRole('list', { name: 'Why the order cannot be placed' });
    this.overrideLimit = this.ticket.getByRole('checkbox', { name: 'Override the per-order limit for this order' });
    this.retypeNote = this.ticket.getByTestId('retype-note');
    this.placeOrder = this.ticket.getByRole('button', { name: 'Place order' });
    this.withdrawTicket = page.getByRole('form', { name: 'Withdraw ticket' });
    this.bankAccount = this.withdrawTicket.getByRole('combobox', { name: 'Bank account' });
    this.withdrawAmount = this.withdrawTicket.getByRole('textbox', { name: 'Withdrawal amount' });
    this.withdrawFee = this.withdrawTicket.getByTestId('fee');
    this.withdrawNet = this.withdrawTicket.getByTestId('net');
    this.withdrawBlockers = this.withdrawTicket.getByRole('list', { name: 'Why the withdrawal cannot be made' });
    this.withdrawOverrideLimit = this.withdrawTicket.getByRole('checkbox', { name: 'Override the per-order limit for this withdrawal' });
    this.withdrawRetypeNote = this.withdrawTicket.getByTestId('retype-note');
    this.withdraw = this.withdrawTicket.getByRole('button', { name: 'Withdraw', exact: true });
    this.orders = page.getByRole('table', { name: 'Orders' });
    this.kycLink = page.getByRole('link', { name: 'KYC on the user’s page' });
  }

  confirmDialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** The confirm dialog's fat-finger field: the amount typed again. */
  retype(): Locator {
    return this.confirmDialog().getByRole('textbox', { name: 'Type the amount again' });
  }

  /** A figure of the confirm dialog by its test id: amount, rate, rate-age, fee, net, proceeds. */
  dialogFigure(name: 'amount' | 'rate' | 'rate-age' | 'fee' | 'net' | 'proceeds'): Locator {
    return this.confirmDialog().getByTestId(name);
  }

  /** Reads every figure of the open confirm dialog in one go, so a new rate cannot land in between. */
  async dialogFigures(): Promise<DialogFigures> {
    return this.confirmDialog().evaluate((dialog) => {
      const text = (id: string) => dialog.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null;
      return {
        price: dialog.querySelector('[data-price]')?.getAttribute('data-price') ?? null,
        amount: text('amount') ?? '',
        rateAge: text('rate-age'),
        fee: text('fee') ?? '',
        net: text('net') ?? '',
        proceeds: text('proceeds'),
      };
    });
  }

  /** Fills and places a buy or sell through the confirmation; returns the new order's row. */
  async place(side: 'buy' | 'sell', pair: string, amount: string): Promise<Locator> {
    const rowsBefore = await this.orders
      .locator('tbody tr')
      .count()
      .catch(() => 0);
    await (side === 'buy' ? this.buy : this.sell).check();
    await this.pair.selectOption(pair);
    await this.amount.fill(amount);
    await expect(this.estimate).toContainText('about');
    await expect(this.placeOrder).toBeEnabled();
    await this.placeOrder.click();
    const dialog = this.confirmDialog();
    await expect(dialog).toBeVisible();
    this.lastConfirmed = await this.dialogFigures();
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
