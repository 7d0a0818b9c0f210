// What the team database's errors become in the desk's terms (main/store/postgres/errors.ts),
// beyond the approval refusals (approval-errors.test.ts).
import { describe, expect, it } from 'vitest';
import { toTeamError } from '../../../main/store/postgres/errors';

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
