// Whether Kriptomat answers the active environment, for the status bar: main's
// health (kriptomat.health events, and market.health when the environment
// changes), and the operator's "Retry now", which polls the rates at once.
import { create } from 'zustand';
import type { KriptomatHealthView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';

interface KriptomatHealthState {
  health: KriptomatHealthView | null;
  retrying: boolean;
  /** Why the last Retry now could not run (signed out, say). */
  retryError: string | null;
}

export const useKriptomatHealth = create<KriptomatHealthState>()(() => ({ health: null, retrying: false, retryError: null }));

/** kriptomat.health: main's view as it is now. */
export function applyHealth(health: KriptomatHealthView): void {
  useKriptomatHealth.setState((s) => ({ health, retryError: health.state === 'unreachable' ? s.retryError : null }));
}

/** Asks main for the active environment's health (at start, and after a switch of environment). */
export async function loadHealth(): Promise<void> {
  try {
    applyHealth(await call((d) => d.market.health({})));
  } catch {
    // The bridge itself failed: the status bar keeps what it knew.
  }
}

/** The operator's Retry now: one poll at once instead of waiting out the back-off. */
export async function retryNow(): Promise<void> {
  if (useKriptomatHealth.getState().retrying) return;
  useKriptomatHealth.setState({ retrying: true, retryError: null });
  try {
    applyHealth(await call((d) => d.market.retryNow({})));
  } catch (error) {
    useKriptomatHealth.setState({ retryError: describeError(error) });
  } finally {
    useKriptomatHealth.setState({ retrying: false });
  }
}
