import { describe, expect, it } from 'vitest';
import { toDeskError } from '../../../main/errors';
import { KriptomatError, KRIPTOMAT_ERROR_KINDS } from '../../../main/kriptomat/errors';
import { SESSION_ERROR_KINDS, SessionError } from '../../../main/session/errors';

describe('error kinds reach the renderer as their own kinds', () => {
  it('maps every kind the client can report, never to internal', () => {
    for (const kind of KRIPTOMAT_ERROR_KINDS) {
      const error = new KriptomatError({ kind, message: `a ${kind} failure`, endpoint: 'buy' });
      const desk = toDeskError(error);
      expect(desk.kind, kind).not.toBe('internal');
      expect(desk.message).toBe(`a ${kind} failure`);
    }
  });

  it('maps every kind the session can report, never to internal', () => {
    for (const kind of SESSION_ERROR_KINDS) expect(toDeskError(new SessionError(kind, 'no')).kind, kind).toBe(kind);
  });

  it('treats a kind nobody declared, or a prototype name, as our own bug', () => {
    for (const kind of ['mystery', 'constructor', 'toString', '__proto__']) {
      const forged = Object.assign(new Error('x'), { name: 'SessionError', kind });
      expect(toDeskError(forged).kind, kind).toBe('internal');
    }
  });
});
