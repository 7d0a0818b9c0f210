// A full transaction sync of 10,000 seeded transactions (≈1,270 pages of 8): the
// desk's sync — page 1, then the rest with bounded concurrency — against plain
// sequential paging, in the same run, each into a fresh store, through the same
// signed-in client. On bare loopback both sides are CPU-bound (client, sandbox
// and SQLite share the machine), so the pair is measured again with 5 ms of
// sandbox latency per request — a short real network hop — where concurrency
// is what hides the round trips.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../main/log';
import { defaultTuning } from '../main/services/context';
import { openDeskStore } from '../main/services/store-adapter';
import { syncTransactions } from '../main/services/transactions';
import { bindSession, createSession } from '../main/session';
import { startSandbox } from '../sandbox/server';
import type { Bench, BenchResult } from './types';

const EXTRA = 10_000;
const LATENCY_MS = 5;

export const bench: Bench = async () => {
  const sandbox = await startSandbox({ port: 0, seed: 5, extraTransactions: EXTRA });
  const dir = await mkdtemp(join(tmpdir(), 'desk-bench-sync-'));
  const p = sandbox.partner;
  const session = createSession({
    settings: { baseUrl: sandbox.url, email: p.email, client_id: p.client_id },
    secrets: async () => ({ password: p.password, client_secret: p.client_secret, totp_secret: p.totp_secret }),
    logger: silentLogger,
  });
  try {
    await session.signIn();
    const api = bindSession(session, session.client);
    const run = async (name: string, concurrency: number): Promise<{ ms: number; pages: number; rows: number }> => {
      const store = openDeskStore(join(dir, `${name}.sqlite`));
      try {
        const started = performance.now();
        const source = { page: (page: number) => api.allTransactions(page), one: (userId: number, id: number) => api.showTransaction(userId, id) };
        const result = await syncTransactions({ store }, 'bench', source, { full: true, concurrency });
        return { ms: performance.now() - started, pages: result.fetchedPages, rows: result.totalCached };
      } finally {
        store.close();
      }
    };
    const latency = (ms: number) =>
      fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latency_ms: ms }) });
    const pair = async (label: string): Promise<BenchResult> => {
      const sequential = await run(`${label}-sequential`, 1);
      const bounded = await run(`${label}-bounded`, defaultTuning.concurrency);
      return {
        name: `full sync of ${bounded.rows} transactions, concurrency ${defaultTuning.concurrency}, ${label}`,
        value: bounded.ms / 1000,
        unit: 's',
        baseline: { name: 'sequential paging', value: sequential.ms / 1000, unit: 's' },
        ratio: bounded.ms / sequential.ms,
        note: `${bounded.pages} pages each; ratio < 1 is faster (${(sequential.ms / bounded.ms).toFixed(2)}× speed-up)`,
      };
    };
    await run('warmup', defaultTuning.concurrency);
    const results = [await pair('bare loopback')];
    await latency(LATENCY_MS);
    results.push(await pair(`${LATENCY_MS} ms latency per request`));
    await latency(0);
    return results;
  } finally {
    await session.logout().catch(() => undefined);
    session.dispose();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
};
