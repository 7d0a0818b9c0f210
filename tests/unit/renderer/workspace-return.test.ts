// When the renderer counts the team database as back (renderer/src/domain/workspace-return.ts).
import { describe, expect, it } from 'vitest';
import type { WorkspaceStatusView } from '../../../shared/desk-api';
import { isReturn } from '../../../renderer/src/domain/workspace-return';

const DB = 'olga@db.example.com:5432/kriptomat_desk';
const here: WorkspaceStatusView = { kind: 'team', operator: 'olga', connected: true, database: DB, problem: null };
const away: WorkspaceStatusView = { kind: 'team', operator: null, connected: false, database: DB, problem: null };
const refused: WorkspaceStatusView = {
  ...away,
  problem: {
    kind: 'login-refused',
    message: `The team database at ${DB} refused the login: password authentication failed for user "olga"`,
  },
};
const solo: WorkspaceStatusView = { kind: 'solo', operator: null, connected: true, database: null, problem: null };

/** How many returns a sequence of answers holds, as the workspace store counts them. */
function returns(answers: WorkspaceStatusView[]): number {
  let before: WorkspaceStatusView | null = null;
  let count = 0;
  for (const now of answers) {
    if (isReturn(before, now)) count += 1;
    before = now;
  }
  return count;
}

describe('the team database counted as back', () => {
  it('once per return: away or refused, then connected', () => {
    expect(returns([here, away, refused, here])).toBe(1);
    expect(returns([here, away, here, here, refused, here])).toBe(2);
  });

  it('not a poll that repeats what was known, not the first answer, never Solo', () => {
    expect(returns([here, here, here])).toBe(0);
    expect(returns([away, away])).toBe(0);
    expect(returns([solo, solo])).toBe(0);
    expect(isReturn(null, here)).toBe(false);
  });
});
