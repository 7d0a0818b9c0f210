import { describe, expect, it } from 'vitest';
import { userFieldProblem } from '../../../shared/user-fields';

describe('userFieldProblem: e-mail', () => {
  it.each(['ana.novak@example.com', 'a+b@sub.doe.io', ' ana@doe.io '])('accepts %j', (email) => {
    expect(userFieldProblem('email', email)).toBeUndefined();
  });

  it('refuses a trailing dot, saying so', () => {
    expect(userFieldProblem('email', 'ana@doe.io.')).toBe('An e-mail address does not end with a dot: remove the last one.');
  });

  it.each(['ana@doe..io', 'ana@.doe.io', 'ana@doe', 'ana doe@doe.io', 'ana@@doe.io'])('refuses %j', (email) => {
    expect(userFieldProblem('email', email)).toBe('Enter an e-mail address such as john@doe.io.');
  });
});
