// Balances per currency with their EUR value and a total. Sums use decimal.js;
// a currency without a rate is left out of the total and the total says so.
import type { BalanceView } from '../../../shared/desk-api';
import { Decimal } from '../../../shared/money';
import { Money } from './Money';
import { Empty } from './States';

export function BalanceTable({ balances, label }: { balances: BalanceView[]; label: string }) {
  if (balances.length === 0) return <Empty>No balances.</Empty>;
  let total = new Decimal(0);
  let unpriced = 0;
  for (const b of balances) {
    if (b.eurValue === null) unpriced += 1;
    else total = total.plus(b.eurValue);
  }
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <th scope="col" className="num">
            Balance
          </th>
          <th scope="col" className="num">
            EUR value
          </th>
        </tr>
      </thead>
      <tbody>
        {balances.map((b) => (
          <tr key={b.currency}>
            <th scope="row">{b.currency.toUpperCase()}</th>
            <td className="num">
              <Money amount={b.balance} currency={b.currency} />
            </td>
            <td className="num">
              {b.eurValue === null ? <span className="muted">no rate</span> : <Money amount={b.eurValue} currency="eur" />}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td />
          <td className="num total" data-testid="balance-total">
            <Money amount={total.toFixed()} currency="eur" />
            {unpriced > 0 ? <span className="muted"> (without {unpriced} unpriced)</span> : null}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
