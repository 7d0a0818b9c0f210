// Idempotency keys for buy, sell and withdraw, scoped to the partner account.
// A key is stored only with a successful result: a refused (4xx) request leaves
// nothing behind, so the client may fix the request and reuse its key.
import { failure } from './errors';
import type { Reply } from './router';
import { idempotencyMapKey, type SandboxState } from './state';

/**
 * Key-order-independent JSON, so {"a":1,"b":2} and {"b":2,"a":1} are one request.
 * Recursive: give it validated fields, never a raw body (a deeply nested one
 * would overflow the stack).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What "the same request" means for a key: the action, the user and the named
 * fields of the body (already validated, so plain strings and numbers). Fields
 * the endpoint does not read are left out, so they can neither tell two requests
 * apart nor, being arbitrary JSON, break the fingerprint. For a body holding just
 * those fields this is the canonical JSON of the whole body, as it always was.
 */
export function fingerprint(action: string, userId: number, body: Record<string, unknown>, fields: readonly string[]): string {
  const known = Object.fromEntries(fields.filter((f) => Object.hasOwn(body, f)).map((f) => [f, body[f]]));
  return `${action} ${userId} ${canonicalJson(known)}`;
}

/** The stored reply for a repeated key and identical request; 409 if the key was used for something else. */
export function replay(state: SandboxState, partnerId: number, key: unknown, print: string): Reply | null {
  if (typeof key !== 'string' || key === '') return null;
  const stored = state.idempotency.get(idempotencyMapKey(partnerId, key));
  if (!stored) return null;
  if (stored.fingerprint !== print) {
    throw failure(409, 'The idempotency key was already used for a different request.');
  }
  return { status: stored.status, body: stored.body };
}

export function remember(state: SandboxState, partnerId: number, key: string, print: string, reply: Reply): void {
  state.idempotency.set(idempotencyMapKey(partnerId, key), {
    partner_id: partnerId,
    key,
    fingerprint: print,
    status: reply.status,
    body: reply.body,
  });
}
