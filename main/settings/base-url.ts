// Checks the base URL of a custom environment profile. The desk sends the
// operator's credentials to this URL, so it must be TLS — except the loopback
// host, where a local simulator or proxy runs without a certificate — and must not
// smuggle credentials, a query or a fragment that would be appended to every call.
// Nor may it be Kriptomat's own production or staging host: a custom profile there
// would be production without the red band and the PRODUCTION confirmations, so the
// operator is sent to the built-in profile instead.
import { builtInProfiles } from './profile';

export type BaseUrlCheck = { ok: true; value: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_LENGTH = 300;

/** Kriptomat's hosts → the built-in profile that talks to each, read from the built-ins so there is one list. */
const KRIPTOMAT_HOSTS = new Map(
  builtInProfiles.flatMap((profile) => (profile.baseUrl === null ? [] : [[new URL(profile.baseUrl).hostname, profile.name] as const])),
);

export function checkBaseUrl(input: unknown): BaseUrlCheck {
  if (typeof input !== 'string') return { ok: false, message: 'The base URL must be text.' };
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter the base URL of the API.' };
  if (text.length > MAX_LENGTH) return { ok: false, message: `The base URL can be at most ${MAX_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'The base URL is not a valid address (expected e.g. https://api.example.com/v1).' };
  }
  // Any port, path or spelling: `URL` lower-cases the host; a trailing dot names the same host.
  const builtIn = KRIPTOMAT_HOSTS.get(url.hostname.replace(/\.$/, ''));
  if (builtIn !== undefined) {
    return {
      ok: false,
      message: `This is Kriptomat's ${builtIn.toLowerCase()} API: use the built-in ${builtIn} environment instead of a custom one.`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'The base URL must start with https://.' };
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return {
      ok: false,
      message: 'The base URL must use https:// — plain http:// is only allowed for 127.0.0.1, localhost or [::1].',
    };
  }
  // `new URL` drops an empty "?" or "#", so look at the raw text as well.
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/]*@/i.test(text)) {
    return { ok: false, message: 'The base URL must not contain a user name or password.' };
  }
  if (url.search !== '' || text.includes('?')) return { ok: false, message: 'The base URL must not contain a query (?…).' };
  if (url.hash !== '' || text.includes('#')) return { ok: false, message: 'The base URL must not contain a fragment (#…).' };
  // Endpoint paths are appended with a leading slash, so store the URL without a trailing one.
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, value: `${url.protocol}//${url.host}${path}` };
}
