// The audit trail: every operator action that changes something is recorded with
// the time, the OS user, the environment profile, a summary and the outcome.
// Summaries are built by the services from ids and amounts only — never from
// credentials — and pass through redactText as a last guard.
import { userInfo } from 'node:os';
import { redactText, type Logger } from '../../log';
import { toDeskError } from '../../errors';
import { TeamDbBusyError } from '../../store/errors';
import type { AuditSink } from '../../store/port';
import type { AuditAction } from '../../../shared/audit-actions';
import type { AuditTrail } from '../common/context';

export interface AuditRecorderOptions {
  sink: AuditSink;
  now: () => number;
  log: Logger;
  osUser?: string;
}

export type { AuditAction };

/**
 * Attempts for one entry while the team database says 'busy' (another login holds
 * the chain-head lock past the desk's lock timeout). Each attempt waits at most
 * that timeout, so an entry is given up after about four of them (~12 s) — the
 * stall the old unbounded wait caused, now bounded — rather than dropped at the
 * first refusal while the action it describes went through.
 */
export const AUDIT_BUSY_ATTEMPTS = 4;

export class AuditRecorder implements AuditTrail {
  readonly osUser: string;

  constructor(private readonly options: AuditRecorderOptions) {
    this.osUser = options.osUser ?? currentOsUser();
  }

  /**
   * Records one entry and resolves once it is written, so an action's answer
   * never overtakes its audit entry. Never rejects: a failing audit write is
   * logged, never thrown into the action it describes; a busy team database is
   * asked again a few times first (AUDIT_BUSY_ATTEMPTS).
   */
  async record(profileId: string, action: AuditAction, summary: string, outcome: 'ok' | 'error'): Promise<void> {
    const entry = { atMs: this.options.now(), osUser: this.osUser, profileId, action, summary: redactText(summary).slice(0, 500), outcome };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.sink.appendAudit(entry);
        return;
      } catch (error) {
        // Busy means nothing was written and the lock will pass: ask again. Anything else will not mend by asking.
        if (error instanceof TeamDbBusyError && attempt < AUDIT_BUSY_ATTEMPTS) continue;
        this.options.log.error('audit: could not record an entry', { action, error, attempts: attempt });
        return;
      }
    }
  }

  /** Runs `fn` and records its outcome; an error's plain-words message is appended to the summary. */
  async around<T>(
    profileId: string,
    action: AuditAction,
    summary: string,
    fn: () => Promise<T>,
    describe?: (value: T) => string,
  ): Promise<T> {
    try {
      const value = await fn();
      await this.record(profileId, action, describe ? `${summary} — ${describe(value)}` : summary, 'ok');
      return value;
    } catch (error) {
      await this.record(profileId, action, `${summary} — ${toDeskError(error).message}`, 'error');
      throw error;
    }
  }
}

function currentOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
