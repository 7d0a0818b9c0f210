// SandboxCore ties the state to its clock, rates, faults and persistence. Routes
// receive it; the HTTP layer (server.ts) drives it.
import { SandboxClock } from './clock';
import { FaultDice, NO_FAULTS, type FaultConfig } from './faults';
import { settleKyc } from './kyc';
import { settleDue } from './ledger';
import { saveSnapshot } from './persist';
import { RateBook } from './rates';
import { seedState } from './seed';
import { SandboxState, type StateSnapshot } from './state';

export interface SandboxConfig {
  seed: number;
  tokenTtlSeconds: number;
  kycDelaySeconds: number;
  settleDelaySeconds: number;
  extraTransactions: number;
  statePath: string | undefined;
}

export class SandboxCore {
  state: SandboxState;
  readonly clock: SandboxClock;
  readonly rates: RateBook;
  faults: FaultConfig = { ...NO_FAULTS };
  readonly dice: FaultDice;
  private saveTimer: NodeJS.Timeout | null = null;
  private dirty = false;

  constructor(
    readonly config: SandboxConfig,
    snapshot: StateSnapshot | null,
  ) {
    this.clock = new SandboxClock(snapshot?.clock_offset_ms ?? 0);
    this.state = snapshot
      ? SandboxState.fromSnapshot(snapshot)
      : seedState({ seed: config.seed, nowMs: this.clock.nowMs(), extraTransactions: config.extraTransactions });
    // Rates and fault dice follow the state's seed, so a reloaded state keeps its market.
    this.rates = new RateBook(this.state.seed);
    this.dice = new FaultDice(this.state.seed);
    if (!snapshot) this.markDirty();
  }

  now(): number {
    return this.clock.nowMs();
  }

  /** Lets time-driven changes (KYC outcomes, settlement) catch up with the clock. */
  tick(): void {
    const now = this.now();
    if (settleDue(this.state, now) + settleKyc(this.state, now) > 0) this.markDirty();
  }

  /** Back to freshly seeded data (same seed, same extra transactions); the clock keeps its offset. */
  reset(): void {
    this.state = seedState({ seed: this.state.seed, nowMs: this.now(), extraTransactions: this.config.extraTransactions });
    this.faults = { ...NO_FAULTS };
    this.markDirty();
  }

  /** Schedules a save; bursts of writes coalesce into one file write. */
  markDirty(): void {
    if (!this.config.statePath) return;
    this.dirty = true;
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.flush();
    }, 100);
    this.saveTimer.unref();
  }

  flush(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    if (!this.dirty || !this.config.statePath) return;
    this.dirty = false;
    saveSnapshot(this.config.statePath, this.state.snapshot(this.clock.offset));
  }
}
