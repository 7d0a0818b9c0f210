// An environment is one partner account on one API: its base URL and partner
// client id. Everything shared in the team database is keyed by it, so staging
// and production (or two partner accounts) never mix.

/** The same URL written two ways (case, default port, trailing slash) gives the same key. */
export function normalBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new RangeError(`Not a base URL: ${baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError(`Not an http(s) base URL: ${baseUrl}`);
  // Credentials in the key would land in every row and notification.
  if (url.username || url.password) throw new RangeError('A base URL must not carry a user name or password');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** `https://stagingapi.kminfra.net/v1#client-42`: readable in SQL, in notifications and in the audit trail. */
export function environmentKey(baseUrl: string, clientId: number): string {
  if (!Number.isSafeInteger(clientId) || clientId <= 0) throw new RangeError(`Not a partner client id: ${clientId}`);
  return `${normalBaseUrl(baseUrl)}#client-${clientId}`;
}
