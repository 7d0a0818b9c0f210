// What the team database's errors become in the desk's terms (main/store/postgres/errors.ts),
// beyond the approval refusals (approval-errors.test.ts).
import { describe, expect, it } from 'vitest';
import { toDeskError } from '../../../main/errors';
import { TeamDbBusyError, TeamDbUnavailableError, toTeamError } from '../../../main/store/postgres/errors';

/** An error as pg hands it on: a message and a SQLSTATE. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('a server out of resources', () => {
  it("is the database being unavailable (nothing written, waiting helps), with the server's words beside the code", () => {
    const full = toTeamError(pgError('53300', 'sorry, too many clients already'), 'bob@db:5432/desk');
    expect(full).toMatchObject({
      kind: 'unavailable',
      code: '53300',
      message: 'The team database at bob@db:5432/desk cannot be reached (53300: sorry, too many clients already).',
    });
    expect(toTeamError(pgError('53100', 'could not extend file: No space left on device'), 't')).toMatchObject({
      kind: 'unavailable',
      code: '53100',
    });
    // A network code says enough on its own.
    expect(toTeamError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 't').message).toBe(
      'The team database at t cannot be reached (ECONNREFUSED).',
    );
  });
});

describe('a lock held past the lock timeout (55P03)', () => {
  it('is the database being busy: nothing written, try again, naming what was locked; not the database away', () => {
    const timedOut = Object.assign(pgError('55P03', 'canceling statement due to lock timeout'), {
      where: 'while locking tuple (0,1) in relation "audit_chain_head"\nPL/pgSQL function desk.audit_chain() line 7 at SQL statement',
    });
    const busy = toTeamError(timedOut, 'bob@db:5432/desk');
    expect(busy).toBeInstanceOf(TeamDbBusyError);
    expect(busy).not.toBeInstanceOf(TeamDbUnavailableError);
    expect(busy).toMatchObject({
      kind: 'busy',
      code: '55P03',
      message:
        'The team database at bob@db:5432/desk is busy: another session holds a lock this change needs (on relation "audit_chain_head"). ' +
        'Nothing was written; try again in a moment.',
    });
    // The bridge: the same words, as a kind the services count as passing by itself.
    expect(toDeskError(busy)).toEqual({ kind: 'timeout', message: busy.message });
  });

  it('says so without a relation when pg names none (a lock on a whole table)', () => {
    expect(toTeamError(pgError('55P03', 'canceling statement due to lock timeout'), 't').message).toBe(
      'The team database at t is busy: another session holds a lock this change needs. Nothing was written; try again in a moment.',
    );
  });
});
