// An audit entry refused because the team database is busy (another login holds
// the chain-head lock past the lock timeout) is asked again, a bounded number of
// times, instead of being dropped at the first refusal.
import { describe, expect, it } from 'vitest';
import { AUDIT_BUSY_ATTEMPTS, AuditRecorder } from '../../../main/services/audit/recorder';
import { TeamDbBusyError, TeamDbUnavailableError } from '../../../main/store/errors';
import type { AuditSink } from '../../../main/store/port';
import { captureLog } from '../../support/log-capture';

function sinkFailing(times: number, error: () => Error): { sink: AuditSink; written: unknown[]; calls: () => number } {
  const written: unknown[] = [];
  let calls = 0;
  const sink = {
    async appendAudit(entry: unknown) {
      calls += 1;
      if (calls <= times) throw error();
      written.push(entry);
    },
  } as unknown as AuditSink;
  return { sink, written, calls: () => calls };
}

describe('AuditRecorder on a busy team database', () => {
  it('asks again until the lock passes, and writes the entry once', async () => {
    const { sink, written, calls } = sinkFailing(2, () => new TeamDbBusyError('alice@db:5432/desk'));
    const logs = captureLog();
    const recorder = new AuditRecorder({ sink, now: () => 1, log: logs.logger, osUser: 'tester' });
    await recorder.record('p1', 'order.buy', 'Buy 10 EUR', 'ok');
    expect(calls()).toBe(3);
    expect(written).toHaveLength(1);
    expect(logs.lines.filter((l) => l.includes('could not record'))).toEqual([]);
  });

  it(`gives up after ${AUDIT_BUSY_ATTEMPTS} attempts and says so in the log`, async () => {
    const { sink, written, calls } = sinkFailing(100, () => new TeamDbBusyError('alice@db:5432/desk'));
    const logs = captureLog();
    const recorder = new AuditRecorder({ sink, now: () => 1, log: logs.logger, osUser: 'tester' });
    await recorder.record('p1', 'order.buy', 'Buy 10 EUR', 'ok');
    expect(calls()).toBe(AUDIT_BUSY_ATTEMPTS);
    expect(written).toEqual([]);
    expect(logs.lines.some((l) => l.includes('could not record'))).toBe(true);
  });

  it('does not ask again for a database that is away', async () => {
    const { sink, calls } = sinkFailing(100, () => new TeamDbUnavailableError('alice@db:5432/desk', 'ECONNREFUSED'));
    const logs = captureLog();
    await new AuditRecorder({ sink, now: () => 1, log: logs.logger, osUser: 'tester' }).record('p1', 'order.buy', 'Buy', 'ok');
    expect(calls()).toBe(1);
  });
});
