// What the ticket can tell about an order's amount before anything is sent: the
// refusals main would give (fee, balance, limit — by the rules in shared/), in the
// operator's words, and whether Confirm should ask for the amount again (the
// fat-finger guard). Main still checks everything itself when the order is placed.
import type { OrderKind } from '../../../../shared/desk-api';
import { smallestCoveringAmount, type FeeQuote } from '../../../../shared/fees';
import { dec, type AmountCheck } from '../../../../shared/money';
import { isLargeShareOfBalance, isOverLimit, shareOfBalancePercent } from '../../../../shared/order-rules';
import { formatMoney } from '../../format';

export interface AmountFacts {
  kind: OrderKind;
  /** As typed. */
  amountText: string;
  /** The typed amount checked for its currency's places (and, for a withdrawal, the minimum). */
  amount: AmountCheck;
  /** The currency the amount is in and the balance it spends from. */
  currency: string;
  /** The user's balance in `currency`; null when it is not known. */
  balance: string | null;
  /** The balances could not be read (so the share of the balance is unknown). */
  balanceUnreadable: boolean;
  /** The fee and net at the current rate; null when there is no valid amount or no rate. */
  quote: FeeQuote | null;
  /** The price the quote used (buy: price_buy, sell: price_sell); null for a withdrawal. */
  price: string | null;
  /** The per-order limit in EUR; null while the settings are not loaded. */
  limitEur: string | null;
  overrideLimit: boolean;
  retypeAtBalancePercent: number;
}

export interface AmountVerdict {
  /** Why the order cannot go as it stands, one sentence each. */
  blockers: string[];
  /** The order is worth more than the per-order limit (an override may allow it). */
  overLimit: boolean;
  /** Why Confirm asks for the amount to be typed again; empty when it does not. */
  retype: string[];
}

export const ENTER_AMOUNT = 'Enter an amount.';
export const CHOOSE_BANK_ACCOUNT = 'Choose the bank account to pay out to.';

/** A reason that only asks for input not given yet, rather than refusing what was given. */
export function isInputStillToGive(reason: string): boolean {
  return reason === ENTER_AMOUNT || reason === CHOOSE_BANK_ACCOUNT;
}

const VERB: Record<OrderKind, string> = { buy: 'buy', sell: 'sell', withdraw: 'withdrawal' };

export function checkAmountFacts(f: AmountFacts): AmountVerdict {
  const blockers: string[] = [];
  const retype: string[] = [];
  if (!f.amount.ok) {
    blockers.push(f.amountText.trim() === '' ? ENTER_AMOUNT : 'Correct the amount: the message under it says what is wrong.');
    return { blockers, overLimit: false, retype };
  }
  const amount = f.amount.value;
  const unit = f.currency.toUpperCase();
  const q = f.quote;
  // A buy's or withdrawal's EUR value is its amount; a sell's moves with the rate.
  const about = f.kind === 'sell' ? 'about ' : '';

  if (q && !q.coversFee) {
    const smallest = f.kind !== 'withdraw' && f.price !== null ? smallestCoveringAmount(f.kind, f.price) : null;
    blockers.push(
      `${formatMoney(amount, f.currency)} is too small: the fee of ${about}${formatMoney(q.fee, 'eur')} would leave the user nothing.` +
        (smallest
          ? ` The smallest ${VERB[f.kind]} ${f.kind === 'sell' ? 'at this rate ' : ''}is ${formatMoney(smallest, f.currency)}.`
          : ''),
    );
  }

  if (f.balance !== null && dec(amount).gt(dec(f.balance))) {
    blockers.push(`More than the user's ${unit} balance of ${formatMoney(f.balance, f.currency)}.`);
  }

  const overLimit = q !== null && f.limitEur !== null && isOverLimit(q.eurValue, f.limitEur);
  if (overLimit && f.limitEur !== null && q) {
    const worth = `This ${VERB[f.kind]} is worth ${about}${formatMoney(q.eurValue, 'eur')}, over the per-order limit of ${formatMoney(f.limitEur, 'eur')}`;
    if (f.overrideLimit) retype.push(`${worth} (override ticked).`);
    else blockers.push(`${worth}. Tick “Override the per-order limit” to place it anyway.`);
  }

  if (f.balance !== null) {
    if (isLargeShareOfBalance(amount, f.balance, f.retypeAtBalancePercent)) {
      const share = shareOfBalancePercent(amount, f.balance);
      retype.push(
        share === null
          ? `The user's ${unit} balance is zero.`
          : `It is ${share} % of the user's ${unit} balance (the desk asks from ${f.retypeAtBalancePercent} %).`,
      );
    }
  } else if (f.balanceUnreadable) {
    retype.push(`The user's ${unit} balance could not be read, so its share of the balance is unknown.`);
  }
  return { blockers, overLimit, retype };
}
