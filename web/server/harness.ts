// The browser harness: main's services and ipc dispatcher behind a loopback HTTP
// server, so the desk runs (and is tested) where no Electron binary exists.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventChannel, type DeskResult } from '../../shared/desk-api';
import type { DeskEventBus } from '../../main/events';
import type { Dispatch } from '../../main/ipc';
import { CONTENT_SECURITY_POLICY, hostAllowed, isLoopbackHost, originAllowed, presentedToken, tokenCookieName } from './security';
import { decodeChannel, isJsonMediaType, parseRequestTarget, sameOriginLocation } from './http-parsing';
import { injectPreload, readStatic } from './static-files';

export interface HarnessOptions {
  dispatch: Dispatch;
  events: DeskEventBus;
  rendererDir: string;
  preloadFile: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
}

export interface RunningHarness {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
/** How much more of an oversized body is read and dropped before the connection is cut. */
const DRAIN_LIMIT = 64 * 1024 * 1024;
const BRIDGE_PREFIX = '/bridge/';

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

const TOO_LARGE = Symbol('body too large');

/**
 * Reads a bridge call's body, up to MAX_BODY bytes. Past that it answers
 * TOO_LARGE at once and stops collecting; the stream keeps flowing, so what
 * still arrives is discarded rather than left unread on the socket.
 */
function readBody(request: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolvePromise, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      request.off('data', onData);
      request.off('end', onEnd);
      resolvePromise(TOO_LARGE);
    };
    const onEnd = () => resolvePromise(Buffer.concat(chunks).toString('utf8'));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', reject);
  });
}

/**
 * Answers 413 so that the client reads it. The answer goes out at once, with its
 * length, so the client has all of it; but the socket closes only once the client
 * has sent the rest of its body, which is read and dropped. Closing a socket that
 * still has unread data resets the connection, and a reset can reach the client
 * before the answer does (or make it discard the answer). A client that goes on
 * past DRAIN_LIMIT is not a page of ours and is cut off.
 */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
  const body = 'Body too large.';
  response.writeHead(413, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  response.write(body);
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) request.socket.destroy();
  });
  request.resume();
  // The body may have ended while the handler was between awaits.
  if (request.readableEnded) response.end();
  else request.once('end', () => response.end());
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The harness only listens on loopback, not on ${host}.`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = options.events.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ channel: eventChannel, name, payload })}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Headers on every answer: no sniffing, no referrer, never framed.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    // First, so a malformed target is a 400 and not an exception (a 500 and a log line each).
    const url = parseRequestTarget(request.url, `http://127.0.0.1:${port}`);
    if (!url) return send(response, 400, 'Bad request: the target must be a path.');
    if (!hostAllowed(request.headers.host, port)) return send(response, 403, 'Forbidden: this desk answers only on its loopback address.');
    if (!originAllowed(request.headers.origin, port)) return send(response, 403, 'Forbidden: cross-origin requests are not accepted.');
    const source = presentedToken(request, url, token, tokenCookieName(port));
    if (!source) return send(response, 401, 'This desk needs the link with its token, printed when it started.');

    if (source === 'query' && request.method === 'GET') {
      // Keep the token in an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token');
      response.writeHead(303, {
        'Set-Cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: sameOriginLocation(url),
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }

    if (url.pathname.startsWith(BRIDGE_PREFIX)) {
      if (request.method !== 'POST') return send(response, 405, 'Use POST.');
      if (!isJsonMediaType(request.headers['content-type'])) return send(response, 415, 'Send application/json.');
      const channel = decodeChannel(url.pathname.slice(BRIDGE_PREFIX.length));
      if (channel === undefined) {
        // JSON, in the DeskResult shape, so the page's bridge shows the message as it is.
        return sendJson(response, 400, {
          ok: false,
          error: { kind: 'invalid_input', message: 'The method name in the bridge path is not valid percent-encoding.' },
        } satisfies DeskResult<never>);
      }
      if (!channel.startsWith('desk:')) return send(response, 404, 'Not found.');
      const body = await readBody(request);
      if (body === TOO_LARGE) return refuseTooLarge(request, response);
      let input: unknown;
      try {
        input = JSON.parse(body);
      } catch {
        return send(response, 400, 'Malformed JSON.');
      }
      const result = await options.dispatch(channel.slice('desk:'.length), input);
      return sendJson(response, 200, result);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed.');

    if (url.pathname === '/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      sseClients.add(response);
      request.on('close', () => sseClients.delete(response));
      return;
    }

    if (url.pathname === '/preload.js') {
      const body = await readFile(options.preloadFile, 'utf8').catch(() => undefined);
      if (body === undefined) return send(response, 500, 'The preload bundle is missing: run npm run build:all.');
      return send(response, 200, body, 'text/javascript; charset=utf-8');
    }

    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = await readStatic(options.rendererDir, path);
    if (!file) return send(response, 404, 'Not found.');
    if (path.endsWith('.html')) {
      response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return send(response, 200, injectPreload(file.body.toString('utf8')), file.type);
    }
    response.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    response.end(file.body);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('harness request failed:', error instanceof Error ? error.message : error);
      if (!response.headersSent) send(response, 500, 'Internal error.');
      else response.end();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const client of sseClients) client.end();
      sseClients.clear();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      server.closeAllConnections();
    },
  };
}
