// The audit trail: every operator action that changes something is recorded with
// the time, the OS user, the environment profile, a summary and the outcome.
// Summaries are built by the services from ids and amounts only — never from
// credentials — and pass through redactText as a last guard.
import { userInfo } from 'node:os';
import { redactText, type Logger } from '../../log';
import { toDeskError } from '../../errors';
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

export class AuditRecorder implements AuditTrail {
  readonly osUser: string;

  constructor(private readonly options: AuditRecorderOptions) {
    this.osUser = options.osUser ?? currentOsUser();
  }

  /**
   * Records one entry and resolves once it is written, so an action's answer
   * never overtakes its audit entry. Never rejects: a failing audit write is
   * logged, never thrown into the action it describes.
   */
  async record(profileId: string, action: AuditAction, summary: string, outcome: 'ok' | 'error'): Promise<void> {
    try {
      await this.options.sink.appendAudit({
        atMs: this.options.now(),
        osUser: this.osUser,
        profileId,
        action,
        summary: redactText(summary).slice(0, 500),
        outcome,
      });
    } catch (error) {
      this.options.log.error('audit: could not record an entry', { action, error });
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
