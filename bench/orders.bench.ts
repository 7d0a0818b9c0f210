// What the desk adds to placing an order: `orders.place` through the bridge's
// dispatcher (input check, the order checks, the durable journal row, the POST,
// the accepted row, the audit entry) against a bare `fetch` of the same buy POST
// to the same sandbox, measured in the same run, interleaved in blocks so drift
// hits both sides alike.
//
// The desk places orders as the ticket does: for a user the ticket shows, whose
// profile and balances main has just served (`users.open`, `balances.user`, which
// the ticket calls when it shows the user and again after each order). Those
// calls are made before each block, outside the timing; the checks then use what
// main read instead of asking Kriptomat again, so an order costs one round trip.
//
// Two links: bare loopback (where the desk's own work — the fsync of the journal
// row before the POST, and following each accepted order, whose first look at the
// transaction shares the CPU with the next order — is most of the difference; the
// note splits it at the POST) and 50 ms of sandbox latency per API request (a real
// network hop, where round trips dominate). Fewer orders at 50 ms keep the run short.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { createDesk } from '../main/desk/desk';
import { toDeskError } from '../main/errors';
import { createDispatcher } from '../main/ipc';
import { silentLogger } from '../main/log';
import { openStore } from '../main/store/sqlite';
import { startSandbox } from '../sandbox/server';
import type { Bench, BenchResult } from './types';

const SANDBOX = 'local-sandbox';
const USER = 1; // the sandbox roster's verified, well-funded user
const AMOUNT = '20.00';
const WARMUP = 5;

/** A sandbox link to measure over, and the ratio goal there (team.bench.ts uses the same shape). */
export interface Link {
  label: string;
  latencyMs: number;
  blocks: number;
  perBlock: number;
  goal: number;
}

