// The harness serves a desk with real credentials behind it, so it only answers
// the page it launched: loopback Host, loopback or absent Origin, and the token
// printed at start (query on the first load, then an HttpOnly cookie).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
export { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

/**
 * Cookies ignore ports: one name per port keeps two desks on 127.0.0.1 (two
 * user-data directories, say) from overwriting each other's token.
 */
export function tokenCookieName(port: number): string {
  return `desk_token_${port}`;
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

/** The Host header must name this server on loopback: defeats DNS rebinding. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader.toLowerCase());
}

/** A present Origin must be this server; no CORS for anyone else. */
export function originAllowed(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(originHeader.toLowerCase());
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function cookieToken(request: IncomingMessage, cookieName: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName) return rest.join('=');
  }
  return undefined;
}

export type TokenSource = 'query' | 'cookie' | 'header';

/** Where a valid token came from, or undefined when the request carries none that matches. */
export function presentedToken(request: IncomingMessage, url: URL, token: string, cookieName: string): TokenSource | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && safeEqual(fromQuery, token)) return 'query';
  const fromHeader = request.headers['x-desk-token'];
  if (typeof fromHeader === 'string' && safeEqual(fromHeader, token)) return 'header';
  const fromCookie = cookieToken(request, cookieName);
  if (fromCookie !== undefined && safeEqual(fromCookie, token)) return 'cookie';
  return undefined;
}
