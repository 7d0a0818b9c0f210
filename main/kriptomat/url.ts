// Building request URLs from a profile's base URL. Both documented styles work
// (`https://stagingapi.kminfra.net/v1` and `https://api.kriptomat.io/api/v1/partners`),
// with or without a trailing slash; ids are checked and encoded so a value can
// never change which path is requested.
import { KriptomatError } from './errors';
import type { EndpointName } from './endpoints';

/** Validates a profile's base URL and returns it with exactly one trailing slash. */
export function normalizeBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new KriptomatError({ kind: 'client', endpoint: 'session', message: `The base URL "${baseUrl}" is not a valid URL.` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KriptomatError({
      kind: 'client',
      endpoint: 'session',
      message: 'The base URL must start with https:// (or http:// for a local sandbox).',
    });
  }
  // Credentials in the URL would end up in logs; a query or fragment would be lost when joining paths.
  if (url.username || url.password || url.search || url.hash) {
    throw new KriptomatError({
      kind: 'client',
      endpoint: 'session',
      message: 'The base URL must not contain credentials, a query or a fragment.',
    });
  }
  url.pathname = url.pathname.replace(/\/+$/, '') + '/';
  return url;
}

/** A path segment that is an API id: a non-negative safe integer, nothing else. */
export function idSegment(endpoint: EndpointName, name: string, value: unknown): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new KriptomatError({
      kind: 'client',
      endpoint,
      message: `${name} must be a whole number, got ${JSON.stringify(value) ?? String(value)}.`,
    });
  }
  return String(value);
}

export type Query = Record<string, string | number>;

/** Joins encoded segments under the base path; `new URL` with a relative path keeps the base's prefix. */
export function buildUrl(base: URL, segments: readonly string[], query?: Query): URL {
  const relative = segments.map((s) => encodeURIComponent(s)).join('/');
  const url = new URL(relative, base);
  if (query) for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url;
}