const LINKS: Link[] = [
  { label: 'bare loopback', latencyMs: 0, blocks: 5, perBlock: 20, goal: 1.5 },
  { label: '50 ms latency per API request', latencyMs: 50, blocks: 4, perBlock: 10, goal: 1.1 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** The median cost of one durable (fsync'd) journal write on the bench's own disk. */
function journalFsyncMs(dir: string): number {
  const store = openStore(join(dir, 'fsync-probe.sqlite'));
  try {
    const samples: number[] = [];
    for (let i = 0; i < 31; i++) {
      const started = performance.now();
      store.journal.begin({ profileId: 'bench', userId: 1, kind: 'buy', pair: 'btceur', amount: AMOUNT });
      samples.push(performance.now() - started);
    }
    return median(samples.slice(1));
  } finally {
    store.close();
  }
}

export const bench: Bench = async () => {
  const sandbox = await startSandbox({ port: 0, seed: 11 });
  const dir = await mkdtemp(join(tmpdir(), 'desk-bench-orders-'));
  const desk = await createDesk(
    {
      userDataDir: dir,
      keychainNamespace: `bench-${randomUUID().slice(0, 8)}`,
      externalSandbox: { url: sandbox.url, partner: sandbox.partner },
    },
    // One look at each accepted order right away, none while the bench runs on.
    { log: silentLogger, tuning: { orderPollIntervalMs: 600_000, syncOnFirstSignIn: false } },
  );
  const faults = async (body: Record<string, number>): Promise<void> => {
    const res = await fetch(`${sandbox.origin}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`setting faults failed: ${res.status}`);
  };
  try {
    await desk.ready;
    const dispatch = createDispatcher(desk.handlers, toDeskError);

    // The bare side logs in with the next TOTP step's code: the desk has just spent this step's.
    const clock = (await (await fetch(`${sandbox.origin}/__sandbox/clock`)).json()) as { now_ms: number };
    const p = sandbox.partner;
    const login = await fetch(`${sandbox.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify({
        email: p.email,
        password: p.password,
        client_id: p.client_id,
        client_secret: p.client_secret,
        security_code: authenticator.clone({ epoch: clock.now_ms + 30_000 }).generate(p.totp_secret),
      }),
    });
    if (!login.ok) throw new Error(`bare login failed: ${login.status} ${await login.text()}`);
    const { access_token: token } = (await login.json()) as { access_token: string };

    const call = async (method: string, input: unknown): Promise<void> => {
      const result = await dispatch(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    };
    /** What the ticket asks main for when it shows the user (and again after each order). */
    const ticketShowsUser = async (): Promise<void> => {
      await Promise.all([call('users.open', { userId: USER }), call('balances.user', { userId: USER })]);
    };
    // The `sending` event leaves right after the journal row is on disk, just before the POST:
    // it splits each order into the desk's work before the POST and the POST with what follows.
    let beforePostMs = 0;
    let orderStarted = 0;
    desk.events.subscribe((name, payload) => {
      if (name === 'orders.updated' && (payload as { state: string }).state === 'sending') beforePostMs += performance.now() - orderStarted;
    });
    const viaDesk = (): Promise<void> => {
      orderStarted = performance.now();
      return call('orders.place', { profileId: SANDBOX, userId: USER, side: 'buy', pair: 'btceur', amount: AMOUNT });
    };
    const bare = async (): Promise<void> => {
      const res = await fetch(`${sandbox.url}/users/${USER}/buy`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ amount: AMOUNT, pair: 'btceur', idempotency_key: randomUUID() }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bare order failed: ${res.status}`);
    };
    const time = async (fn: () => Promise<void>, count: number): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < count; i++) await fn();
      return performance.now() - started;
    };

    const results: BenchResult[] = [];
    for (const link of LINKS) {
      await faults(link.latencyMs > 0 ? { latency_ms: link.latencyMs } : {});
      await ticketShowsUser();
      await time(viaDesk, WARMUP);
      await time(bare, WARMUP);
      let deskMs = 0;
      let bareMs = 0;
      beforePostMs = 0;
      for (let block = 0; block < link.blocks; block++) {
        await ticketShowsUser();
        deskMs += await time(viaDesk, link.perBlock);
        bareMs += await time(bare, link.perBlock);
      }
      const n = link.blocks * link.perBlock;
      const perDesk = deskMs / n;
      const perBare = bareMs / n;
      const beforePost = beforePostMs / n;
      const fsyncMs = journalFsyncMs(dir);
      results.push({
        name: `orders.place via the desk (checks + journal + POST), ${link.label}`,
        value: perDesk,
        unit: 'ms/order',
        baseline: { name: 'bare fetch of the same buy POST', value: perBare, unit: 'ms/order' },
        ratio: perDesk / perBare,
        goal: { ratio: link.goal, is: '≤' },
        note:
          `${n} sequential orders each, for a user the ticket shows; the desk adds ${(perDesk - perBare).toFixed(2)} ms/order: ` +
          `${beforePost.toFixed(2)} ms before the POST goes out (input check, order checks, the journal row written and fsync'd), ` +
          `${(perDesk - beforePost - perBare).toFixed(2)} ms around the POST (client, accepted row, audit, and the first look at each accepted order, which runs beside the next one); ` +
          `one fsync'd journal write on this disk alone: ${fsyncMs.toFixed(2)} ms (median, same run), so no desk that writes its journal row ` +
          `durably before the POST can do better here than ${((perBare + fsyncMs) / perBare).toFixed(2)}× (bare POST + one fsync, over the bare POST)`,
      });
    }
    // The operator's case: one order at a time with the desk idle before it (the first look
    // at the previous order done), each timed on its own. Context for the loopback goal, no goal.
    await faults({});
    await ticketShowsUser();
    const IDLE_MS = 30;
    const ONE_BY_ONE = 40;
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    let idleDeskMs = 0;
    let idleBareMs = 0;
    for (let i = 0; i < ONE_BY_ONE; i++) {
      if (i % 10 === 0) await ticketShowsUser();
      await settle();
      idleDeskMs += await time(viaDesk, 1);
      await settle();
      idleBareMs += await time(bare, 1);
    }
    results.push({
      name: "orders.place via the desk, bare loopback, one at a time with the desk idle before each (the operator's case)",
      value: idleDeskMs / ONE_BY_ONE,
      unit: 'ms/order',
      baseline: { name: 'bare fetch of the same buy POST, likewise', value: idleBareMs / ONE_BY_ONE, unit: 'ms/order' },
      ratio: idleDeskMs / idleBareMs,
      note: `${ONE_BY_ONE} orders, ${IDLE_MS} ms apart, so the first look at each accepted order is not shared with the next one; context for the back-to-back figure above, no goal of its own`,
    });
    return results;
  } finally {
    await desk.dispose();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
};
