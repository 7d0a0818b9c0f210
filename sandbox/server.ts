// startSandbox(): the Kriptomat Partner API simulator as a real node:http server.
// node:http rather than a framework so the sandbox controls body parsing exactly
// and can destroy a socket after committing a write (drop-after-commit faults).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from './auth';
import { SandboxCore } from './core';
import { failure, HttpError } from './errors';
import { cleanPath, isDraining, parseJsonBody, readBody, sendJson, sendJsonAndDrain } from './http';
import { loadSnapshot } from './persist';
import { mountOf, Router, type Context, type Reply, type Route } from './router';
import { authRoutes } from './routes/auth';
import { bankAccountRoutes } from './routes/bank-accounts';
import { controlRoutes } from './routes/control';
import { marketRoutes } from './routes/market';
import { orderRoutes } from './routes/orders';
import { transactionRoutes } from './routes/transactions';
import { userRoutes } from './routes/users';

export interface SandboxOptions {
  /** Interface to listen on; default 127.0.0.1 (never anything wider unless asked). */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Drives seed data, rates and fault dice; default 1. */
  seed?: number;
  /** Token lifetime; default 3600. */
  tokenTtlSeconds?: number;
  /** KYC import → outcome; default 60. */
  kycDelaySeconds?: number;
  /** Order booked → success; default 5. */
  settleDelaySeconds?: number;
  /** Persist the whole state as JSON here and reload it on start. */
  statePath?: string;
  /** Additional seeded transactions spread over seeded users, for big-sync benches; default 0. */
  extraTransactions?: number;
}

export interface SandboxPartner {
  email: string;
  password: string;
  client_id: number;
  client_secret: string;
  /** Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s). */
  totp_secret: string;
}

export interface RunningSandbox {
  /** origin + '/v1', e.g. http://127.0.0.1:4010/v1 */
  url: string;
  origin: string;
  port: number;
  partner: SandboxPartner;
  close(): Promise<void>;
}

const apiRouter = new Router([...authRoutes, ...userRoutes, ...bankAccountRoutes, ...marketRoutes, ...orderRoutes, ...transactionRoutes]);
const controlRouter = new Router(controlRoutes);

function wholeNumber(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}; got ${String(value)}.`);
  return v;
}

/** Latency, then 429, then 5xx: the faults that happen before the request is handled. */
async function faultsBefore(core: SandboxCore): Promise<void> {
  const f = core.faults;
  if (f.latency_ms > 0) await sleep(f.latency_ms);
  if (core.dice.hit(f.rate_limit_rate)) {
    // The reference's error-body rule: only 401 and 422 have their own shapes, so a 429 is {"status":false,"message"}.
    throw failure(429, 'Too Many Attempts.', { 'Retry-After': String(f.retry_after_s) });
  }
  if (core.dice.hit(f.error_rate)) throw failure(f.error_status, 'Server Error (injected by the sandbox).');
}

function dispatch(core: SandboxCore, route: Route, req: IncomingMessage, base: Context): Reply {
  if (!route.auth) return route.handler(base);
  const { partner, token } = authenticate(core.state, req.headers.authorization, base.now);
  return route.handler({ ...base, partner, token });
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Host header's name without the port ("127.0.0.1:4010" → "127.0.0.1", "[::1]:80" → "[::1]"). */
function hostName(header: string | undefined): string {
  if (!header) return '';
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : (header.split(':')[0] ?? '');
}

async function handle(core: SandboxCore, req: IncomingMessage, res: ServerResponse, loopbackOnly: boolean): Promise<void> {
  try {
    // Bound to loopback, the sandbox answers only requests addressed to loopback, so
    // a web page cannot reach its control endpoints through DNS rebinding.
    if (loopbackOnly && !LOOPBACK_NAMES.has(hostName(req.headers.host).toLowerCase())) {
      throw failure(421, 'This sandbox answers only requests addressed to its loopback address.');
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = cleanPath(req.url ?? '/');
    const mount = mountOf(path);
    if (!mount) throw failure(404, 'Not found.');
    const router = mount.mount === 'api' ? apiRouter : controlRouter;
    const { route, params } = router.match(method, mount.rest);
    const raw = await readBody(req);
    const body = method === 'POST' || method === 'PUT' ? parseJsonBody(req, raw) : {};
    if (mount.mount === 'api') await faultsBefore(core);

    core.tick();
    const reply = dispatch(core, route, req, { core, params, query, body, now: core.now() });
    if (method !== 'GET') core.markDirty();

    // Drop-after-commit: the write is done and saved; the client never hears so.
    if (mount.mount === 'api' && method === 'POST' && reply.status < 300 && core.dice.hit(core.faults.drop_after_commit_rate)) {
      req.socket.destroy();
      return;
    }
    sendJson(res, reply.status, reply.body, core.now(), reply.headers);
  } catch (err) {
    if (err instanceof HttpError) {
      // A 413 leaves the body unread: drain it so the client gets to read the answer.
      if (err.status === 413) sendJsonAndDrain(req, res, err.status, err.body, core.now(), err.headers);
      else sendJson(res, err.status, err.body, core.now(), err.headers);
      return;
    }
    console.error('[sandbox] internal error:', err);
    sendJson(res, 500, { status: false, message: 'Internal sandbox error.' }, core.now());
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const port = wholeNumber('port', opts.port, 0, 0, 65535);
  const config = {
    seed: wholeNumber('seed', opts.seed, 1, 0, 2 ** 31 - 1),
    tokenTtlSeconds: wholeNumber('tokenTtlSeconds', opts.tokenTtlSeconds, 3600, 1, 10 * 365 * 86400),
    kycDelaySeconds: wholeNumber('kycDelaySeconds', opts.kycDelaySeconds, 60, 0, 365 * 86400),
    settleDelaySeconds: wholeNumber('settleDelaySeconds', opts.settleDelaySeconds, 5, 0, 365 * 86400),
    extraTransactions: wholeNumber('extraTransactions', opts.extraTransactions, 0, 0, 5_000_000),
    statePath: opts.statePath,
  };
  const core = new SandboxCore(config, opts.statePath ? loadSnapshot(opts.statePath) : null);

  const loopbackOnly = LOOPBACK_NAMES.has(host.toLowerCase());
  const server = createServer((req, res) => {
    void handle(core, req, res, loopbackOnly);
  });
  // Unparseable requests never reach `handle`: answer 400 and close (unless the
  // connection already has its answer, a 413 whose body turned out garbled).
  server.on('clientError', (_err, socket) => {
    if (socket.writable && !isDraining(socket)) {
      const text = '{"status":false,"message":"Bad request."}';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
      );
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  core.flush();

  const address = server.address() as AddressInfo;
  const hostPart = address.address.includes(':') ? `[${address.address}]` : address.address;
  const origin = `http://${hostPart}:${address.port}`;
  const p = core.state.partners.get(1) ?? [...core.state.partners.values()][0]!;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/v1`,
    origin,
    port: address.port,
    partner: { email: p.email, password: p.password, client_id: p.client_id, client_secret: p.client_secret, totp_secret: p.totp_secret },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => core.flush());
      return closing;
    },
  };
}
