import { call } from '../../bridge';
import { BalanceTable } from '../../components/BalanceTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { Loading } from '../../components/States';
import { useLoad } from '../../hooks/use-load';
import { useUserOrderVersion } from '../../state/user-activity';

/** The user's balance per currency and its EUR value; reloads when an order of theirs moves. */
export function BalancesSection({ userId }: { userId: number }) {
  const orderVersion = useUserOrderVersion(userId);
  const balances = useLoad(`${userId}|${orderVersion}`, () => call((d) => d.balances.user({ userId })));
  return (
    <Section
      title="Balances"
      actions={
        <button type="button" className="small" onClick={balances.reload}>
          Refresh balances
        </button>
      }
    >
      <ErrorAlert error={balances.error} />
      {balances.loading && !balances.data ? <Loading what="balances" /> : null}
      {balances.data ? <BalanceTable balances={balances.data} label="User balances" /> : null}
    </Section>
  );
}
