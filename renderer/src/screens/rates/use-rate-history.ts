// Recorded history for one pair and range, then extended live from rate ticks
// (the store's latest rate) so the chart grows without refetching.
import { useEffect, useState } from 'react';
import type { RatePoint } from '../../../../shared/desk-api';
import { call } from '../../bridge';
import { useRates } from '../../state/rates';
import { rangeStart, type RateRange } from './ranges';

const MAX_POINTS = 1000;

export interface RateHistoryState {
  points: RatePoint[];
  loading: boolean;
  error: unknown;
}

export function useRateHistory(pair: string, range: RateRange, reloadKey: number): RateHistoryState {
  const [state, setState] = useState<RateHistoryState>({ points: [], loading: true, error: null });

  useEffect(() => {
    if (!pair) return;
    let live = true;
    let points: RatePoint[] = [];
    let loaded = false;
    const buffered: RatePoint[] = [];
    setState({ points: [], loading: true, error: null });

    const append = (point: RatePoint): void => {
      const last = points[points.length - 1];
      if (last && point.t <= last.t) return;
      const from = rangeStart(range, Date.now());
      points = [...points.filter((p) => p.t >= from), point];
      setState({ points, loading: false, error: null });
    };

    // Ticks arriving while the history loads are kept and appended after it.
    const unsubscribe = useRates.subscribe((s, prev) => {
      const rate = s.latest[pair];
      if (!rate || rate === prev.latest[pair]) return;
      const point = { t: rate.timestampMs, price: rate.price };
      if (loaded) append(point);
      else buffered.push(point);
    });

    const now = Date.now();
    call((d) => d.market.history({ pair, fromMs: rangeStart(range, now), toMs: now, maxPoints: MAX_POINTS })).then(
      (history) => {
        if (!live) return;
        points = history.points;
        loaded = true;
        setState({ points, loading: false, error: null });
        for (const p of buffered) append(p);
      },
      (error: unknown) => {
        if (live) setState({ points: [], loading: false, error });
      },
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [pair, range, reloadKey]);

  return state;
}
