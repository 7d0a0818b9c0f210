// Whether Kriptomat answers, as the operator sees it in the status bar: every call
// the profile's session makes is noted here (reached or not, and how long it took),
// so one answer to any call says "back" at once, and the poller's next try says
// when the desk will look again while it is unreachable.
import type { KriptomatHealthView } from '../../../shared/desk-api';
import { isKriptomatError } from '../../kriptomat/errors';

/** An answer slower than this makes Kriptomat "slow" (the operator feels it in every screen). */
export const SLOW_ANSWER_MS = 2_000;

/** What became of one call to Kriptomat: answered (even with a refusal), or not reached. */
export interface CallOutcome {
  reached: boolean;
  durationMs: number;
  /** The failure's words, for an unreachable Kriptomat. */
  message?: string;
}

/**
 * What a call's result says about Kriptomat: null when it says nothing (the desk
 * refused it before sending, e.g. signed out). A refusal is an answer; only no
 * answer, a timeout or a server error (5xx) means Kriptomat could not be reached.
 */
export function reachedBy(error: unknown): { reached: boolean; message?: string } | null {
  if (error === undefined) return { reached: true };
  if (!isKriptomatError(error)) return null;
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server') return { reached: false, message: error.message };
  return { reached: true };
}

type Listener = (view: Omit<KriptomatHealthView, 'profileId'>) => void;

export class KriptomatHealth {
  private state: KriptomatHealthView['state'] = 'unknown';
  private sinceMs: number | null = null;
  private nextRetryAtMs: number | null = null;
  private lastAnswerMs: number | null = null;
  private message: string | null = null;
  private readonly changeListeners = new Set<Listener>();
  private readonly answerListeners = new Set<() => void>();
  private readonly backListeners = new Set<() => void>();

  constructor(private readonly now: () => number) {}

  view(): Omit<KriptomatHealthView, 'profileId'> {
    return {
      state: this.state,
      sinceMs: this.sinceMs,
      nextRetryAtMs: this.state === 'unreachable' ? this.nextRetryAtMs : null,
      lastAnswerMs: this.lastAnswerMs,
      message: this.message,
    };
  }

  /** Notes one call's outcome; an answer tells the answer listeners (back-offs end). */
  note(outcome: CallOutcome): void {
    if (outcome.reached) {
      this.lastAnswerMs = Math.round(outcome.durationMs);
      const wasUnreachable = this.state === 'unreachable';
      const next = outcome.durationMs > SLOW_ANSWER_MS ? 'slow' : 'ok';
      this.set(next, next === this.state ? this.sinceMs : this.now(), null);
      for (const listener of [...this.answerListeners]) listener();
      if (wasUnreachable) for (const listener of [...this.backListeners]) listener();
    } else {
      // "Since" is the first failure of this outage, not the latest.
      this.set('unreachable', this.state === 'unreachable' ? this.sinceMs : this.now(), outcome.message ?? null);
    }
  }

  /** When the desk tries again by itself (the rate poller's next tick); null when it will not. */
  setNextRetry(atMs: number | null): void {
    if (this.nextRetryAtMs === atMs) return;
    this.nextRetryAtMs = atMs;
    if (this.state === 'unreachable') this.emit();
  }

  /** Every change of what the status bar shows. Returns unsubscribe. */
  onChange(listener: Listener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Every answer from Kriptomat, to any call. Returns unsubscribe. */
  onAnswer(listener: () => void): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** Kriptomat answers again after being unreachable (once per outage). Returns unsubscribe. */
  onBack(listener: () => void): () => void {
    this.backListeners.add(listener);
    return () => this.backListeners.delete(listener);
  }

  private set(state: KriptomatHealthView['state'], sinceMs: number | null, message: string | null): void {
    const changed = state !== this.state || sinceMs !== this.sinceMs || message !== this.message;
    this.state = state;
    this.sinceMs = sinceMs;
    this.message = message;
    if (changed) this.emit();
  }

  private emit(): void {
    const view = this.view();
    for (const listener of [...this.changeListeners]) listener(view);
  }
}
