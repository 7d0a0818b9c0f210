// How each transaction field is shown: the amount is crypto for buy/sell (the
// pair's base) and EUR for fiat movements; fee, subtotal and total are EUR. Prices
// use their pair's places and dates the desk's one date style (../format.ts).
import type { TransactionView } from '../../../shared/desk-api';
import { displayPair, splitPair } from '../../../shared/pairs';
import { formatApiDate, formatMoney, formatPrice } from '../format';

export function amountCurrency(tx: Pick<TransactionView, 'pair' | 'type'>): string {
  if (tx.pair && (tx.type === 'buy' || tx.type === 'sell')) {
    try {
      return splitPair(tx.pair).base;
    } catch {
      return 'eur';
    }
  }
  return 'eur';
}

export function safePairLabel(pair: string | null): string {
  return pair ? displayPair(pair) : '—';
}

export const typeLabels: Record<string, string> = {
  buy: 'Buy',
  sell: 'Sell',
  fiat_deposit: 'Deposit',
  fiat_withdrawal: 'Withdrawal',
};

export function transactionCells(tx: TransactionView): Record<string, string> {
  return {
    id: String(tx.id),
    userId: String(tx.userId),
    type: typeLabels[tx.type] ?? tx.type,
    amount: formatMoney(tx.amount, amountCurrency(tx)),
    pair: safePairLabel(tx.pair),
    price: formatPrice(tx.price, tx.pair),
    date: formatApiDate(tx.date),
    state: tx.state,
    fee: formatMoney(tx.fee, 'eur'),
    subtotal: formatMoney(tx.subtotal, 'eur'),
    total: formatMoney(tx.total, 'eur'),
  };
}
