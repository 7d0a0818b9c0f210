// A last line of defence for the audit log: whatever a caller passes as `detail`,
// values under secret-sounding keys are blanked before anything is written.
// Summaries are the caller's responsibility (free text cannot be checked).

export const REDACTED = '[redacted]';

/** Keys compared without case, `_` or `-`: clientSecret, client_secret and CLIENT-SECRET are one key. */
const SECRET_KEYS = new Set([
  'password',
  'clientsecret',
  'totpsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'securitycode',
  'authorization',
  'secret',
]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[_\-\s]/g, ''));
}

/** A deep copy of `value` with every secret key's value replaced by "[redacted]". */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED; // cycles or absurd nesting: write nothing rather than loop
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : redact(v, depth + 1);
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}
