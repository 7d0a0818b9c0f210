// The recharts line chart, loaded lazily (React.lazy) so the first screen does not
// wait for the chart library. Prices become numbers only here, for geometry; the
// tooltip shows them formatted from the original decimal text.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RatePoint } from '../../../../shared/desk-api';
import { formatCount, formatDateTime, formatPrice, operatorLocale } from '../../format';

interface Props {
  points: RatePoint[];
  /** The API's pair ("xrpeur"): its prices use the pair's places, on the axis and in the tooltip. */
  pair: string;
  pairName: string;
  spanMs: number;
}

function tickFormatter(spanMs: number): (t: number) => string {
  // Coarse enough to read, fine enough that neighbouring ticks never print the same label.
  const options: Intl.DateTimeFormatOptions =
    spanMs > 2 * 24 * 3600 * 1000
      ? { month: 'short', day: 'numeric', hour: '2-digit' }
      : spanMs > 30 * 60 * 1000
        ? { hour: '2-digit', minute: '2-digit' }
        : { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  // The desk's 24-hour clock, as in every other date (../../format.ts).
  options.hourCycle = 'h23';
  const fmt = new Intl.DateTimeFormat(operatorLocale(), options);
  return (t: number) => fmt.format(t);
}

export function RateChart({ points, pair, pairName, spanMs }: Props) {
  // null stays null: with connectNulls={false} the line breaks where the desk was not recording.
  const data = useMemo(() => points.map((p) => ({ t: p.t, price: p.price === null ? null : Number(p.price), text: p.price })), [points]);
  const formatTick = useMemo(() => tickFormatter(spanMs), [spanMs]);
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${pairName} price chart, ${formatCount(points.filter((p) => p.price !== null).length, 'point')}`}
    >
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatTick} stroke="var(--muted)" />
          <YAxis domain={['auto', 'auto']} width={90} stroke="var(--muted)" tickFormatter={(v: number) => formatPrice(String(v), pair)} />
          <Tooltip
            labelFormatter={(t) => formatDateTime(Number(t))}
            formatter={(_v, _n, item) => [formatPrice((item.payload as { text: string | null }).text, pair), 'Price']}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          <Line
            type="linear"
            dataKey="price"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
