// The local store's figures: a 7-day chart series against reading every row,
// filtering 100k cached transactions against a JavaScript scan, and what the
// journal's fsync costs per order against an ordinary (NORMAL) write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { openStore, type RateSample } from '../main/store/sqlite';
import { apiDateMs } from '../main/store/stored-transaction';
import { syntheticTransactions } from '../tests/integration/store/transaction-fixtures';
import type { Bench, BenchResult } from './types';

const WEEK = 7 * 24 * 3600 * 1000;
const STEP = 5000;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Median wall time of `runs` calls after one warm-up call. */
function time(runs: number, fn: (i: number) => unknown): number {
  fn(-1);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    samples.push(performance.now() - t);
  }
  return median(samples);
}

function compare(name: string, value: number, baselineName: string, baseline: number, note?: string): BenchResult {
  return {
    name,
    value,
    unit: 'ms',
    baseline: { name: baselineName, value: baseline, unit: 'ms' },
    ratio: value / baseline,
    ...(note ? { note } : {}),
  };
}

export const bench: Bench = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdesk-store-bench-'));
  const path = join(dir, 'desk.db');
  const store = openStore(path);
  const raw = new Database(path);
  const results: BenchResult[] = [];
  try {
    // ── rate history: 7 days at 5 s = 120,960 points ────────────────────────
    const t0 = Date.UTC(2025, 0, 1);
    const samples: RateSample[] = [];
    for (let i = 0; i < WEEK / STEP; i++) {
      const price = (30000 + Math.sin(i / 700) * 500 + (i % 13)).toFixed(2);
      samples.push({ timestampMs: t0 + i * STEP, price, priceBuy: price, priceSell: price });
    }
    store.rates.recordMany('bench', 'btceur', samples);
    const sid = (raw.prepare("SELECT id FROM rate_series WHERE profile_id = 'bench' AND pair = 'btceur'").raw().get() as [number])[0];
    const selectAll = raw
      .prepare('SELECT ts, price, price_buy, price_sell FROM rate_points WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts')
      .raw();
    let points = 0;
    const series = time(9, () => (points = store.rates.series('bench', 'btceur', t0, t0 + WEEK).length));
    const baseline = time(9, () => selectAll.all(sid, t0, t0 + WEEK));
    results.push(
      compare(`rates.series 7 d @ 5 s (${samples.length} rows → ${points} points)`, series, 'plain SELECT of every row', baseline),
    );

    // ── transaction cache: 100,000 rows ─────────────────────────────────────
    const txs = syntheticTransactions(100_000);
    for (let i = 0; i < txs.length; i += 10_000) store.transactions.upsert('bench', txs.slice(i, i + 10_000));
    const inMemory = txs.map((t) => ({
      ...t,
      dateMs: apiDateMs(t.date),
      search: `${t.id} ${t.user_id} ${t.type} ${t.pair ?? ''} ${t.state} ${t.date}`.toLowerCase(),
    }));

    const filtered = time(21, (i) => store.transactions.query('bench', { userId: 1 + Math.abs(i), type: 'buy' }, { limit: 100 }));
    const jsScan = time(21, (i) => {
      const rows = inMemory.filter((t) => t.user_id === 1 + Math.abs(i) && t.type === 'buy');
      rows.sort((a, b) => b.dateMs - a.dateMs || b.id - a.id);
      return { rows: rows.slice(0, 100), total: rows.length };
    });
    results.push(
      compare(
        'transactions.query user+type, page of 100 + total (100k cached)',
        filtered,
        'JS filter+sort of 100k rows already in memory',
        jsScan,
      ),
    );

    const text = time(9, () => store.transactions.query('bench', { text: '2024-01-05t10:1' }, { limit: 100 }));
    const jsText = time(9, () => inMemory.filter((t) => t.search.includes('2024-01-05t10:1')).slice(0, 100));
    results.push(
      compare('transactions.query free text, page of 100 + total (100k)', text, 'JS substring scan of 100k rows in memory', jsText),
    );

    const loadAll = time(3, () => raw.prepare("SELECT * FROM transactions WHERE profile_id = 'bench'").raw().all());
    results.push({ name: 'reading all 100k cached rows into JS (the cost the JS baselines skip)', value: loadAll, unit: 'ms' });

    // ── journal durability: fsync'd insert vs an ordinary write ─────────────
    const journal = time(51, () => store.journal.begin({ profileId: 'bench', userId: 1, kind: 'buy', pair: 'btceur', amount: '250.00' }));
    const audit = time(51, () => store.audit.append({ action: 'order.buy', summary: 'bench', outcome: 'ok' }));
    results.push(compare('journal.begin (synchronous=FULL, fsync per order)', journal, 'audit.append (synchronous=NORMAL)', audit));
  } finally {
    raw.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
};
