// Sandbox throughput on loopback: exchange-rate reads and buy orders, each next to a
// bare node:http hello-world measured in the same run with the same client and
// concurrency, so the ratio shows what the sandbox's own work costs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticator } from 'otplib';
import { startSandbox } from '../sandbox/server';
import type { Bench, BenchResult } from './types';

const REQUESTS = 2000;
const CONCURRENCY = 16;
const WARMUP = 100;

/** Runs `count` requests with `concurrency` in flight; returns requests per second. */
async function measure(count: number, concurrency: number, send: (i: number) => Promise<number>): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const status = await send(i);
        if (status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (failures > 0) throw new Error(`${failures} of ${count} requests failed`);
  return count / seconds;
}

async function helloWorld(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    // Consume the body like the sandbox does, so POST baselines pay for reading it too.
    req.resume();
    req.on('end', () => {
      const text = '{"status":true,"data":{"hello":"world"}}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function send(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return res.status;
}

export const bench: Bench = async () => {
  const hello = await helloWorld();
  const sb = await startSandbox({ port: 0 });
  try {
    const clock = (await (await fetch(`${sb.origin}/__sandbox/clock`)).json()) as { now_ms: number };
    const login = await fetch(`${sb.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...sb.partner, security_code: authenticator.clone({ epoch: clock.now_ms }).generate(sb.partner.totp_secret) }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json' };
    const pairs = ['btceur', 'etheur', 'xrpeur'];
    const buyBody = (i: number): string => JSON.stringify({ amount: '1.00', pair: pairs[i % 3], idempotency_key: `bench-${i}` });

    const rateGet = (i: number) => send(`${sb.url}/exchange-rates?pair=${pairs[i % 3]}`, { headers });
    const helloGet = (i: number) => send(`${hello.origin}/v1/exchange-rates?pair=${pairs[i % 3]}`, { headers });
    let buyIndex = 0;
    const buyPost = () => send(`${sb.url}/users/1/buy`, { method: 'POST', headers, body: buyBody(buyIndex++) });
    const helloPost = (i: number) => send(`${hello.origin}/v1/users/1/buy`, { method: 'POST', headers, body: buyBody(i) });

    // Client and servers share this process (and a busy 2-core machine), so warm
    // every path up first and keep the best of two interleaved rounds: the figures
    // compare work per request, not whoever happened to run while the JIT was cold.
    for (const run of [helloGet, rateGet, helloPost, buyPost]) await measure(WARMUP, CONCURRENCY, run);
    let [baseGet, rates, basePost, buys] = [0, 0, 0, 0];
    for (let round = 0; round < 2; round++) {
      // Alternate which side goes first, so neither always inherits the other's garbage.
      const first = round % 2 === 0;
      if (first) baseGet = Math.max(baseGet, await measure(REQUESTS, CONCURRENCY, helloGet));
      rates = Math.max(rates, await measure(REQUESTS, CONCURRENCY, rateGet));
      if (!first) baseGet = Math.max(baseGet, await measure(REQUESTS, CONCURRENCY, helloGet));
      if (first) basePost = Math.max(basePost, await measure(REQUESTS, CONCURRENCY, helloPost));
      buys = Math.max(buys, await measure(REQUESTS, CONCURRENCY, buyPost));
      if (!first) basePost = Math.max(basePost, await measure(REQUESTS, CONCURRENCY, helloPost));
    }

    const note = `best of 2 × ${REQUESTS} requests, ${CONCURRENCY} in flight, fetch keep-alive on loopback`;
    const results: BenchResult[] = [
      {
        name: 'sandbox GET exchange-rates',
        value: rates,
        unit: 'req/s',
        baseline: { name: 'node:http hello-world GET', value: baseGet, unit: 'req/s' },
        ratio: rates / baseGet,
        note,
      },
      {
        name: 'sandbox POST users/1/buy',
        value: buys,
        unit: 'req/s',
        baseline: { name: 'node:http hello-world POST', value: basePost, unit: 'req/s' },
        ratio: buys / basePost,
        note: `${note}; each a new idempotency key, booked in the ledger`,
      },
    ];
    return results;
  } finally {
    await sb.close();
    await new Promise<void>((resolve) => {
      hello.server.close(() => resolve());
      hello.server.closeAllConnections();
    });
  }
};
