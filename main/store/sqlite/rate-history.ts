// Every polled rate per (profile, pair), and chart series over any time range
// cut down to at most ~1,000 points. Downsampling happens inside SQLite, one
// index range probe per bucket, so a 7-day range at 5-second polling (~120k
// rows) never crosses into JavaScript row by row.
import { decimalText } from '../../../shared/money';
import { inTransaction, type Db } from './connection';
import { breakPoint, gapThreshold, toPoint, withBreaks, type RatePoint, type RawPoint } from './downsample';
import { asRow, asRows, int, text } from './rows';

export type { RatePoint } from './downsample';

/** One polled rate. Prices are decimal text (numbers from the API are converted exactly). */
export interface RateSample {
  timestampMs: number;
  price: string | number;
  priceBuy: string | number;
  priceSell: string | number;
}

export interface StoredRate {
  pair: string;
  timestampMs: number;
  price: string;
  priceBuy: string;
  priceSell: string;
}

export interface RateSeriesOptions {
  /** Upper bound on returned points, break points included. Default 1000, at least 4. */
  maxPoints?: number;
  /** A pause longer than this is drawn as a gap. Default: 3 × the median polling interval. */
  gapMs?: number;
}

export interface RateHistory {
  /** Stores one sample; a second sample with the same timestamp is ignored. Returns whether it was new. */
  record(profileId: string, pair: string, sample: RateSample): boolean;
  /** Stores many samples in one transaction; returns how many were new. */
  recordMany(profileId: string, pair: string, samples: readonly RateSample[]): number;
  /**
   * Points with fromMs ≤ t ≤ toMs, in time order, at most `maxPoints`. When the
   * range holds more, each time bucket contributes its lowest and highest `price`
   * point (so spikes survive); pauses in polling longer than `gapMs` become break
   * points (all prices null). At bucket resolution a gap is found exactly when it
   * is longer than one bucket (1/500 of the range at the default size) — shorter
   * ones would be narrower than a pixel.
   */
  series(profileId: string, pair: string, fromMs: number, toMs: number, options?: RateSeriesOptions): RatePoint[];
  /** The newest stored rate of every pair of the profile. */
  latest(profileId: string): StoredRate[];
  count(profileId: string, pair: string, fromMs?: number, toMs?: number): number;
  /** Deletes points older than `beforeMs` (all profiles, or one); returns how many. */
  prune(beforeMs: number, profileId?: string): number;
}

const DEFAULT_MAX_POINTS = 1000;
/** Timestamps sampled (newest of the range) to estimate the polling interval. */
const INTERVAL_SAMPLE = 1001;

interface Bucket {
  minTs: number | null;
  maxTs: number | null;
  firstTs: number | null;
  lastTs: number | null;
}

function checkSample(s: RateSample): [number, string, string, string] {
  if (!Number.isSafeInteger(s.timestampMs) || s.timestampMs < 0) {
    throw new RangeError(`Not a timestamp in ms: ${s.timestampMs}`);
  }
  return [s.timestampMs, decimalText(s.price), decimalText(s.priceBuy), decimalText(s.priceSell)];
}

