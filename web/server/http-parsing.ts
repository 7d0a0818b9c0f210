// Reading the parts of a request the harness acts on. Each answers undefined or
// false for anything malformed, so a bad request is refused with a 4xx where it is
// read and never reaches the catch-all that answers 500 and logs.

/**
 * The request target as a URL on this server, or undefined unless it is a path
 * (the origin form, RFC 9112 §3.2.1) that parses. Browsers send nothing else to a
 * server: the absolute form (`GET http://host/`) is for proxies, would name a host
 * that the Host check never saw, and is where the unparseable targets come from.
 */
export function parseRequestTarget(target: string | undefined, origin: string): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    // Appended rather than resolved against the origin: `//x/` is a path here,
    // where `new URL('//x/', origin)` would read it as the host x.
    return new URL(`${origin}${target}`);
  } catch {
    return undefined;
  }
}

/**
 * A Location that stays on this origin: the path with exactly one leading slash.
 * The URL parser turns `/.//evil.example/` into the path `//evil.example/`, and a
 * browser reads `//host/` (or `/\host/`) in a Location as another host.
 */
export function sameOriginLocation(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
}

/**
 * True when the media type (before any `;` parameters) is exactly
 * application/json, in any case: a prefix test would let `application/jsonp` in.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [mediaType = ''] = contentType.split(';');
  return mediaType.trim().toLowerCase() === 'application/json';
}

/** The channel a bridge path names, or undefined when its percent-encoding is malformed (`%ZZ`, a cut `%E0%A4%A`). */
export function decodeChannel(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
