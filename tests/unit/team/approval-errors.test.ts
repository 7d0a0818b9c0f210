import { describe, expect, it } from 'vitest';
import { APPROVAL_REFUSALS, TeamApprovalRefusedError, toTeamError } from '../../../main/store/postgres/errors';

/** An error as pg hands it on: a message and a SQLSTATE. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('approval refusals of the team database', () => {
  it('keeps the database message and says which rule refused', () => {
    const error = toTeamError(pgError('KA001', 'You proposed order 7 yourself: another operator must decide on it'), 'bob@db');
    expect(error).toBeInstanceOf(TeamApprovalRefusedError);
    expect(error).toMatchObject({
      kind: 'refused',
      refusal: 'own-proposal',
      code: 'KA001',
      message: 'You proposed order 7 yourself: another operator must decide on it',
    });
  });

  it('maps each KA code to its own refusal', () => {
    const refusals = Object.keys(APPROVAL_REFUSALS).map(
      (code) => (toTeamError(pgError(code, 'no'), 't') as TeamApprovalRefusedError).refusal,
    );
    expect(new Set(refusals).size).toBe(Object.keys(APPROVAL_REFUSALS).length);
  });

  it('leaves a login outside the approver roles to the permission kind, and unknown KA codes as invalid', () => {
    expect(toTeamError(pgError('42501', 'dave may not decide on proposals'), 't')).toMatchObject({ kind: 'permission' });
    expect(toTeamError(pgError('KA999', 'later'), 't')).toMatchObject({ kind: 'invalid' });
  });
});
