import { formatMoney, formatPrice } from '../format';

/** An amount in its currency, formatted for the operator's locale. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  return <span className="money">{formatMoney(amount, currency)}</span>;
}

export function Price({ price }: { price: string | null | undefined }) {
  return <span className="money">{formatPrice(price)}</span>;
}
