// Low-level request/response handling: path hygiene, bounded body reading, JSON
// parsing with clear 4xx answers, and JSON replies stamped with the sandbox clock.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { failure } from './errors';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request path, or a 400 for anything that is not a plain absolute path.
 * Checked on the raw text, before any URL normalisation could turn
 * `/v1/../__sandbox/state` or `%2e%2e` into a different route.
 */
export function cleanPath(rawUrl: string): { path: string; query: URLSearchParams } {
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q + 1);
  if (!path.startsWith('/') || !/^[A-Za-z0-9\-_./]*$/.test(path) || path.includes('//') || /(^|\/)\.\.?(\/|$)/.test(path)) {
    throw failure(400, 'Bad request path.');
  }
  // A trailing slash names the same resource, as on the real (Laravel) service.
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return { path: trimmed, query: new URLSearchParams(query) };
}

/** Reads at most MAX_BODY_BYTES; beyond that answers 413 without buffering the rest. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    req.resume(); // discard, so the connection can carry the 413 back
    return Promise.reject(failure(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        chunks.length = 0;
        reject(failure(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

/**
 * The JSON object a POST/PUT carries ({} when empty). A non-empty body must be
 * declared application/json (415 otherwise), parse (400) and be an object (400).
 */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    throw failure(415, 'The request body must be JSON, sent with Content-Type: application/json.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw failure(400, `The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw failure(400, 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Sets the status and headers of a JSON reply; returns the text to send. */
function prepareJson(res: ServerResponse, status: number, body: unknown, nowMs: number, headers: Record<string, string>): string {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Date', new Date(nowMs).toUTCString());
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  return text;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, nowMs: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.end(prepareJson(res, status, body, nowMs, headers));
}

/** How long a refused body may keep its connection open while it is read and thrown away. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** Connections that have had their answer and are only being drained. */
const draining = new WeakSet<Duplex>();

/**
 * Whether `socket` already carries a reply and is only being drained: a parse
 * error in the rest of the body must then close it rather than answer again.
 */
export function isDraining(socket: Duplex): boolean {
  return draining.has(socket);
}

/**
 * A reply to a request whose body is refused unread (413): sent at once with
 * `Connection: close`, but the connection is closed only after the rest of the
 * body has arrived and been discarded. Closing a socket that still has request
 * bytes coming makes the kernel answer them with a TCP reset, and a client still
 * writing its body then sees "connection reset" instead of the 413. The
 * response is complete (Content-Length) before `end()`, so the client can read
 * it while it is still sending; `end()` only lets node:http close the socket.
 */
export function sendJsonAndDrain(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  nowMs: number,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = prepareJson(res, status, body, nowMs, { ...headers, Connection: 'close' });
  if (req.complete) {
    res.end(text);
    return;
  }
  res.write(text);
  draining.add(req.socket);
  // A client that never finishes its body does not hold the connection for ever.
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_TIMEOUT_MS);
  timer.unref();
  req.once('end', () => {
    clearTimeout(timer);
    res.end();
  });
  req.resume();
}
