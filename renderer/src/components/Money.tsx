// Figures as the desk shows them (rules in ../format.ts): tabular, never wrapped, and
// the same text wherever the value appears. Tables right-align them with `num`.
import { apiDateMs, formatDateTime, formatMoney, formatPrice } from '../format';
import '../styles/tables.css';

/** An amount in its currency: EUR with 2 places, crypto with 8. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  return <span className="money">{formatMoney(amount, currency)}</span>;
}

/** A EUR price per unit of `pair`'s crypto, at the pair's places. */
export function Price({ price, pair }: { price: string | null | undefined; pair?: string | null }) {
  return <span className="money">{formatPrice(price, pair)}</span>;
}

/** A moment in the desk's one date style (local, zone named), machine-readable in `dateTime`. */
export function DateTime({ ms }: { ms: number | null | undefined }) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return <span>—</span>;
  return (
    <time className="date" dateTime={new Date(ms).toISOString()}>
      {formatDateTime(ms)}
    </time>
  );
}

/** The API's zone-less UTC date text, shown in the same style. */
export function ApiDate({ date }: { date: string }) {
  const ms = apiDateMs(date);
  return ms === null ? <span>{date}</span> : <DateTime ms={ms} />;
}
