// A full transaction sync: the desk's sync — page 1, then the rest through the
// adaptive window (main/kriptomat/pagination.ts) up to a ceiling of
// SYNC_CEILING — against plain sequential paging (ceiling 1), in the same run,
// each into a fresh store, through the same signed-in client. On bare loopback
// both sides are CPU-bound (client, sandbox and SQLite share the machine), so
// the pair is measured again with 5 ms of sandbox latency per request — a short
// real network hop — and with 50 ms — a long one — where concurrency is what
// hides the round trips. At 50 ms a sequential read of 10,000 transactions takes
// over a minute, so that pair reads a smaller history (said in its name).
// Last, an incremental sync right after a full one, with nothing changed: it
// should cost a single list request.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../main/log';
import { defaultTuning } from '../main/services/common/context';
import { openDeskStore } from '../main/store/sqlite/adapter';
import { syncTransactions, type TransactionSource } from '../main/services/transactions/transactions';
import { bindSession, createSession } from '../main/session';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import type { Bench, BenchResult } from './types';

const TRANSACTIONS = 10_000;
const TRANSACTIONS_AT_50_MS = 2_000;
/** The sync's ceiling: the desk's own (`tuning.syncConcurrency`). */
const SYNC_CEILING = defaultTuning.syncConcurrency;
const SPEED_UP_GOAL = 4;

interface SyncRun {
  ms: number;
  /** Until the last page was taken; the rest is writing the rows to the store, the same work on both sides. */
  readMs: number;
  pages: number;
  rows: number;
  listRequests: number;
  reads: number;
}

interface Rig {
  sandbox: RunningSandbox;
  /** One sync into the store at `file` (fresh unless it exists); counts list and by-id requests. */
  sync(file: string, full: boolean, ceiling: number): Promise<SyncRun>;
  latency(ms: number): Promise<void>;
  close(): Promise<void>;
}

async function rig(transactions: number, dir: string): Promise<Rig> {
  const sandbox = await startSandbox({ port: 0, seed: 5, extraTransactions: transactions });
  const p = sandbox.partner;
  const session = createSession({
    settings: { baseUrl: sandbox.url, email: p.email, client_id: p.client_id },
    secrets: async () => ({ password: p.password, client_secret: p.client_secret, totp_secret: p.totp_secret }),
    logger: silentLogger,
  });
  await session.signIn();
  const api = bindSession(session);
  return {
    sandbox,
    async sync(file, full, ceiling) {
      const store = openDeskStore(join(dir, file));
      let listRequests = 0;
      let reads = 0;
      const source: TransactionSource = {
        page: (page) => {
          listRequests++;
          return api.allTransactions(page);
        },
        one: (userId, id) => {
          reads++;
          return api.showTransaction(userId, id);
        },
      };
      try {
        const started = performance.now();
        let lastPageAt = started;
        const result = await syncTransactions({ store }, 'bench', source, {
          full,
          concurrency: ceiling,
          onProgress: () => {
            lastPageAt = performance.now();
          },
        });
        const ms = performance.now() - started;
        return { ms, readMs: lastPageAt - started, pages: result.fetchedPages, rows: result.totalCached, listRequests, reads };
      } finally {
        await store.close();
      }
    },
    async latency(ms) {
      const res = await fetch(`${sandbox.origin}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ latency_ms: ms }),
      });
      if (!res.ok) throw new Error(`setting the latency failed: ${res.status}`);
    },
    async close() {
      await session.logout().catch(() => undefined);
      session.dispose();
      await sandbox.close();
    },
  };
}

function speedUpGoal(speedUp: number, goal: number | null): string {
  if (goal === null) return 'no goal (for information)';
  return `goal ≥ ${goal}× (ratio ≤ ${(1 / goal).toFixed(2)}): ${speedUp >= goal ? 'met' : 'NOT met'}`;
}

export const bench: Bench = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'desk-bench-sync-'));
  const results: BenchResult[] = [];
  let files = 0;
  /** Sequential, then adaptive, each into a fresh store. */
  const pair = async (r: Rig, label: string, goal: number | null, ceiling = SYNC_CEILING): Promise<void> => {
    const sequential = await r.sync(`${files++}.sqlite`, true, 1);
    const adaptive = await r.sync(`${files++}.sqlite`, true, ceiling);
    const speedUp = sequential.ms / adaptive.ms;
    const readSpeedUp = sequential.readMs / adaptive.readMs;
    const writeMs = (sequential.ms - sequential.readMs + adaptive.ms - adaptive.readMs) / 2;
    results.push({
      name: `full sync of ${adaptive.rows} transactions, adaptive up to ${ceiling} in flight, ${label}`,
      value: adaptive.ms / 1000,
      unit: 's',
      baseline: { name: 'sequential paging', value: sequential.ms / 1000, unit: 's' },
      ratio: adaptive.ms / sequential.ms,
      note:
        `${adaptive.pages} pages each (${adaptive.listRequests} list requests); ${speedUp.toFixed(2)}× speed-up; ${speedUpGoal(speedUp, goal)}` +
        ` [reading alone ${readSpeedUp.toFixed(2)}×; writing the rows, ≈${(writeMs / 1000).toFixed(2)} s, is the same on both sides]`,
    });
  };

  try {
    const big = await rig(TRANSACTIONS, dir);
    try {
      await big.sync(`${files++}.sqlite`, true, SYNC_CEILING); // warm-up
      await pair(big, 'bare loopback', null);
      await big.latency(5);
      await pair(big, '5 ms latency per request', SPEED_UP_GOAL);

      // Incremental right after a full sync, nothing changed in between.
      const file = `${files++}.sqlite`;
      const full = await big.sync(file, true, SYNC_CEILING);
      const incremental = await big.sync(file, false, SYNC_CEILING);
      results.push({
        name: 'incremental sync when nothing changed, 5 ms latency: list requests',
        value: incremental.listRequests,
        unit: 'requests',
        baseline: { name: 'full sync', value: full.listRequests, unit: 'requests' },
        ratio: incremental.listRequests / full.listRequests,
        note: `${incremental.reads} by-id reads of non-final rows; goal 1 list request: ${incremental.listRequests <= 1 ? 'met' : 'NOT met'}`,
      });
    } finally {
      await big.close();
    }

    const small = await rig(TRANSACTIONS_AT_50_MS, dir);
    try {
      await small.latency(50);
      await pair(
        small,
        `50 ms latency per request (${TRANSACTIONS_AT_50_MS} extra transactions, not ${TRANSACTIONS}, to keep the run short)`,
        SPEED_UP_GOAL,
      );
    } finally {
      await small.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
};
