import { call } from '../bridge';
import { BalanceTable } from '../components/BalanceTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Section } from '../components/Section';
import { Loading } from '../components/States';
import { formatTime } from '../format';
import { useLoad } from '../hooks/use-load';

/** Treasury: the partner's master balance in every currency with its EUR value. */
export function TreasuryScreen() {
  const balances = useLoad('master', async () => ({ rows: await call((d) => d.balances.master({})), at: Date.now() }));
  return (
    <div className="screen">
      <h1>Treasury</h1>
      <Section
        title="Master balances"
        actions={
          <button type="button" className="small" onClick={balances.reload} disabled={balances.loading}>
            Refresh master balances
          </button>
        }
      >
        <ErrorAlert error={balances.error} />
        {balances.loading && !balances.data ? <Loading what="master balances" /> : null}
        {balances.data ? (
          <>
            <BalanceTable balances={balances.data.rows} label="Master balances" />
            <p className="muted">Fetched {formatTime(balances.data.at)}. EUR values use the current sell price.</p>
          </>
        ) : null}
      </Section>
    </div>
  );
}