export function createRateHistory(db: Db): RateHistory {
  const seriesIds = new Map<string, number>();
  const findSeries = db.prepare('SELECT id FROM rate_series WHERE profile_id = ? AND pair = ?');
  const addSeries = db.prepare('INSERT INTO rate_series (profile_id, pair) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const insertPoint = db.prepare(
    'INSERT INTO rate_points (series_id, ts, price, price_buy, price_sell) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const countRange = db.prepare(
    'SELECT count(*) AS n, min(ts) AS lo, max(ts) AS hi FROM rate_points WHERE series_id = ? AND ts >= ? AND ts <= ?',
  );
  const rangeRows = db
    .prepare('SELECT ts, price, price_buy, price_sell FROM rate_points WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts')
    .raw();
  const newestTs = db.prepare('SELECT ts FROM rate_points WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC LIMIT ?').raw();
  const pointsAt = db
    .prepare(
      `SELECT ts, price, price_buy, price_sell FROM rate_points
       WHERE series_id = ? AND ts IN (SELECT value FROM json_each(?)) ORDER BY ts`,
    )
    .raw();
  // One row per bucket: the timestamps of its lowest and highest price and of its
  // first and last point. Each scalar subquery is a range probe on the primary
  // key; "SELECT ts, MIN(x)" takes ts from the row holding the minimum.
  const bucketStmt = db
    .prepare(
      `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < @buckets),
       b AS (SELECT i, @from + i * @width AS lo, min(@from + (i + 1) * @width, @to + 1) AS hi FROM k)
       SELECT
         (SELECT ts FROM (SELECT ts, MIN(CAST(price AS REAL)) FROM rate_points
            WHERE series_id = @sid AND ts >= lo AND ts < hi)) AS min_ts,
         (SELECT ts FROM (SELECT ts, MAX(CAST(price AS REAL)) FROM rate_points
            WHERE series_id = @sid AND ts >= lo AND ts < hi)) AS max_ts,
         (SELECT MIN(ts) FROM rate_points WHERE series_id = @sid AND ts >= lo AND ts < hi) AS first_ts,
         (SELECT MAX(ts) FROM rate_points WHERE series_id = @sid AND ts >= lo AND ts < hi) AS last_ts
       FROM b ORDER BY i`,
    )
    .raw();

  function seriesId(profileId: string, pair: string, create: boolean): number | undefined {
    const key = `${profileId}\u0000${pair}`;
    const cached = seriesIds.get(key);
    if (cached !== undefined) return cached;
    if (create) addSeries.run(profileId, pair);
    const row = asRow(findSeries.get(profileId, pair));
    if (!row) return undefined;
    const id = int(row, 'id');
    seriesIds.set(key, id);
    return id;
  }

  function bucketed(sid: number, fromMs: number, toMs: number, buckets: number, gapMs: number): RatePoint[] {
    const width = Math.ceil((toMs - fromMs + 1) / buckets);
    // BigInt binds as INTEGER, so `i * @width` stays integer arithmetic in SQLite.
    const rows = bucketStmt.all({
      buckets: BigInt(buckets),
      from: BigInt(fromMs),
      to: BigInt(toMs),
      width: BigInt(width),
      sid,
    }) as Array<[number | null, number | null, number | null, number | null]>;
    const filled: Bucket[] = rows
      .map(([minTs, maxTs, firstTs, lastTs]) => ({ minTs, maxTs, firstTs, lastTs }))
      .filter((b) => b.firstTs !== null);
    const wanted = new Set<number>();
    for (const b of filled) {
      wanted.add(b.minTs!);
      wanted.add(b.maxTs!);
    }
    const byTs = new Map<number, RawPoint>();
    for (const r of pointsAt.all(sid, JSON.stringify([...wanted])) as RawPoint[]) byTs.set(r[0], r);

    const out: RatePoint[] = [];
    let prev: Bucket | undefined;
    for (const b of filled) {
      if (prev && b.firstTs! - prev.lastTs! > gapMs) out.push(breakPoint(prev.lastTs!, b.firstTs!));
      const ts = b.minTs! === b.maxTs! ? [b.minTs!] : [b.minTs!, b.maxTs!].sort((x, y) => x - y);
      for (const t of ts) {
        const raw = byTs.get(t);
        if (raw) out.push(toPoint(raw));
      }
      prev = b;
    }
    return out;
  }

  return {
    record(profileId, pair, sample) {
      const [ts, price, buy, sell] = checkSample(sample);
      const sid = seriesId(profileId, pair, true)!;
      return insertPoint.run(sid, ts, price, buy, sell).changes > 0;
    },

    recordMany(profileId, pair, samples) {
      const checked = samples.map(checkSample);
      return inTransaction(db, () => {
        const sid = seriesId(profileId, pair, true)!;
        let added = 0;
        for (const [ts, price, buy, sell] of checked) added += insertPoint.run(sid, ts, price, buy, sell).changes;
        return added;
      });
    },

    series(profileId, pair, fromMs, toMs, options) {
      const maxPoints = options?.maxPoints ?? DEFAULT_MAX_POINTS;
      if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new RangeError(`maxPoints must be an integer ≥ 4`);
      if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError('The range must be finite ms');
      fromMs = Math.floor(fromMs);
      toMs = Math.floor(toMs);
      if (toMs < fromMs) return [];
      const sid = seriesId(profileId, pair, false);
      if (sid === undefined) return [];

      const extent = asRow(countRange.get(sid, fromMs, toMs)) ?? {};
      const n = int(extent, 'n');
      if (n === 0) return [];
      // Buckets span the data actually present, not the (maybe much wider) request.
      fromMs = int(extent, 'lo');
      toMs = int(extent, 'hi');
      const sample = (newestTs.all(sid, fromMs, toMs, INTERVAL_SAMPLE) as Array<[number]>).map((r) => r[0]).reverse();
      const gapMs = gapThreshold(sample, options?.gapMs);

      if (n <= maxPoints) {
        const all = withBreaks(rangeRows.all(sid, fromMs, toMs) as RawPoint[], gapMs);
        if (all.length <= maxPoints) return all;
      }
      // Each bucket gives ≤ 2 points and ≤ 1 break before it. Half as many
      // buckets as points fits unless polling is very gappy; a third always fits.
      const first = bucketed(sid, fromMs, toMs, Math.floor(maxPoints / 2), gapMs);
      return first.length <= maxPoints ? first : bucketed(sid, fromMs, toMs, Math.floor((maxPoints + 1) / 3), gapMs);
    },

    latest(profileId) {
      const rows = db
        .prepare(
          `SELECT s.pair, p.ts, p.price, p.price_buy, p.price_sell
           FROM rate_series s
           JOIN rate_points p ON p.series_id = s.id
            AND p.ts = (SELECT max(ts) FROM rate_points WHERE series_id = s.id)
           WHERE s.profile_id = ? ORDER BY s.pair`,
        )
        .all(profileId);
      return asRows(rows).map((r) => ({
        pair: text(r, 'pair'),
        timestampMs: int(r, 'ts'),
        price: text(r, 'price'),
        priceBuy: text(r, 'price_buy'),
        priceSell: text(r, 'price_sell'),
      }));
    },

    count(profileId, pair, fromMs = 0, toMs = Number.MAX_SAFE_INTEGER) {
      const sid = seriesId(profileId, pair, false);
      return sid === undefined ? 0 : int(asRow(countRange.get(sid, fromMs, toMs)) ?? {}, 'n');
    },

    prune(beforeMs, profileId) {
      const sql =
        profileId === undefined
          ? 'DELETE FROM rate_points WHERE ts < ?'
          : 'DELETE FROM rate_points WHERE ts < ? AND series_id IN (SELECT id FROM rate_series WHERE profile_id = ?)';
      const params = profileId === undefined ? [beforeMs] : [beforeMs, profileId];
      return inTransaction(db, () => db.prepare(sql).run(...params).changes);
    },
  };
}
