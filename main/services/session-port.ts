// What the services need from one profile's session (main/session), adapted in
// session-adapter.ts. The session owns login, renewal and the token; services
// only see its state and the bound API.
import type { SessionState } from '../../shared/desk-api';
import type { DeskApi } from './api';

export interface SessionSnapshot {
  state: SessionState;
  expiresAtMs: number | null;
  lastRenewedAtMs: number | null;
  logins: number;
  /** Plain words, no secrets. */
  error: string | null;
  needsTotp: boolean;
}

export interface SessionPort {
  snapshot(): SessionSnapshot;
  /** Resolves when signed in; rejects with the reason (a KriptomatError or a DeskFailure). */
  signIn(): Promise<void>;
  /** Logs out at the API (best effort) and forgets the token. */
  signOut(): Promise<void>;
  /** A code typed by the operator when no TOTP secret is stored. */
  submitTotp(code: string): Promise<void>;
  /** Every state change. */
  onChange(listener: (snapshot: SessionSnapshot) => void): () => void;
  /** The session wants a code typed by the operator. */
  onTotpNeeded(listener: (reason: string) => void): () => void;
  readonly api: DeskApi;
  /** Stops timers; does not log out (call signOut first when wanted). */
  dispose(): Promise<void>;
}
