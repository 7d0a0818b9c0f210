// Rates: every pair's price, buy and sell and the change since the chosen range's
// start; a chart of the recorded history for one pair that grows with each tick.
import { lazy, Suspense, useId, useState } from 'react';
import type { RateView } from '../../../shared/desk-api';
import { Decimal } from '../../../shared/money';
import { call } from '../bridge';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Field';
import { Price } from '../components/Money';
import { Section } from '../components/Section';
import { Empty, Loading } from '../components/States';
import { safePairLabel } from '../components/transaction-cells';
import { changeTone, formatAge, formatInteger, formatPercent } from '../format';
import { useLoad } from '../hooks/use-load';
import { useNow } from '../hooks/use-now';
import { MIN_STALE_AFTER_MS, rateFreshness, rateStaleAfterMs, STALE_AFTER_POLLS, useRates } from '../state/rates';
import { useSettings } from '../state/settings';
import { rangeStart, rateRanges, type RateRange } from './rates/ranges';
import { useRateHistory } from './rates/use-rate-history';

const RateChart = lazy(() => import('../components/charts/RateChart').then((m) => ({ default: m.RateChart })));

export function RatesScreen() {
  const pairs = useRates((s) => s.pairs);
  const marketError = useRates((s) => s.error);
  const loaded = useRates((s) => s.loaded);
  const [range, setRange] = useState<RateRange>(rateRanges[1] ?? rateRanges[0]!);
  const [chosenPair, setChosenPair] = useState('');
  const chartPair = chosenPair && pairs.includes(chosenPair) ? chosenPair : (pairs[0] ?? '');

  // The first recorded price of each pair in the range, for "change since start".
  const starts = useLoad(pairs.length ? `${range.id}|${pairs.join(',')}` : null, async () => {
    const to = Date.now();
    const histories = await Promise.all(
      pairs.map((pair) => call((d) => d.market.history({ pair, fromMs: rangeStart(range, to), toMs: to, maxPoints: 10 }))),
    );
    const out: Record<string, string | null> = {};
    for (const h of histories) out[h.pair] = h.points.find((p) => p.price !== null)?.price ?? null;
    return out;
  });

  return (
    <div className="screen">
      <h1>Rates</h1>
      <div className="range-picker" role="group" aria-label="Range">
        {rateRanges.map((r) => (
          <button key={r.id} type="button" className="small" aria-pressed={r.id === range.id} onClick={() => setRange(r)}>
            {r.label}
          </button>
        ))}
      </div>
      <Section title="Latest rates">
        <ErrorAlert error={marketError} />
        <ErrorAlert error={starts.error} />
        {!loaded ? <Loading what="rates" /> : null}
        {loaded && pairs.length === 0 ? <Empty>No pairs are available.</Empty> : null}
        {pairs.length > 0 ? <RatesTable pairs={pairs} range={range} starts={starts.data} /> : null}
      </Section>
      <Section title="History">
        <SelectField label="Chart pair" value={chartPair} onValue={setChosenPair} fieldClassName="narrow">
          {pairs.map((p) => (
            <option key={p} value={p}>
              {safePairLabel(p)}
            </option>
          ))}
        </SelectField>
        {chartPair ? <HistoryChart pair={chartPair} range={range} /> : null}
      </Section>
    </div>
  );
}

/** The table ticks every second (rate ages) on its own, so the chart is not re-rendered with it. */
function RatesTable({ pairs, range, starts }: { pairs: string[]; range: RateRange; starts: Record<string, string | null> | undefined }) {
  const latest = useRates((s) => s.latest);
  const polling = useSettings((s) => s.settings?.pollingIntervalSeconds ?? 10);
  const now = useNow(1000);
  const noteId = useId();
  return (
    <>
      <table className="table rates-table" aria-label="Rates" aria-describedby={noteId}>
        <thead>
          <tr>
            <th scope="col">Pair</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Buy
            </th>
            <th scope="col" className="num">
              Sell
            </th>
            <th scope="col" className="num">
              Change ({range.label})
            </th>
            <th scope="col" className="num">
              Age
            </th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => (
            <RateRow key={pair} pair={pair} rate={latest[pair]} start={starts?.[pair] ?? null} now={now} polling={polling} />
          ))}
        </tbody>
      </table>
      <p className="muted table-note" id={noteId}>
        A rate not renewed for {STALE_AFTER_POLLS} polling intervals (at least {formatAge(MIN_STALE_AFTER_MS)};{' '}
        {formatAge(rateStaleAfterMs(polling))} now) is marked stale, and orders on it are blocked.
      </p>
    </>
  );
}

function RateRow({
  pair,
  rate,
  start,
  now,
  polling,
}: {
  pair: string;
  rate: RateView | undefined;
  start: string | null;
  now: number;
  polling: number;
}) {
  let change: Decimal | null = null;
  if (rate && start !== null && !new Decimal(start).isZero()) change = new Decimal(rate.price).minus(start).div(start);
  const tone = changeTone(change);
  const fresh = rateFreshness(rate, now, polling);
  return (
    <tr className={fresh?.stale ? 'rate-stale' : undefined} data-stale={fresh?.stale ? 'true' : undefined}>
      <th scope="row">{safePairLabel(pair)}</th>
      <td className="num">
        <Price price={rate?.price} pair={pair} />
      </td>
      <td className="num">
        <Price price={rate?.priceBuy} pair={pair} />
      </td>
      <td className="num">
        <Price price={rate?.priceSell} pair={pair} />
      </td>
      <td className={`num ${tone ? `tone-${tone}` : ''}`} data-tone={tone ?? undefined}>
        {formatPercent(change)}
      </td>
      <td className="num">
        {fresh ? (
          fresh.stale ? (
            <span className="stale-mark">
              <span className="badge badge-bad">stale</span> {formatAge(fresh.ageMs)}
            </span>
          ) : (
            formatAge(fresh.ageMs)
          )
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

function HistoryChart({ pair, range }: { pair: string; range: RateRange }) {
  const [reload, setReload] = useState(0);
  const history = useRateHistory(pair, range, reload);
  const count = history.points.filter((p) => p.price !== null).length;
  const first = history.points[0]?.t ?? 0;
  const last = history.points[history.points.length - 1]?.t ?? 0;
  return (
    <>
      <ErrorAlert error={history.error} />
      <p className="muted" data-testid="chart-points" data-points={count}>
        {history.loading
          ? 'Loading history…'
          : `${formatInteger(count)} ${count === 1 ? 'point' : 'points'} recorded for ${safePairLabel(pair)}`}{' '}
        <button type="button" className="small" onClick={() => setReload((n) => n + 1)}>
          Reload history
        </button>
      </p>
      {!history.loading && count === 0 && !history.error ? (
        <Empty>Nothing recorded in this range yet: the chart fills as rates arrive.</Empty>
      ) : null}
      <Suspense fallback={<Loading what="the chart" />}>
        {count > 0 ? (
          <RateChart points={history.points} pair={pair} pairName={safePairLabel(pair)} spanMs={Math.max(1, last - first)} />
        ) : null}
      </Suspense>
    </>
  );
}
