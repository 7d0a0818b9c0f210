// One funnel for every bridge call: unwraps the DeskResult envelope so screens can
// use async/await and show `error.message` (already plain words from main) where
// it belongs, with field errors kept for the form that sent them.
import type { DeskBridge, DeskError, DeskErrorKind, DeskResult, RateMovedDetail } from '../../shared/desk-api';

export class DeskCallError extends Error {
  readonly kind: DeskErrorKind;
  readonly fieldErrors: Record<string, string[]>;
  readonly retryAfterSeconds: number | undefined;
  /** approvals.decide: the rate moved beyond the team's limit; approve again confirming its rate now. */
  readonly rateMoved: RateMovedDetail | undefined;

  constructor(error: DeskError) {
    super(error.message);
    this.name = 'DeskCallError';
    this.kind = error.kind;
    this.fieldErrors = error.fieldErrors ?? {};
    this.retryAfterSeconds = error.retryAfterSeconds;
    this.rateMoved = error.rateMoved;
  }
}

/** True when the page was opened without a bridge (e.g. the bare built HTML). */
export function bridgeMissing(): boolean {
  return typeof window.desk === 'undefined' || window.desk === null;
}

/** Calls one bridge method: `await call((d) => d.users.open({ userId }))`. */
export async function call<R>(invoke: (desk: DeskBridge) => Promise<DeskResult<R>>): Promise<R> {
  if (bridgeMissing()) {
    throw new DeskCallError({ kind: 'internal', message: 'The desk bridge is not available: open the desk from the app or the harness.' });
  }
  let result: DeskResult<R>;
  try {
    result = await invoke(window.desk);
  } catch (error) {
    // The transport itself failed (IPC gone, harness unreachable): not a DeskResult.
    const detail = error instanceof Error ? error.message : String(error);
    throw new DeskCallError({ kind: 'network', message: `The desk could not reach its back end (${detail}).` });
  }
  if (result.ok) return result.value;
  throw new DeskCallError(result.error);
}

/** Subscribes to a bridge event; a no-op when there is no bridge. */
export const onDesk: DeskBridge['on'] = (event, listener) => {
  if (bridgeMissing()) return () => undefined;
  return window.desk.on(event, listener);
};

/** Plain words for any error a screen caught. */
export function describeError(error: unknown): string {
  if (error instanceof DeskCallError) {
    const retry = error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} s.` : '';
    const fields = Object.entries(error.fieldErrors);
    // Field errors are shown at their fields; mention them only when a form has no such field.
    const signIn =
      (error.kind === 'signed_out' || error.kind === 'unauthenticated') && !/sign/i.test(error.message)
        ? ' Sign in on the Environments screen.'
        : '';
    if (error.message) return error.message + signIn + retry;
    if (fields.length > 0) return fields.map(([f, m]) => `${f}: ${m.join(' ')}`).join(' ') + retry;
    return `The request failed (${error.kind}).${retry}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The messages for one field of a failed call, joined; undefined when none. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof DeskCallError)) return undefined;
  const messages = error.fieldErrors[field];
  return messages && messages.length > 0 ? messages.join(' ') : undefined;
}

/** The error's kind, or null when it is not a bridge error. */
export function errorKind(error: unknown): DeskErrorKind | null {
  return error instanceof DeskCallError ? error.kind : null;
}

/** The rates of an approval refused because the rate moved beyond the team's limit; null for any other error. */
export function rateMovedOf(error: unknown): RateMovedDetail | null {
  return error instanceof DeskCallError ? (error.rateMoved ?? null) : null;
}
