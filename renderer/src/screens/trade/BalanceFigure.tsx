// The user's balance in the currency a ticket spends, beside its fee figures.
import type { BalanceView } from '../../../../shared/desk-api';
import { Money } from '../../components/Money';

interface Props {
  currency: string;
  balance: BalanceView | undefined;
  /** Still being read: a user is chosen and neither balances nor an error came yet. */
  loading: boolean;
  unavailable: boolean;
  testId: string;
}

export function BalanceFigure({ currency, balance, loading, unavailable, testId }: Props) {
  return (
    <>
      <dt>User&apos;s {currency.toUpperCase()} balance</dt>
      <dd data-testid={testId}>
        {balance ? <Money amount={balance.balance} currency={currency} /> : loading ? 'Loading…' : '—'}
        {unavailable ? <span className="muted"> (balances unavailable)</span> : null}
      </dd>
    </>
  );
}
